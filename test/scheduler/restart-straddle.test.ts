import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { clubBot, HOUR, WED, WEEK, type ClubBot } from './harness.ts';
import { ADMIN, tempDb, where } from './helpers.ts';
import { MemoryDelivery, MemoryPlatform } from './memory-platform.ts';

// Issue 14.1: a slot that comes due while the start-up catch-up is still working must not be lost.
// Fake timers drive the real node-cron jobs (no sockets in this file); the platform's findPost is held
// open so the catch-up straddles the next slot deterministically.
const MIN = 60_000;
const T = (hhmmss: string) => Date.parse(`2026-11-02T${hhmmss}Z`);
const clock = () => new Date();

function boot(path: string, world: MemoryPlatform) {
  const db = openDb(path);
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger });
  const delivery = new MemoryDelivery(world, clock);
  const scheduler = new Scheduler({ core, deliveries: [delivery], logger, clock, cron: true, sleep: async () => {}, retry: { attempts: 2, baseMs: 1_000, maxMs: 1_000 } });
  return { db, logger, core, delivery, scheduler };
}
type Proc = ReturnType<typeof boot>;

/** done = posted, and a later meeting has taken over. */
const meetings = (db: Db) =>
  db.prepare('SELECT slot_at AS slotAt, status FROM meetings ORDER BY slot_at').all() as Array<{ slotAt: number; status: string }>;

describe('a slot that comes due while a restart is catching up', () => {
  let tmp: ReturnType<typeof tempDb>;
  let world: MemoryPlatform;
  let bot: Proc | null = null;
  beforeEach(() => {
    vi.useFakeTimers({ now: T('13:25:30') });
    tmp = tempDb();
    tmp.db.close();
    world = new MemoryPlatform();
  });
  afterEach(async () => {
    await bot?.scheduler.stop();
    bot?.db.close();
    bot = null;
    tmp.cleanup();
    vi.useRealTimers();
  });
  const advanceTo = async (t: number) => {
    await vi.advanceTimersByTimeAsync(t - Date.now());
    await bot!.scheduler.idle();
  };
  const kill = async () => {
    await bot!.scheduler.stop();
    bot!.db.close();
    bot = null;
  };

  it('GIVEN the bot restarts just before a slot and its catch-up is still reading channel history when the slot passes THEN that slot is posted on time, none is recorded missed', async () => {
    bot = boot(tmp.path, world);
    await bot.scheduler.start();
    const r = await bot.core.execute({ where: where('c1'), user: ADMIN, command: 'club setup', args: { list: 'year-list', cron: '* * * * *', timezone: 'UTC' } });
    expect(r.error).toBeFalsy();
    await advanceTo(T('13:27:05'));
    expect(world.posts.map((p) => Math.floor(p.at / MIN) * MIN)).toEqual([T('13:26:00'), T('13:27:00')]);

    // Killed just as it sends the 13:28 post: the post lands, the process never hears back.
    bot.delivery.fail('postMeeting', 'crash-after');
    await advanceTo(T('13:28:05'));
    expect(bot.delivery.dead).toBe(true);
    await kill();

    // Down for about a minute; restarts two seconds before 13:29 and reads channel history for the pending post.
    vi.setSystemTime(T('13:28:58'));
    bot = boot(tmp.path, world);
    const held = bot.delivery.hold('findPost');
    const started = bot.scheduler.start();
    await held.reached;
    await vi.advanceTimersByTimeAsync(T('13:29:10') - Date.now()); // 13:29 passes while the catch-up waits
    held.release();
    const catchUp = await started;
    expect(catchUp.posted).toMatchObject([{ slotAt: T('13:28:00'), recovered: true }]);

    await advanceTo(T('13:30:05'));
    expect(meetings(bot.db).map((m) => [new Date(m.slotAt).toISOString().slice(11, 16), m.status === 'done' ? 'posted' : m.status])).toEqual([
      ['13:26', 'posted'],
      ['13:27', 'posted'],
      ['13:28', 'posted'],
      ['13:29', 'posted'],
      ['13:30', 'posted'],
    ]);
    // Each slot posted once; 13:29 at its own minute (once the catch-up let go of the club), not a minute later.
    expect(world.posts.map((p) => p.key)).toHaveLength(new Set(world.posts.map((p) => p.key)).size);
    expect(world.posts.filter((p) => p.at >= T('13:29:00') && p.at < T('13:30:00'))).toHaveLength(1);
    expect(bot.logger.lines.filter((l) => l.msg.startsWith('weekly post missed'))).toEqual([]);
  });

  it('GIVEN the bot was down over two slots THEN the older is missed and the log says the bot was down, with how late', async () => {
    bot = boot(tmp.path, world);
    await bot.scheduler.start();
    await bot.core.execute({ where: where('c1'), user: ADMIN, command: 'club setup', args: { list: 'year-list', cron: '* * * * *', timezone: 'UTC' } });
    await advanceTo(T('13:26:05'));
    await kill();
    vi.setSystemTime(T('13:28:30'));
    bot = boot(tmp.path, world);
    const report = await bot.scheduler.start();
    expect(report.missed.map((m) => m.slotAt)).toEqual([T('13:27:00')]);
    expect(report.posted.map((m) => m.slotAt)).toEqual([T('13:28:00')]);
    const line = bot.logger.lines.find((l) => l.msg.startsWith('weekly post missed'));
    expect(line).toMatchObject({ level: 'warn', reason: 'bot-down', slot: '2026-11-02T13:27:00.000Z', lateByMinutes: 1.5 });
    expect(line!.msg).toContain('the bot was not running when it was due');
  });
});

describe('the missed log tells why', () => {
  let h: ClubBot;
  afterEach(async () => h?.close());

  it('GIVEN the bot ran all along but no run came until two slots had passed THEN the older slot is missed and the log does not blame downtime', async () => {
    h = await clubBot({ graceMs: 2 * HOUR });
    const report = await h.at(WED + WEEK + HOUR); // e.g. the platform failed every run; here simply no run until then
    expect(report.missed.map((m) => m.slotAt)).toEqual([WED]);
    const line = h.bot.logger.lines.find((l) => l.msg.startsWith('weekly post missed'));
    expect(line).toMatchObject({ level: 'warn', reason: 'not-posted-in-time', slot: new Date(WED).toISOString(), lateByHours: 169, graceHours: 2 });
    expect(line!.msg).not.toContain('not running');
  });
});
