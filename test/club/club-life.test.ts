import { describe, expect, it } from 'vitest';
import { clubCalendar } from '../../src/club/calendar-events.ts';
import { exportClub } from '../../src/commands/club/export-markdown.ts';
import { guessLinkKind, kindAndLabel, MAX_LINKS_PER_MEETING } from '../../src/club/meeting-links.ts';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { ADMIN, ALICE, BOB, clubFixture, WHERE } from '../helpers/club-fixture.ts';
import { clubBot, HOUR, RUN_MODES, WED, WEEK } from '../scheduler/harness.ts';
import { rowOf } from '../helpers/sql.ts';

const CAROL: UserRef = { userId: 'carol', displayName: 'Carol' };

/** A club whose first meeting (Wed 4 Nov 2026, 17:00 UTC) is posted with Bob presenting; the clock is at its start. */
async function heldMeeting() {
  const f = await clubFixture();
  await f.setup();
  expect((await f.run(BOB, 'signup')).error).toBeFalsy();
  const posted = await f.post();
  const club = (await f.core.clubFor(WHERE))!;
  const click = (user: UserRef, action: string) => f.core.runAction({ where: WHERE, user, action });
  return { ...f, posted, club, slot: posted.meeting.slotAt, click };
}

describe('meeting links: who adds them, what they look like', () => {
  it('GIVEN meeting 1 presented by Bob THEN Bob and an admin add links; Alice, who did not present, is refused and nothing is stored', async () => {
    const f = await heldMeeting();
    const refused = await f.run(ALICE, 'paper links', { meeting: 1, url: 'https://example.org/deck.pdf' });
    expect(refused).toMatchObject({ error: true });
    expect(refused.text).toContain("Only meeting 1's presenters or a club admin");
    const bob = await f.run(BOB, 'paper links', { meeting: 1, url: 'https://example.org/deck.pdf' });
    expect(bob).toMatchObject({ private: true });
    expect(bob.error).toBeFalsy();
    expect(bob.text).toContain('Added Slides to meeting 1');
    expect(bob).not.toHaveProperty('announce'); // the dispatcher sends it and strips it
    const admin = await f.run(ADMIN, 'paper links', { meeting: 1, url: 'https://www.youtube.com/watch?v=abc', label: 'recording' });
    expect(admin.error).toBeFalsy();
    const list = await f.run(ALICE, 'paper links', { meeting: 1 });
    expect(list.text).toContain('[Slides](https://example.org/deck.pdf) · [Recording](https://www.youtube.com/watch?v=abc)');
  });

  it('GIVEN bad input THEN it is refused with a short reason: not http(s), a meeting not announced, a link twice, more than the limit', async () => {
    const f = await heldMeeting();
    expect((await f.run(BOB, 'paper links', { meeting: 1, url: 'javascript:alert(1)' })).text).toContain('https://');
    expect((await f.run(BOB, 'paper links', { meeting: 1, url: 'ftp://example.org/x' })).text).toContain('https://');
    expect((await f.run(BOB, 'paper links', { meeting: 7, url: 'https://example.org' })).text).toContain('There is no meeting 7 yet: the latest is meeting 1');
    await f.run(BOB, 'paper links', { meeting: 1, url: 'https://example.org/0' });
    expect((await f.run(BOB, 'paper links', { meeting: 1, url: 'https://example.org/0' })).text).toContain('has that link already');
    for (let i = 1; i < MAX_LINKS_PER_MEETING; i++) expect((await f.run(BOB, 'paper links', { meeting: 1, url: `https://example.org/${i}` })).error).toBeFalsy();
    const over = await f.run(BOB, 'paper links', { meeting: 1, url: 'https://example.org/one-more' });
    expect(over.text).toContain(`has ${MAX_LINKS_PER_MEETING} links already`);
    const count = await rowOf(f.db, 'SELECT count(*) AS n FROM meeting_links') as { n: number };
    expect(count.n).toBe(MAX_LINKS_PER_MEETING);
  });

  it('GIVEN no label THEN the kind is guessed from the link; a kind word sets it; other words are the label, stripped of markup', () => {
    expect(guessLinkKind('https://youtu.be/x')).toBe('recording');
    expect(guessLinkKind('https://us02web.zoom.us/rec/share/abc')).toBe('recording');
    expect(guessLinkKind('https://docs.google.com/presentation/d/1')).toBe('slides');
    expect(guessLinkKind('https://example.org/talk.PDF')).toBe('slides');
    expect(guessLinkKind('https://github.com/org/repo')).toBe('code');
    expect(guessLinkKind('https://colab.research.google.com/drive/1')).toBe('code');
    expect(guessLinkKind('https://hackmd.io/@me/notes')).toBe('summary');
    expect(guessLinkKind('https://example.org/')).toBe('link');
    expect(kindAndLabel('https://example.org/', 'Code')).toEqual({ kind: 'code', label: 'Code' });
    expect(kindAndLabel('https://youtu.be/x', '@everyone [my](talk)')).toEqual({ kind: 'recording', label: 'everyone mytalk' });
  });

  it('GIVEN links on meeting 1 THEN /paper history, /paper show and the export show them', async () => {
    const f = await heldMeeting();
    await f.run(BOB, 'paper links', { meeting: 1, url: 'https://github.com/org/repo' });
    const history = await f.run(ALICE, 'paper history');
    expect(history.text).toContain('[Code](https://github.com/org/repo)');
    const paperKey = f.posted.post.paperKey;
    const show = await f.run(ALICE, 'paper show', { paper: paperKey });
    expect(show.fields?.find((x) => x.name === 'From meeting 1')?.value).toBe('[Code](https://github.com/org/repo)');
    expect(await exportClub(f.db, f.club)).toContain('Links: [Code](https://github.com/org/repo)');
  });

  it('GIVEN a link added to an announced meeting still ahead THEN the calendar file carries it in the DESCRIPTION', async () => {
    const f = await clubFixture('2026-11-02T12:00:00Z', { announceLeadMinutes: 6 * 24 * 60 });
    await f.setup();
    await f.run(BOB, 'signup');
    const club = (await f.core.clubFor(WHERE))!;
    const begun = (await f.core.beginPost(club.id, Date.parse('2026-11-04T17:00:00Z')))!;
    await f.core.completePost(club.id, begun.meeting.slotAt, { channel: WHERE.channel, messageId: 'm1' });
    expect((await f.run(BOB, 'paper links', { meeting: 1, url: 'https://example.org/slides.pdf' })).error).toBeFalsy();
    const ics = await clubCalendar(f.db, (await f.core.clubFor(WHERE))!, f.clock().getTime(), 3_600_000);
    expect(ics.replace(/\r\n /g, '')).toContain('Slides: https://example.org/slides.pdf');
  });
});

describe('meeting links in the calendar file', () => {
  it('GIVEN a link added after the meeting THEN the calendar file carries that held meeting with the link, as a newer version (SEQUENCE)', async () => {
    const f = await heldMeeting();
    f.clock.set(f.slot + 2 * 3_600_000);
    const before = (await clubCalendar(f.db, f.club, f.clock().getTime(), 3_600_000)).replace(/\r\n /g, '');
    expect(before).not.toContain('meeting 1:');
    await f.run(BOB, 'paper links', { meeting: 1, url: 'https://youtu.be/rec' });
    const after = (await clubCalendar(f.db, f.club, f.clock().getTime(), 3_600_000)).replace(/\r\n /g, '');
    const event = after.split('BEGIN:VEVENT').find((e) => e.includes('meeting 1:'))!;
    expect(event).toContain('Recording: https://youtu.be/rec');
    expect(event).toContain('SEQUENCE:1');
  });
});

describe('attendance: anyone, once, after the start', () => {
  it('GIVEN a meeting not started THEN "I was there" is refused; once started anyone marks it once, a second press takes it back, /progress counts it', async () => {
    const f = await clubFixture('2026-11-02T12:00:00Z', { announceLeadMinutes: 6 * 24 * 60 });
    await f.setup();
    const club = (await f.core.clubFor(WHERE))!;
    const slot = Date.parse('2026-11-04T17:00:00Z');
    await f.core.beginPost(club.id, slot);
    await f.core.completePost(club.id, slot, { channel: WHERE.channel, messageId: 'm1' });
    const action = `attend:${club.id}:${slot}`;
    const early = await f.core.runAction({ where: WHERE, user: ALICE, action });
    expect(early).toMatchObject({ error: true });
    expect(early.text).toContain('has not started yet');
    f.clock.set(slot + 5 * 60_000);
    expect((await f.core.runAction({ where: WHERE, user: ALICE, action })).text).toContain('you were at meeting 1');
    // A second press takes it back (a press by mistake); a third marks it again.
    expect((await f.core.runAction({ where: WHERE, user: ALICE, action })).text).toContain('Taken back: you are no longer marked as at meeting 1');
    expect((await f.run(ALICE, 'progress')).text).not.toContain('were at');
    expect((await f.core.runAction({ where: WHERE, user: ALICE, action })).text).toContain('you were at meeting 1');
    expect((await f.core.runAction({ where: WHERE, user: CAROL, action })).error).toBeFalsy();
    expect((await f.run(ALICE, 'progress')).text).toContain('You were at 1 meeting.');
    expect((await f.run(BOB, 'progress')).text).not.toContain('were at');
    const rows = await rowOf(f.db, 'SELECT count(*) AS n FROM attendance') as { n: number };
    expect(rows.n).toBe(2);
  });

  it('GIVEN a private member who was there THEN history counts them and never names them', async () => {
    const f = await heldMeeting();
    await f.run(CAROL, 'progress', { visibility: 'private' });
    await f.click(CAROL, `attend:${f.club.id}:${f.slot}`);
    const history = await f.run(ALICE, 'paper history');
    expect(history.text).toContain('1 there');
    expect(history.text).not.toContain('Carol');
  });

  it('GIVEN a wrap-up button crafted for another channel\'s club THEN it is refused and nothing is recorded', async () => {
    const f = await heldMeeting();
    const elsewhere = { ...WHERE, channel: 'other' };
    const r = await f.core.runAction({ where: elsewhere, user: ALICE, action: `attend:${f.club.id}:${f.slot}` });
    expect(r).toMatchObject({ error: true });
    expect((await rowOf(f.db, 'SELECT count(*) AS n FROM attendance') as { n: number }).n).toBe(0);
  });

  it('GIVEN "Add slides / recording" THEN the presenter gets a form for /paper links with the meeting filled in; a member gets a private refusal', async () => {
    const f = await heldMeeting();
    const form = await f.click(BOB, `links:${f.club.id}:${f.slot}`);
    expect(form.form).toMatchObject({ command: 'paper links', args: { meeting: 1 }, fields: [{ name: 'url', required: true }, { name: 'label', required: false }] });
    const no = await f.click(ALICE, `links:${f.club.id}:${f.slot}`);
    expect(no).toMatchObject({ error: true, private: true });
    expect(no.form).toBeUndefined();
  });

  it.each(RUN_MODES)('GIVEN a club that announces ahead ($how) THEN the first run after the meeting starts edits the post to the wrap-up buttons, once', async ({ scanFrom }) => {
    const h = await clubBot({ scanFrom });
    try {
      expect((await h.admin('club settings', { announce_days: 6 })).error).toBeFalsy();
      await h.at(WED - 50 * HOUR); // the post is due (announced ahead)
      expect(h.world.posts.map((p) => p.post.buttons.map((b) => b.label))).toEqual([['Sign up to present', 'Mark read']]);
      await h.at(WED - 47 * HOUR); // reminders
      await h.at(WED - 60_000);
      expect(h.world.edits).toEqual([]);
      await h.at(WED + 60_000);
      expect(h.world.edits.map((e) => e.post.buttons.map((b) => b.label))).toEqual([['Mark read', 'I was there', 'Add slides / recording']]);
      await h.at(WED + 10 * 60_000);
      expect(h.world.edits).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it.each(RUN_MODES)('GIVEN a club that posts at the meeting time ($how) THEN its post already carries the wrap-up buttons and is never edited for them; a skipped date edits nothing', async ({ scanFrom }) => {
    const h = await clubBot({ scanFrom });
    try {
      await h.at(WED + 60_000);
      expect(h.world.posts).toHaveLength(1);
      expect(h.world.posts[0]!.post.buttons.map((b) => b.label)).toEqual(['Mark read', 'I was there', 'Add slides / recording']);
      await h.at(WED + 2 * HOUR);
      await h.at(WED + 20 * HOUR);
      expect(h.world.edits).toEqual([]);
      await h.admin('club skip');
      await h.at(WED + WEEK + 60_000);
      expect(h.world.edits).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
