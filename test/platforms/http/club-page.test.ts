/**
 * The club page over real HTTP on 127.0.0.1 (issue 28): `/club page on|off|rotate` and what the server answers —
 * security headers (checked here without a browser), ETag and 304, HEAD, the page's script and icon, the same 404 for
 * every unknown, old or switched-off token — and the links from `/paper now` and the weekly post.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { ClubCore } from '../../../src/dispatch/club-core.ts';
import { renderWeeklyPost as renderDiscordPost } from '../../../src/platforms/discord/weekly-post.ts';
import { renderSlackPost } from '../../../src/platforms/slack/weekly-post.ts';
import { nextMeetingAt } from '../../../src/calendar/meeting-schedule.ts';
import { rowsOf } from '../../helpers/sql.ts';
import { ADMIN, ALICE, CAROL, PUBLIC, WHERE, seededClub, seededDuringBlock, type SeededClub } from './club-page-world.ts';

const PAGE_URL = /^https:\/\/club\.example\.org\/paperclub\/club\/[A-Za-z0-9_-]{43}$/;
const urlIn = (text: string) => /https:\/\/\S+\/club\/[A-Za-z0-9_-]{43}/.exec(text)?.[0] ?? '';

describe('GIVEN the seeded club with its page on (served on 127.0.0.1)', () => {
  let w: SeededClub;
  seededDuringBlock((x) => (w = x));

  it('THEN /club page on answers privately with the URL under PAPERCLUB_PUBLIC_URL, the same URL when asked again', async () => {
    const again = await w.run(ADMIN, 'club page', { mode: 'on' });
    expect(again.private).toBe(true);
    expect(urlIn(again.text)).toMatch(PAGE_URL);
    expect(w.local(again.text)).toBe(w.pageUrl);
    const member = await w.core.execute({ where: WHERE, user: ALICE, command: 'club page', args: { mode: 'on' } });
    expect([member.error, member.text]).toEqual([true, '/club page is for club admins (Manage Server on Discord, workspace admins on Slack).']);
  });

  it('THEN a GET is 200 HTML with a policy that allows no inline script, the inline stylesheet by its own hash, no referrer, no indexing, no framing', async () => {
    const res = await fetch(w.pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    // The hash of the stylesheet the page carries, computed here from the body (not taken from the code).
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; script-src 'self'; style-src 'sha256-${hash}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    // One stylesheet, one script (by src), no style or event attributes anywhere.
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="local-time.js" defer>']);
    // (Inside tags: a person's `onerror=` is text, its `<` escaped, so every `<` left opens a tag of ours.)
    expect(html).not.toMatch(/<[^>]*\s(style|on[a-z]+)=/i);
    expect(html).toContain('onerror=&quot;window.pwned = 2&quot;&gt;');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<time datetime="2026-11-25T17:00:00.000Z" data-zone="Europe/London">Wed 25 Nov 2026, 17:00 (Europe/London)</time>');
  });

  it('THEN the ETag comes back as 304, HEAD has the headers without a body, and a new read mark changes the ETag', async () => {
    const first = await fetch(w.pageUrl);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const body = await first.text();
    const cached = await fetch(w.pageUrl, { headers: { 'If-None-Match': etag } });
    expect([cached.status, await cached.text()]).toEqual([304, '']);
    const head = await fetch(w.pageUrl, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, String(Buffer.byteLength(body)), '']);
    expect(head.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    await w.run(CAROL, 'read', { paper: '2402.09999' });
    const changed = await fetch(w.pageUrl, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('1 member has read it so far.');
  });

  it('THEN its script and icon are served beside it, and other methods get 405', async () => {
    const js = await fetch(`${w.origin}/club/local-time.js`);
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(await js.text()).toContain("querySelectorAll('time[data-zone]')");
    const icon = await fetch(`${w.origin}/club/favicon.svg`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    const post = await fetch(w.pageUrl, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('THEN an unknown token, a malformed one and other paths all get the same 404, with the same headers', async () => {
    const token = w.pageUrl.split('/').at(-1)!;
    const answers = await Promise.all(
      [`/club/${'A'.repeat(43)}`, `/club/${token.slice(0, 42)}`, `/club/${token}/`, `/club/${token}x`, '/club/', '/club', `/${token}`, '/favicon.ico'].map(async (path) => {
        const res = await fetch(`${w.origin}${path}`);
        return { path, status: res.status, type: res.headers.get('content-type'), referrer: res.headers.get('referrer-policy'), body: await res.text() };
      }),
    );
    for (const a of answers) expect(a, a.path).toEqual({ path: a.path, status: 404, type: 'text/plain; charset=utf-8', referrer: 'no-referrer', body: 'Not found\n' });
  });

  it('THEN /paper now and the weekly post link the page (Discord, Slack, playground text alike)', async () => {
    expect((await w.run(ALICE, 'paper now')).text).toContain(`Club page (schedule, history, reading list): ${urlIn((await w.run(ADMIN, 'club page', { mode: 'on' })).text)}`);
    const club = await w.club();
    const slot = nextMeetingAt(club, w.clock().getTime());
    const post = (await w.core.beginPost(club.id, slot))!.post;
    expect(post.pageUrl).toMatch(PAGE_URL);
    const discord = renderDiscordPost(post).embeds![0] as { fields?: unknown[] };
    expect(discord.fields).toContainEqual({ name: 'Club page', value: `[Schedule, history and reading list](${post.pageUrl})` });
    expect(JSON.stringify(renderSlackPost(post).blocks)).toContain(`Club page: <${post.pageUrl}|schedule, history and reading list>`);
    await w.core.withdrawPosts([{ clubId: club.id, slotAt: slot }]);
  });
});

describe('GIVEN an admin who switches the page', () => {
  let w: SeededClub;
  seededDuringBlock((x) => (w = x));

  it('THEN on without leaderboard:yes shows no leaderboard; the names of the history stay', async () => {
    const r = await w.run(ADMIN, 'club page', { mode: 'on', leaderboard: false });
    expect(r.text).toContain('The leaderboard is not shown');
    const html = await (await fetch(w.pageUrl)).text();
    expect(html).not.toContain('id="leaderboard"');
    expect(html).toContain('Presented by Alice Publicreader');
    await w.run(ADMIN, 'club page', { mode: 'on', leaderboard: true });
    expect(await (await fetch(w.pageUrl)).text()).toContain('<section id="leaderboard"');
  });

  it('THEN leaderboard goes with on only, rotate needs a page, and a second off says so', async () => {
    const misuse = await w.core.execute({ where: WHERE, user: ADMIN, command: 'club page', args: { mode: 'rotate', leaderboard: true } });
    expect([misuse.error, misuse.text]).toEqual([true, 'leaderboard goes with on: /club page on leaderboard:yes (or leaderboard:no).']);
    expect((await fetch(w.pageUrl)).status).toBe(200);
    expect((await w.run(ADMIN, 'club page', { mode: 'off' })).text).toMatch(/is off: its link no longer opens anything/);
    expect((await fetch(w.pageUrl)).status).toBe(404);
    expect((await w.run(ADMIN, 'club page', { mode: 'off' })).text).toBe('The club page is already off.');
    const rotate = await w.core.execute({ where: WHERE, user: ADMIN, command: 'club page', args: { mode: 'rotate' } });
    expect([rotate.error, rotate.text]).toEqual([true, 'The club page is off: /club page on makes its link.']);
    // Off: neither /paper now nor the weekly post links a page.
    expect((await w.run(ALICE, 'paper now')).text).not.toContain('Club page');
    const club = await w.club();
    const slot = nextMeetingAt(club, w.clock().getTime());
    expect((await w.core.beginPost(club.id, slot))!.post.pageUrl).toBeUndefined();
    await w.core.withdrawPosts([{ clubId: club.id, slotAt: slot }]);
    // On again: a new URL; the old one stays dead.
    const again = w.local((await w.run(ADMIN, 'club page', { mode: 'on' })).text);
    expect(again).not.toBe(w.pageUrl);
    expect([(await fetch(again)).status, (await fetch(w.pageUrl)).status]).toEqual([200, 404]);
  });

  it('THEN /club remove takes the page with the club', async () => {
    const url = w.local((await w.run(ADMIN, 'club page', { mode: 'on' })).text);
    expect((await fetch(url)).status).toBe(200);
    await w.run(ADMIN, 'club remove', { confirm: 'yes' });
    expect((await fetch(url)).status).toBe(404);
  });
});

describe('GIVEN a bot that serves no HTTP', () => {
  it('THEN /club page says how the operator turns pages on, and the stored page is left as it was', async () => {
    const w = await seededClub();
    const stored = () => rowsOf(w.db, 'SELECT token, leaderboard FROM club_pages');
    const before = await stored();
    expect(before).toHaveLength(1);
    const plainCore = new ClubCore({ db: w.db, clock: w.clock, logger: w.logger });
    const r = await plainCore.execute({ where: WHERE, user: ADMIN, command: 'club page', args: { mode: 'on' } });
    expect(r.error).toBe(true);
    expect(r.text).toContain('PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL');
    expect((await plainCore.execute({ where: WHERE, user: ADMIN, command: 'club page', args: { mode: 'off' } })).error).toBe(true);
    expect(await stored()).toEqual(before);
    await w.server.stop();
    await w.db.close();
  });

  it('THEN the playground alone may set only PAPERCLUB_HTTP_PORT: pages are served on 127.0.0.1 at that port', () => {
    const cfg = loadConfig({ PAPERCLUB_HTTP_PORT: '8089' });
    expect([cfg.PAPERCLUB_PUBLIC_URL, cfg.httpHost]).toEqual(['http://127.0.0.1:8089', '127.0.0.1']);
    expect(loadConfig({ PAPERCLUB_HTTP_PORT: '8089', PAPERCLUB_PUBLIC_URL: PUBLIC }).httpHost).toBeUndefined();
  });
});
