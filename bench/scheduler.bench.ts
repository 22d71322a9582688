import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultLists } from '../src/catalog/catalog-store.ts';
import { manualClock } from '../src/clock.ts';
import { DEFAULT_CLUB, setupClub } from '../src/club/admin-actions.ts';
import { ClubCore } from '../src/dispatch/club-core.ts';
import { silentLogger } from '../src/logger.ts';
import type { Delivery } from '../src/club/ports.ts';
import { Scheduler } from '../src/scheduler/scheduler.ts';
import { schedulerPort } from '../src/dispatch/scheduler-port.ts';
import { openDb, startUpkeep } from '../src/store/db.ts';
import { quantile, round, type BenchResult } from './stats.ts';

const CLUBS = 10_000;
const ROUNDS = 3;
const H = 3_600_000;
const WEEK = 7 * 24 * H;
// Four zones whose weekly slot is the same instant, Wed 4 Nov 2026 17:00 UTC; posted at the meeting time (lead 0)
// so that 10,000 posts fall due in one minute, the worst case.
const SCHEDULES = [
  { cron: '0 17 * * 3', timezone: 'UTC' },
  { cron: '0 17 * * 3', timezone: 'Europe/London' },
  { cron: '0 12 * * 3', timezone: 'America/New_York' },
  { cron: '30 22 * * 3', timezone: 'Asia/Kolkata' },
];
const SLOT = Date.parse('2026-11-04T17:00:00Z');
const MB = 1024 * 1024;

/** The platform stubbed: every send succeeds at once, so the figures are the scheduler's own cost. */
function noopDelivery(postTimes: number[]): Delivery {
  let n = 0;
  return {
    platform: 'discord',
    async postMeeting(club) {
      postTimes.push(performance.now());
      return { channel: club.channel, messageId: String(++n) };
    },
    async findPost() {
      return null;
    },
    async remindPresenter() {},
    async notifyClub() {},
  };
}

/** Plan and issue due posts for 10,000 clubs whose slots fall in the same minute; and what it costs in memory. */
export async function benchScheduler(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-bench-scheduler-'));
  try {
    const setup = openDb(join(dir, 'bench.db'));
    await loadDefaultLists(setup, 'config/lists.json');
    const clock = manualClock(SLOT - 3 * 24 * H);
    await setup.transaction(async (tx) => {
      for (let i = 0; i < CLUBS; i++) {
        const s = SCHEDULES[i % SCHEDULES.length]!;
        await setupClub(tx, { platform: 'discord', workspace: `g${i % 500}`, channel: `c${i}` }, { list: 'latent-space', ...s }, { ...DEFAULT_CLUB, announceLeadMinutes: 0 }, clock().getTime());
      }
    });
    await setup.close();
    // Reopened as the bot opens it after a restart, so the planner has the statistics production has (openDb's
    // optimize), and with the bot's WAL upkeep (main.ts).
    const db = openDb(join(dir, 'bench.db'));
    const stopUpkeep = startUpkeep(db);
    const postTimes: number[] = [];
    const core = new ClubCore({ db, clock, logger: silentLogger });
    const scheduler = new Scheduler({ port: schedulerPort(core), deliveries: [noopDelivery(postTimes)], logger: silentLogger, clock, cron: false, sleep: async () => {} });
    await scheduler.start();

    const timed = async (at: number) => {
      clock.set(at);
      const t0 = performance.now();
      const report = await scheduler.runDue(at);
      return { ms: performance.now() - t0, t0, report };
    };
    const postRuns: number[] = [];
    const reminderRuns: number[] = [];
    const idleOutside: number[] = [];
    const idleInside: number[] = [];
    const steadyOutside: number[] = [];
    const steadyInside: number[] = [];
    let lateness: number[] = [];
    let heapMb = 0;
    let rssMb = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const slot = SLOT + r * WEEK;
      // A sweep with nothing due, outside the reminder window: the first after every club changed (the last run posted
      // for all of them) looks at each club and records its next check; the next sweep reads only clubs due a check.
      idleOutside.push((await timed(slot - 60 * H)).ms);
      steadyOutside.push((await timed(slot - 59 * H)).ms);
      const rem = await timed(slot - 47 * H); // 10,000 calls for a presenter
      if (rem.report.reminders.length !== CLUBS) throw new Error(`expected ${CLUBS} reminders, got ${rem.report.reminders.length}`);
      reminderRuns.push(rem.ms);
      idleInside.push((await timed(slot - 120_000)).ms); // inside the reminder window, all sent: still nothing to do
      steadyInside.push((await timed(slot - 60_000)).ms);
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage();
      postTimes.length = 0;
      const run = await timed(slot + 30_000);
      const after = process.memoryUsage();
      if (run.report.posted.length !== CLUBS) throw new Error(`expected ${CLUBS} posts, got ${run.report.posted.length}`);
      postRuns.push(run.ms);
      if (r === 0) {
        heapMb = (after.heapUsed - before.heapUsed) / MB;
        rssMb = (after.rss - before.rss) / MB;
        lateness = postTimes.map((t) => t - run.t0).sort((a, b) => a - b);
      }
    }
    await scheduler.stop();
    stopUpkeep();
    await db.close();
    const med = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
    return [
      { name: 'scheduler: issue 10,000 posts due in the same minute (one run)', median_ms: round(med(postRuns), 1), runs: ROUNDS, goal: '<= 1000 ms' },
      { name: 'scheduler: time from run start to a club post, 10,000 clubs', median_ms: round(quantile(lateness, 0.5), 1), p99_ms: round(quantile(lateness, 0.99), 1) },
      { name: 'scheduler: posts issued per second', value: Math.round(CLUBS / (med(postRuns) / 1000)), unit: 'posts/s' },
      { name: 'scheduler: 10,000 calls for a presenter (one run)', median_ms: round(med(reminderRuns), 1), runs: ROUNDS },
      // Reported apart: a median over both hid the slow one.
      { name: 'scheduler: sweep of 10,000 clubs, nothing due, outside the reminder window, first after all changed', median_ms: round(med(idleOutside), 1), runs: ROUNDS },
      { name: 'scheduler: sweep of 10,000 clubs, nothing due, outside the reminder window, next sweep', median_ms: round(med(steadyOutside), 1), runs: ROUNDS },
      { name: 'scheduler: sweep of 10,000 clubs, nothing due, inside the reminder window, first after all changed', median_ms: round(med(idleInside), 1), runs: ROUNDS, goal: '<= 100 ms' },
      { name: 'scheduler: sweep of 10,000 clubs, nothing due, inside the reminder window, next sweep', median_ms: round(med(steadyInside), 1), runs: ROUNDS, goal: '<= 100 ms' },
      { name: 'scheduler: heap delta of the 10,000-post run', value: round(heapMb, 1), unit: 'MB' },
      { name: 'scheduler: RSS delta of the 10,000-post run', value: round(rssMb, 1), unit: 'MB' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
