/**
 * The club's web page in a real browser (Debian's Chromium through playwright-core): the seeded club of
 * club-page-world.ts served by the bot's own HTTP server on 127.0.0.1. What a visitor sees (next meeting, plan,
 * history with links, the chart), who is named and who is not, hostile text shown as text, no console errors and no
 * CSP violations, axe-core's verdict, the page without scripts and in another time zone, and the URL dying on
 * `off` and `rotate`. Screenshots at phone and desktop widths go to test-results/club-page/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, CAROL, HOSTILE_BLURB, HOSTILE_TITLE, NEXT_AT, seededClub, type SeededClub } from '../platforms/http/club-page-world.ts';
import { axeViolations, launchChromium, resultsDir, watchedPage } from './chromium.ts';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let w: SeededClub;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  w = await seededClub();
  // London, like the club: the page shows no second "your time" (a later test reads the page from New York).
  browser = await launchChromium({ viewport: PHONE, timezoneId: 'Europe/London', locale: 'en-GB' });
});

afterAll(async () => {
  await browser?.close();
  await w?.server.stop();
  await w?.db.close();
});

describe('GIVEN the seeded club\'s page in Chromium', () => {
  it('THEN it shows meeting 4 next (25 Nov, 17:00 London) with its paper, one-liner, presenter, join and calendar links', async () => {
    const { page } = await watchedPage(browser.context);
    expect((await page.goto(w.pageUrl))!.status()).toBe(200);
    const next = page.locator('#next');
    await expect.poll(() => next.locator('h2').textContent()).toBe('Next meeting');
    expect(await next.locator('h3').textContent()).toBe(`Meeting 4: ${HOSTILE_TITLE}`);
    expect(await next.locator('h3 a').getAttribute('href')).toBe('https://arxiv.org/abs/2402.09999');
    expect(await next.locator('time').getAttribute('datetime')).toBe(NEXT_AT);
    expect(await next.locator('time').textContent()).toBe('Wed 25 Nov 2026, 17:00 (Europe/London)');
    expect(await next.locator('.summary').textContent()).toBe(HOSTILE_BLURB);
    expect(await next.textContent()).toContain(`Presenting: ${ALICE.displayName}`);
    expect(await next.getByRole('link', { name: 'Join the meeting' }).getAttribute('href')).toBe('https://meet.example.com/paper-club');
    expect(await next.getByRole('link', { name: 'Add the club to your calendar' }).getAttribute('href')).toMatch(/^https:\/\/club\.example\.org\/paperclub\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    // One h1 (the club), landmarks, the language.
    expect(await page.locator('h1').allTextContents()).toEqual(['#ml-reading']);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('header, main, footer, nav').count()).toBe(4);
    await page.close();
  });

  it('THEN the history lists meetings 3, 2, 1 with readers, attendance and each meeting\'s links, and the plan ahead starts at meeting 5', async () => {
    const { page } = await watchedPage(browser.context);
    await page.goto(w.pageUrl);
    const held = page.locator('#history > ol > li');
    expect(await held.count()).toBe(3);
    const titles = await held.locator('h3').allTextContents();
    expect(titles.map((t) => t.split(':')[0])).toEqual(['Meeting 3', 'Meeting 2', 'Meeting 1']);
    const first = held.nth(2);
    expect(await first.textContent()).toContain('3 members read it');
    expect(await first.textContent()).toContain('2 members were there');
    expect(await first.getByRole('link', { name: 'Slides' }).getAttribute('href')).toBe('https://slides.example.com/meeting-1.pdf');
    expect(await first.getByRole('link', { name: 'Recording' }).getAttribute('href')).toBe('https://www.youtube.com/watch?v=meeting1');
    expect(await held.nth(1).getByRole('link', { name: 'Code' }).getAttribute('href')).toBe('https://github.com/example/meeting-2');
    expect(await held.nth(1).textContent()).toContain('3 members were there');
    expect(await page.locator('#plan li h3').first().textContent()).toMatch(/^Meeting 5: /);
    await page.close();
  });

  it('THEN the chart draws one bar per meeting in proportion to its readers, a line of attendance, and says the same in text', async () => {
    const { page } = await watchedPage(browser.context);
    await page.goto(w.pageUrl);
    const chart = page.locator('#chart svg');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').textContent()).toBe('Reading and attendance per meeting');
    expect(await chart.locator('desc').textContent()).toMatch(/^Meetings 1 to 3: on average 2 members read the paper and 2 were there/);
    const heights = await chart.locator('rect.bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
    expect(heights).toHaveLength(3);
    // Readers 3, 2, 1 (seeded): heights in that proportion.
    expect(heights[0]! / heights[2]!).toBeCloseTo(3, 5);
    expect(heights[1]! / heights[2]!).toBeCloseTo(2, 5);
    expect(await chart.locator('polyline.there').getAttribute('points')).toMatch(/^[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+$/);
    const rows = await page.locator('#chart table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['1', '3', '2'],
      ['2', '2', '3'],
      ['3', '1', '1'],
    ]);
    await page.close();
  });

  it('THEN the public member is named (history, leaderboard) and the private one nowhere, though they presented and read the most', async () => {
    const { page } = await watchedPage(browser.context);
    await page.goto(w.pageUrl);
    const html = await page.content();
    const text = (await page.locator('body').textContent())!;
    expect(text).toContain(ALICE.displayName);
    expect(text).toContain(CAROL.displayName);
    expect(await page.locator('#leaderboard li').allTextContents()).toEqual([`1. ${ALICE.displayName}2 papers`, `2. ${CAROL.displayName}1 paper`]);
    // Meeting 2 was Bob's: shown as presented by "a member".
    expect(await page.locator('#history > ol > li').nth(1).textContent()).toContain('Presented by a member');
    expect(html).not.toContain(BOB.displayName);
    expect(html).not.toContain('Hiddenname');
    // No platform ids either: members', the channel's.
    for (const id of [ALICE.userId, BOB.userId, CAROL.userId, ADMIN.userId, 'club-1']) expect(html).not.toMatch(new RegExp(`\\b${id}\\b`));
    await page.close();
  });

  it('THEN a hostile title and one-liner are text on the page: no script of theirs runs, no element of theirs exists', async () => {
    const { page } = await watchedPage(browser.context);
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(w.pageUrl);
    expect(await page.locator('#next h3 a').textContent()).toBe(HOSTILE_TITLE);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    // The one script element is the page's own.
    expect(await page.locator('script').evaluateAll((s) => s.map((x) => x.getAttribute('src')))).toEqual(['local-time.js']);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('THEN nothing goes wrong while it loads: no console error, no failed request, no CSP violation', async () => {
    const { page, watch } = await watchedPage(browser.context);
    await page.goto(w.pageUrl, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('#ml-reading');
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(await watch.violations()).toEqual([]);
    await page.close();
  });

  it('THEN an inline style or script added to it is refused by its policy, and the watch sees it (so the test above can fail)', async () => {
    const { page, watch } = await watchedPage(browser.context);
    await page.goto(w.pageUrl);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.pwned = 4';
      document.body.append(s);
      document.body.setAttribute('style', 'background: red');
    });
    await expect.poll(() => watch.violations()).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/), expect.stringMatching(/^style-src/)]));
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(watch.consoleErrors.some((e) => /Content Security Policy/.test(e))).toBe(true);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`THEN axe-core finds no serious or critical violation (${scheme} colours, phone and desktop widths)`, async () => {
      const { page } = await watchedPage(browser.context);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(w.pageUrl);
      // Folded sections open, so their contents are checked too.
      await page.locator('details').evaluateAll((ds) => ds.forEach((d) => d.setAttribute('open', '')));
      for (const size of [PHONE, DESKTOP]) {
        await page.setViewportSize(size);
        expect(await axeViolations(page), `${scheme} ${size.width}px`).toEqual([]);
      }
      await page.close();
    });
  }

  it('THEN it fits a 375 px phone without sideways scrolling, switches colours with the system, and is photographed at both widths', async () => {
    const { page } = await watchedPage(browser.context);
    const dir = resultsDir();
    await page.goto(w.pageUrl);
    for (const [name, size] of [
      ['phone-375', PHONE],
      ['desktop-1280', DESKTOP],
    ] as const) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    }
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(18, 20, 23)');
    await page.screenshot({ path: join(dir, 'desktop-1280-dark.png') });
    await page.close();
  });

  it('THEN with scripts off it reads the same (next meeting, history, chart), only without the reader\'s own time', async () => {
    const off = await launchChromium({ viewport: PHONE, javaScriptEnabled: false, timezoneId: 'America/New_York' });
    try {
      const page = await off.context.newPage();
      expect((await page.goto(w.pageUrl))!.status()).toBe(200);
      expect(await page.locator('#next time').textContent()).toBe('Wed 25 Nov 2026, 17:00 (Europe/London)');
      expect(await page.locator('#history > ol > li').count()).toBe(3);
      expect(await page.locator('#chart rect.bar').count()).toBe(3);
      expect(await page.locator('.local').count()).toBe(0);
    } finally {
      await off.close();
    }
  });

  it('THEN a reader in New York also sees each time ahead in their own clock (12:00 EST), from the page\'s own script', async () => {
    const ny = await launchChromium({ viewport: PHONE, timezoneId: 'America/New_York', locale: 'en-US' });
    try {
      const { page, watch } = await watchedPage(ny.context);
      await page.goto(w.pageUrl, { waitUntil: 'networkidle' });
      await expect.poll(() => page.locator('#next .local').textContent()).toMatch(/your time: Wed, Nov 25, 12:00 PM EST/);
      // The plan ahead too (one per dated meeting), never the history (held times stay as they were).
      expect(await page.locator('#plan .local').count()).toBe(await page.locator('#plan time').count());
      expect(await page.locator('#history .local').count()).toBe(0);
      expect(watch.consoleErrors).toEqual([]);
      expect(await watch.violations()).toEqual([]);
    } finally {
      await ny.close();
    }
  });
});

describe('GIVEN an admin rotates the page, then switches it off', () => {
  it('THEN each old URL answers 404 in the browser, with nothing that tells a club was there, and the new one works until off', async () => {
    const { page } = await watchedPage(browser.context);
    const first = w.pageUrl;
    expect((await page.goto(first))!.status()).toBe(200);
    const rotated = w.local((await w.run(ADMIN, 'club page', { mode: 'rotate' })).text);
    expect(rotated).not.toBe(first);
    const gone = await page.goto(first);
    expect(gone!.status()).toBe(404);
    expect(await page.locator('body').textContent()).toBe('Not found\n');
    // The same answer as for a token that never existed.
    const never = await page.goto(`${w.origin}/club/${'A'.repeat(43)}`);
    expect([never!.status(), await page.locator('body').textContent()]).toEqual([404, 'Not found\n']);
    expect((await page.goto(rotated))!.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('#ml-reading');
    await w.run(ADMIN, 'club page', { mode: 'off' });
    expect((await page.goto(rotated))!.status()).toBe(404);
    expect(await page.locator('body').textContent()).toBe('Not found\n');
    await page.close();
  });
});
