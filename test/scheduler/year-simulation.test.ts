import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.ts';
import { nextSlots } from '../../src/calendar/cron-slots.ts';
import { DEFAULT_CLUB } from '../../src/club/admin-actions.ts';
import { RUN_MODES } from './harness.ts';
import { ADMIN, bootProcess, rng, tempDb, type BotProcess } from './helpers.ts';
import { MemoryPlatform, type FaultMode } from './memory-platform.ts';
import { rowsOf } from '../helpers/sql.ts';
import { meetingsHeld } from '../../src/store/meetings.ts';

const H = 3_600_000;
const START = Date.parse('2025-12-31T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');
const SEED = Number(process.env.SCHEDULER_SEED ?? 20_260_101);

const CLUBS = [
  { channel: 'new-york', cron: '0 17 * * 3', timezone: 'America/New_York', local: 'Wed 17:00' },
  { channel: 'london', cron: '0 17 * * 3', timezone: 'Europe/London', local: 'Wed 17:00' },
  { channel: 'kolkata', cron: '0 17 * * 3', timezone: 'Asia/Kolkata', local: 'Wed 17:00' },
  { channel: 'utc', cron: '0 17 * * 3', timezone: 'UTC', local: 'Wed 17:00' },
  // 01:30 happens twice on the night New York falls back (Sun 1 Nov 2026): still one meeting.
  { channel: 'new-york-night', cron: '30 1 * * 0', timezone: 'America/New_York', local: 'Sun 01:30' },
];
const MEMBERS = ['alice', 'bob', 'carol'].map((id) => ({ userId: id, displayName: id }));

const localWallClock = (ms: number, tz: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.weekday} ${p.hour}:${p.minute}`;
};
const localDay = (ms: number, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(ms));
/** Weekdays of a kind in [from, to) counted from calendar days, independently of node-cron. */
const countWeekdays = (fromDay: string, toDay: string, weekday: number) => {
  let n = 0;
  for (let d = Date.parse(`${fromDay}T00:00:00Z`); d < Date.parse(`${toDay}T00:00:00Z`); d += 24 * H) if (new Date(d).getUTCDay() === weekday) n++;
  return n;
};

const LEAD = DEFAULT_CLUB.announceLeadMinutes * 60_000; // production default: the post goes out 6 days ahead

// Both ways a run finds its work: club by club (a job for a few clubs) and one scan of all clubs with announcements
// recorded in groups (a sweep, or many jobs firing at once): the same year must come out of both.
describe.each(RUN_MODES)('GIVEN five clubs in four time zones that announce ahead, run for a year with random restarts and crashes, $how', async ({ scanFrom }) => {
  const tmp = await tempDb();
  tmp.db.close();
  afterAll(() => tmp.cleanup());

  it('THEN every meeting is announced exactly once, ahead of its local time, in list order, reminders once each', async () => {
    const rand = rng(SEED);
    const clock = manualClock(START);
    const world = new MemoryPlatform();
    const stats = { restarts: 0, crashes: 0, faults: { transient: 0, 'crash-before': 0, 'crash-after': 0 } as Record<FaultMode, number>, runs: 0, recovered: 0 };
    const allLogs: Array<Record<string, unknown>> = [];
    let bot: BotProcess = await bootProcess(tmp.path, clock, world, { scanFrom }, {});
    const restart = async (crashed: boolean) => {
      allLogs.push(...bot.logger.lines);
      if (!crashed) await bot.scheduler.stop(); // a crash just drops the process: no clean stop
      await bot.db.close();
      bot = await bootProcess(tmp.path, clock, world, { scanFrom }, {});
      stats.recovered += bot.startReport.posted.filter((p) => p.recovered).length;
      stats.restarts++;
    };

    const clubIds: number[] = [];
    for (const c of CLUBS) {
      const reply = await bot.run(ADMIN, 'club setup', { list: 'year-list', when: c.cron, timezone: c.timezone }, c.channel);
      expect(reply.text).toContain('Paper club started');
      clubIds.push((await bot.core.clubFor({ platform: 'console', workspace: 'local', channel: c.channel }))!.id);
    }

    // Step to where things happen (reminder window, around each slot, after the meeting) plus random moments.
    // Every meeting whose announcement falls in the year (the first week of 2027's is announced in December).
    const expectedSlots = CLUBS.map((c) => nextSlots(c.cron, c.timezone, START, 60).filter((t) => t - LEAD <= END));
    const times = new Set<number>();
    for (const slots of expectedSlots) {
      for (const s of slots) {
        times.add(s - LEAD + Math.floor(rand() * 2 * H)); // around the announcement
        times.add(s - 48 * H + Math.floor(rand() * 20 * H));
        times.add(s - Math.floor(rand() * 2 * H));
        times.add(s + Math.floor(rand() * 3 * H));
        times.add(s + H + Math.floor(rand() * 20 * H));
      }
    }
    for (let i = 0; i < 300; i++) times.add(START + Math.floor(rand() * (END - START)));
    times.add(END);

    for (const t of [...times].filter((x) => x <= END).sort((a, b) => a - b)) {
      clock.set(t);
      if (rand() < 0.1) await restart(false);
      if (rand() < 0.08) {
        const c = CLUBS[Math.floor(rand() * CLUBS.length)]!;
        await bot.run(MEMBERS[Math.floor(rand() * MEMBERS.length)]!, 'signup', {}, c.channel);
      }
      const r = rand();
      const mode: FaultMode | null = r < 0.06 ? 'crash-before' : r < 0.12 ? 'crash-after' : r < 0.2 ? 'transient' : null;
      if (mode) {
        stats.faults[mode]++;
        const method = mode === 'transient' ? (['postMeeting', 'findPost', 'remindPresenter', 'notifyClub'] as const)[Math.floor(rand() * 4)]! : 'postMeeting';
        bot.delivery.fail(method, mode);
      }
      await bot.scheduler.runDue();
      stats.runs++;
      if (bot.delivery.dead) {
        stats.crashes++;
        clock.set(t + Math.floor(rand() * 30 * 60_000)); // the process comes back within half an hour
        await restart(true);
      }
    }
    allLogs.push(...bot.logger.lines);

    // Exercised what it claims to exercise.
    expect(stats.crashes).toBeGreaterThan(10);
    expect(stats.recovered).toBeGreaterThan(3); // crash-after: found on the platform, not re-sent
    expect(stats.restarts).toBeGreaterThan(100);

    for (const [i, c] of CLUBS.entries()) {
      const clubId = clubIds[i]!;
      const posts = world.postsOf(clubId);
      const slots = expectedSlots[i]!;
      // Exactly one post per slot: unique keys, one per expected slot.
      expect(new Set(posts.map((p) => p.key)).size).toBe(posts.length);
      expect(posts.map((p) => new Date(p.post.meetingAt.getTime()).toISOString()).slice(-3), c.channel).toEqual(slots.map((t) => new Date(t).toISOString()).slice(-3));
      expect(posts.map((p) => p.post.meetingAt.getTime())).toEqual(slots);
      // Independent of node-cron: the right local wall-clock time, one per calendar week of the year.
      for (const p of posts) expect(localWallClock(p.post.meetingAt.getTime(), c.timezone)).toBe(c.local);
      const weekday = c.local.startsWith('Wed') ? 3 : 0;
      expect(posts.filter((p) => p.post.meetingAt.getTime() < END).length).toBe(countWeekdays(localDay(START, c.timezone), localDay(END, c.timezone), weekday));
      // Announced ahead: not before its announce time (the first one, due before the club existed, comes at once),
      // always before the meeting starts (none missed).
      posts.forEach((p, k) => {
        const meeting = p.post.meetingAt.getTime();
        if (k > 0) expect(p.at).toBeGreaterThanOrEqual(meeting - LEAD);
        expect(p.at).toBeLessThan(meeting);
      });
      // Meetings are numbered 1, 2, 3 … and take the list in order.
      expect(posts.map((p) => p.post.number)).toEqual(posts.map((_, k) => k + 1));
      expect(posts.map((p) => p.post.title)).toEqual(posts.map((_, k) => `Paper ${k + 1}: A Study of Thing ${k + 1}`));
      expect(await meetingsHeld(bot.db, clubId)).toBe(posts.length);
      const statuses = await rowsOf(bot.db, 'SELECT status, count(*) AS n FROM meetings WHERE club_id = ? GROUP BY status', clubId);
      expect(statuses.filter((s: any) => s.status !== 'done' && s.status !== 'posted')).toEqual([]);
      // Reminders: every meeting had one (presenter DM or call for a presenter); none sent twice.
      const reminded = [
        ...world.dms.filter((d) => d.clubId === clubId).map((d) => `dm:${d.userId}:${/meeting (\d+)/.exec(d.text)![1]}`),
        ...world.notices.filter((n) => n.clubId === clubId).map((n) => `call:${/meeting (\d+)/.exec(n.text)![1]}`),
      ];
      expect(new Set(reminded).size).toBe(reminded.length);
      const weeksReminded = new Set(reminded.map((k) => k.split(':').at(-1)));
      // Every meeting of the year got its reminder (those of 2027 are announced but not yet in their reminder window).
      expect(weeksReminded.size).toBe(posts.filter((p) => p.post.meetingAt.getTime() < END).length);
    }

    // DST: New York and London weeks of 167 h and 169 h; Kolkata and UTC always 168 h.
    const gaps = (i: number) => new Set(world.postsOf(clubIds[i]!).slice(1).map((p, k) => (p.post.meetingAt.getTime() - world.postsOf(clubIds[i]!)[k]!.post.meetingAt.getTime()) / H));
    expect(gaps(0)).toEqual(new Set([167, 168, 169]));
    expect(gaps(1)).toEqual(new Set([167, 168, 169]));
    expect(gaps(2)).toEqual(new Set([168]));
    expect(gaps(3)).toEqual(new Set([168]));
    expect(world.postsOf(clubIds[4]!).filter((p) => localDay(p.post.meetingAt.getTime(), 'America/New_York') === '2026-11-01')).toHaveLength(1);

    // Crash recovery is logged with its context.
    const recovered = allLogs.filter((l) => String(l.msg).startsWith('weekly post found on the platform'));
    expect(recovered.length).toBe(stats.recovered);
    expect(recovered.every((l) => typeof l.clubId === 'number' && typeof l.slot === 'string' && l.platform === 'console')).toBe(true);
    console.info(`year simulation (seed ${SEED}):`, JSON.stringify({ ...stats, posts: world.posts.length, dms: world.dms.length, calls: world.notices.length }));
  }, 180_000); // a year of runs; the machine may be shared with other test files
});
