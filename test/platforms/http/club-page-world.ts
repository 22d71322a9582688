import { afterAll, beforeAll, expect } from 'vitest';
import { nextMeetingAt } from '../../../src/calendar/meeting-schedule.ts';
import { loadDefaultLists } from '../../../src/catalog/catalog-store.ts';
import { manualClock } from '../../../src/clock.ts';
import type { Where } from '../../../src/club/types.ts';
import type { Args, Reply } from '../../../src/commands/types.ts';
import { ClubCore, type UserRef } from '../../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../../src/logger.ts';
import { startCalendarFeed } from '../../../src/platforms/http/calendar-feed.ts';
import { openDb } from '../../../src/store/db.ts';

/**
 * A seeded club for the page's tests, built through the real core as members and admins would: three meetings held
 * in London (meeting 1 presented by a public member with slides and a recording, meeting 2 by a member who keeps their
 * progress private, meeting 3 by nobody), read marks and "I was there" marks, a meeting link, a hostile paper picked
 * for meeting 4 (the next one), the page on with the leaderboard. Served on 127.0.0.1 by the bot's own HTTP server.
 */
export const WHERE: Where = { platform: 'console', workspace: 'local', channel: 'club-1', channelName: 'ml-reading' };
export const ADMIN: UserRef = { userId: 'ada', displayName: 'Ada Admin', isPlatformAdmin: true };
/** Public: presents meeting 1, reads, attends; on the leaderboard. */
export const ALICE: UserRef = { userId: 'alice', displayName: 'Alice Publicreader' };
/** Private (`/progress private`): presents meeting 2, reads the most; never named on the page. */
export const BOB: UserRef = { userId: 'bob', displayName: 'Bob Hiddenname' };
export const CAROL: UserRef = { userId: 'carol', displayName: 'Carol Listener' };
export const PUBLIC = 'https://club.example.org/paperclub';
/** A title and one-liner that would run script if they reached the page as markup. */
export const HOSTILE_TITLE = `<script>window.pwned = 1</script> & "Attention" <img src=x onerror="window.pwned = 2">`;
export const HOSTILE_BLURB = `</p><script>window.pwned = 3</script> One <b>line</b> & more`;
/** Meeting 4's time: Wednesday 25 November 2026, 17:00 in London (UTC in winter). */
export const NEXT_AT = '2026-11-25T17:00:00.000Z';

const inMarkdown = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `hostile: false` leaves the list's own next paper on meeting 4 (for a picture of the page as clubs see it). */
export async function seededClub(opts: { hostile?: boolean } = {}) {
  const db = openDb(':memory:');
  await loadDefaultLists(db, 'config/lists.json');
  const clock = manualClock('2026-11-02T12:00:00Z');
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 0 }, calendarFeedUrl: PUBLIC });
  const run = async (user: UserRef, command: string, args: Args = {}): Promise<Reply> => {
    const reply = await core.execute({ where: WHERE, user, command, args });
    expect(reply.error ? `${command}: ${reply.text}` : 'ok').toBe('ok');
    return reply;
  };
  const club = async () => (await core.clubFor(WHERE))!;
  /** Posts the club's next meeting and moves the clock to its start. */
  const hold = async () => {
    const { id } = await club();
    const slot = nextMeetingAt(await club(), clock().getTime());
    expect(await core.beginPost(id, slot)).not.toBeNull();
    clock.set(slot);
    await core.completePost(id, slot, { channel: WHERE.channel, messageId: `post-${slot}` });
    return slot;
  };
  const attend = async (user: UserRef, slot: number) => {
    const r = await core.runAction({ where: WHERE, user, action: `attend:${(await club()).id}:${slot}` });
    expect(r.text).toMatch(/^Noted/);
  };
  const react = async (user: UserRef, slot: number) =>
    expect((await core.reaction({ platform: 'console', workspace: WHERE.workspace, channel: WHERE.channel, messageId: `post-${slot}`, user, emoji: '✅', added: true })).applied).toBe(true);

  await run(ADMIN, 'club setup', { list: 'latent-space', when: 'wed 17:00', timezone: 'Europe/London' });
  await run(ADMIN, 'club settings', { link: 'https://meet.example.com/paper-club' });
  await run(BOB, 'progress', { visibility: 'private' });
  await run(ALICE, 'signup', { week: '1' });
  await run(BOB, 'signup', { week: '2' });

  const m1 = await hold();
  await react(ALICE, m1);
  await react(BOB, m1);
  await react(CAROL, m1);
  await attend(ALICE, m1);
  await attend(CAROL, m1);
  await run(ALICE, 'paper links', { meeting: 1, url: 'https://slides.example.com/meeting-1.pdf' });
  await run(ADMIN, 'paper links', { meeting: 1, url: 'https://www.youtube.com/watch?v=meeting1', label: 'Recording' });
  clock.set(m1 + 2 * 3_600_000);

  const m2 = await hold();
  await react(BOB, m2);
  await react(ALICE, m2);
  await attend(BOB, m2);
  await attend(ALICE, m2);
  await attend(CAROL, m2);
  await run(BOB, 'paper links', { meeting: 2, url: 'https://github.com/example/meeting-2' });
  clock.set(m2 + 2 * 3_600_000);

  const m3 = await hold();
  await react(BOB, m3);
  await attend(BOB, m3);
  clock.set(m3 + 2 * 3_600_000);

  // The hostile paper comes from a list of the club's own, as an admin would import it, and is picked for meeting 4.
  if (opts.hostile !== false) {
    await run(ADMIN, 'club import', {
      file: { name: 'own.md', content: `# Our own list\n\n- [${inMarkdown(HOSTILE_TITLE)}](https://arxiv.org/abs/2402.09999) — ${inMarkdown(HOSTILE_BLURB)}\n` },
      slug: 'own',
    });
    await run(ADMIN, 'club pick', { paper: '2402.09999' });
  }
  await run(ALICE, 'signup', { week: '4' });

  const on = await run(ADMIN, 'club page', { mode: 'on', leaderboard: true });
  const server = await startCalendarFeed({ core, port: 0, host: '127.0.0.1', logger });
  /** The URL a reply names, as served here on 127.0.0.1. */
  const local = (text: string) => {
    const url = /https:\/\/club\.example\.org\/paperclub\/club\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    expect(url, text).toBeDefined();
    return url!.replace(PUBLIC, `http://127.0.0.1:${server.port}`);
  };
  return { db, clock, logger, core, run, club, server, local, pageUrl: local(on.text), slots: { m1, m2, m3 }, origin: `http://127.0.0.1:${server.port}` };
}

export type SeededClub = Awaited<ReturnType<typeof seededClub>>;

/** A seeded club for the tests of one describe block: built before them (handed to `use`), stopped after them. */
export function seededDuringBlock(use: (w: SeededClub) => void, opts: { hostile?: boolean } = {}): void {
  let w: SeededClub | undefined;
  beforeAll(async () => use((w = await seededClub(opts))));
  afterAll(async () => {
    await w?.server.stop();
    await w?.db.close();
  });
}
