import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * Several bot processes on one database (issue 29): each runs its own scheduler over the same clubs, on the same
 * clock, at the same moments. Whatever the interleaving, every weekly post goes out once and every reminder once,
 * exactly as one process alone would send them; a process that stops dead mid-send (SIGKILL: no clean-up, its
 * clubs' leases held) is taken over once its leases run out, and a post it had sent is found, not sent again.
 * On PostgreSQL (PAPERCLUB_TEST_DATABASE_URL) the processes are two connection pools whose transactions run at once
 * on the server; on SQLite two schedulers share the process's connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { openTestDb, openTwoHandles } from '../helpers/test-db.ts';
import { waitUntil } from '../e2e/wait-until.ts';
import { ADMIN, where, yearListMarkdown } from './helpers.ts';
import { MemoryDelivery, MemoryPlatform } from './memory-platform.ts';
import { RUN_MODES } from './harness.ts';

const START = Date.parse('2026-11-02T12:00:00Z');
const HOUR = 3_600_000;
const WEEKS = 4;
const CLUBS = 6;
const LEASE_MS = 10 * 60_000;
/** Posts go out two days ahead, so a process taking another's clubs over is still before the meeting. */
const LEAD_MINUTES = 48 * 60;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A bot process on `db`: its core, its platform connection (to the shared world) and its scheduler. One club and one
 * send at a time, so a process whose send never returns does nothing more, as a killed process does nothing more.
 */
function botProcess(db: Db, clock: ReturnType<typeof manualClock>, world: MemoryPlatform, name: string, scanFrom: number) {
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: LEAD_MINUTES } });
  const delivery = new MemoryDelivery(world, clock);
  const scheduler = schedulerOf(core, { deliveries: [delivery], logger, clock, cron: false, sleep: async () => {}, scanFrom, owner: name, leaseMs: LEASE_MS, concurrency: 1 });
  return { core, delivery, scheduler, name };
}

/** The clubs, with a presenter signed up for each of the first weeks so reminders go out. */
async function setUpClubs(db: Db, clock: ReturnType<typeof manualClock>): Promise<void> {
  await importList(db, { slug: 'year-list', markdown: yearListMarkdown(), now: 0 });
  const core = new ClubCore({ db, clock, logger: memoryLogger(), defaults: { announceLeadMinutes: LEAD_MINUTES } });
  for (let c = 1; c <= CLUBS; c++) {
    const r = await core.execute({ where: where(`c${c}`), user: ADMIN, command: 'club setup', args: { list: 'year-list', when: '0 17 * * 3', timezone: 'UTC' } });
    if (r.error) throw new Error(r.text);
    for (let w = 1; w <= 2; w++) {
      const s = await core.execute({ where: where(`c${c}`), user: { userId: `p${c}-${w}`, displayName: `Presenter ${c}.${w}` }, command: 'signup', args: { week: String(w) } });
      if (s.error) throw new Error(s.text);
    }
  }
}

/** What the members saw: each club's posts (by the paper each announced) and the presenters' reminders. */
function seen(world: MemoryPlatform) {
  return {
    posts: world.posts.map((p) => `${p.clubId} ${p.key}`).sort(),
    reminders: world.dms.map((d) => `${d.clubId} ${d.userId} ${d.text}`).sort(),
  };
}

/** One process alone through the same weeks: what exactly-once means for this scenario. */
async function oneProcess(scanFrom: number) {
  const db = await openTestDb();
  cleanups.push(() => db.close());
  const clock = manualClock(START);
  await setUpClubs(db, clock);
  const world = new MemoryPlatform();
  const p = botProcess(db, clock, world, 'alone', scanFrom);
  for (let t = START; t <= START + WEEKS * 7 * 24 * HOUR; t += 6 * HOUR) {
    clock.set(t);
    await p.scheduler.runDue(t);
  }
  return seen(world);
}

/** Two processes on one database (two pools on PostgreSQL), the clubs set up, one platform they both post to. */
async function twoProcesses(scanFrom: number) {
  const two = await openTwoHandles();
  cleanups.push(two.close);
  const clock = manualClock(START);
  await setUpClubs(two.a, clock);
  const world = new MemoryPlatform();
  return { two, clock, world, a: botProcess(two.a, clock, world, 'process-a', scanFrom), b: botProcess(two.b, clock, world, 'process-b', scanFrom) };
}

describe.each(RUN_MODES)('$how', ({ scanFrom }) => {
  it('GIVEN two processes running the same clubs at the same moments THEN each post and each reminder goes out once, as from one process', async () => {
    const expected = await oneProcess(scanFrom);
    expect(expected.posts).toHaveLength(CLUBS * WEEKS);
    expect(expected.reminders.length).toBeGreaterThanOrEqual(CLUBS * 2);

    const { clock, world, a, b } = await twoProcesses(scanFrom);
    const deferred = { a: 0, b: 0 };
    for (let t = START; t <= START + WEEKS * 7 * 24 * HOUR; t += 6 * HOUR) {
      clock.set(t);
      const [ra, rb] = await Promise.all([a.scheduler.runDue(t), b.scheduler.runDue(t)]);
      expect([...ra.errors, ...rb.errors]).toEqual([]);
      deferred.a += ra.deferred.filter((d) => d.reason === 'other-process').length;
      deferred.b += rb.deferred.filter((d) => d.reason === 'other-process').length;
    }
    expect(seen(world)).toEqual(expected);
    // Every post sent once between them, and a club was left to the other process at least once (the leases decided).
    expect(a.delivery.calls.postMeeting + b.delivery.calls.postMeeting).toBe(CLUBS * WEEKS);
    expect(deferred.a + deferred.b).toBeGreaterThan(0);
  });

  for (const mode of ['hang-before', 'hang-after'] as const) {
    it(`GIVEN a process that stops dead ${mode === 'hang-before' ? 'before' : 'after'} the platform took its post (its leases held) THEN the other leaves its clubs alone until the leases run out, then ${mode === 'hang-before' ? 'sends the post' : 'finds the post and does not send it again'}: every post once`, async () => {
      const expected = await oneProcess(scanFrom);
      const { two, clock, world, ...both } = await twoProcesses(scanFrom);
      let a = both.a;
      const b = both.b;
      const firstPostAt = Date.parse('2026-11-04T17:00:00Z') - LEAD_MINUTES * 60_000;
      let killed = false;
      for (let t = START; t <= START + WEEKS * 7 * 24 * HOUR; t += 6 * HOUR) {
        clock.set(t);
        if (!killed && t >= firstPostAt) {
          killed = true;
          // Process a begins the week's posts and dies on its first send; its run never ends.
          a.delivery.fail('postMeeting', mode);
          void a.scheduler.runDue(t);
          await waitUntil(() => a.delivery.calls.postMeeting > 0, 'process a to reach its first send');
          // Meanwhile b runs: the clubs a holds are not b's to touch.
          const rb = await b.scheduler.runDue(t);
          expect(rb.deferred.filter((d) => d.reason === 'other-process').length).toBeGreaterThan(0);
          const heldByA = new Set(rb.deferred.filter((d) => d.reason === 'other-process').map((d) => d.clubId));
          // No club a holds is posted twice (some of a's sends that were under way at its death may have landed).
          for (const clubId of heldByA) expect(world.postsOf(clubId).length).toBeLessThanOrEqual(1);
          // Past the lease, b takes a's clubs over (a restarted process would too).
          clock.set(t + LEASE_MS + 1);
          const taken = await b.scheduler.runDue(t + LEASE_MS + 1);
          expect(taken.deferred.filter((d) => d.reason === 'other-process')).toEqual([]);
          // Every club a held is now posted once. The club a died on is b's to finish: found on the platform when a's
          // post had landed, sent otherwise (a's other sends under way at its death may have landed and been recorded).
          for (const p of taken.posted) expect(heldByA.has(p.clubId)).toBe(true);
          expect(taken.posted.filter((p) => p.recovered === (mode === 'hang-after')).length).toBeGreaterThanOrEqual(1);
          for (const clubId of heldByA) expect(world.postsOf(clubId)).toHaveLength(1);
          // Process a comes back as a new process (a new name: the old one is gone with its run).
          a = botProcess(two.a, clock, world, 'process-a-restarted', scanFrom);
          continue;
        }
        const [ra, rb] = await Promise.all([a.scheduler.runDue(t), b.scheduler.runDue(t)]);
        expect([...ra.errors, ...rb.errors]).toEqual([]);
      }
      expect(seen(world)).toEqual(expected);
    });
  }
});
