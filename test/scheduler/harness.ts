import { manualClock } from '../../src/clock.ts';
import type { Args } from '../../src/commands/types.ts';
import type { SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import { ADMIN, bootProcess, tempDb, type BotProcess } from './helpers.ts';
import { MemoryPlatform } from './memory-platform.ts';
import { rowsOf } from '../helpers/sql.ts';
import { meetingsHeld } from '../../src/store/meetings.ts';

/** A UTC Wednesday-17:00 club on a temp-file DB at Mon 2 Nov 2026 12:00 UTC, with a bot process that can go down. */
/**
 * The two ways a run finds its work; files that must hold for both run their tests once per mode
 * (describe.each(RUN_MODES) + useRunMode in beforeAll).
 */
export const RUN_MODES = [
  { how: 'runs that check club by club', scanFrom: Infinity },
  { how: 'runs that scan all clubs at once and record posts in groups', scanFrom: 0 },
];
const runMode = { scanFrom: undefined as number | undefined };

/** The run mode clubBot uses unless a test passes scanFrom itself. */
export function useRunMode(scanFrom: number | undefined): void {
  runMode.scanFrom = scanFrom;
}

export async function clubBot(opts: Partial<SchedulerOptions> = {}, channels = ['c1'], schedule: Args = {}) {
  const tmp = await tempDb();
  tmp.db.close();
  const clock = manualClock('2026-11-02T12:00:00Z');
  const world = new MemoryPlatform();
  opts = { scanFrom: runMode.scanFrom, ...opts };
  let bot: BotProcess = await bootProcess(tmp.path, clock, world, opts);
  const ids: number[] = [];
  for (const channel of channels) {
    const r = await bot.run(ADMIN, 'club setup', { list: 'year-list', when: '0 17 * * 3', timezone: 'UTC', ...schedule }, channel);
    if (r.error) throw new Error(r.text);
    ids.push((await bot.core.clubFor({ platform: 'console', workspace: 'local', channel }))!.id);
  }
  const h = {
    tmp,
    clock,
    world,
    ids,
    clubId: ids[0]!,
    get bot() {
      return bot;
    },
    club: async (id = ids[0]!) => (await bot.core.listClubs()).find((c) => c.id === id)!,
    /** How many papers the club's announcements have taken (its latest meeting number): a missed or skipped date takes none. */
    papersUsed: async (id = ids[0]!) => await meetingsHeld(bot.db, id),
    /** The bot is down from now until `until`, then starts again (catch-up runs in start()). */
    async downUntil(until: string | number, bootOpts: Partial<SchedulerOptions> = opts) {
      await bot.scheduler.stop();
      await bot.db.close();
      clock.set(until);
      bot = await bootProcess(tmp.path, clock, world, bootOpts);
      return bot.startReport;
    },
    at(t: string | number) {
      clock.set(t);
      return bot.scheduler.runDue();
    },
    admin: (command: string, args: Args = {}, channel = channels[0]!) => bot.run(ADMIN, command, args, channel),
    meetings: async (id = ids[0]!) =>
      await rowsOf(bot.db, 'SELECT slot_at AS slotAt, status, number FROM meetings WHERE club_id = ? ORDER BY slot_at', id) as Array<{ slotAt: number; status: string; number: number | null }>,
    async close() {
      await bot.scheduler.stop();
      await bot.db.close();
      tmp.cleanup();
    },
  };
  return h;
}
export type ClubBot = Awaited<ReturnType<typeof clubBot>>;

export const WED = Date.parse('2026-11-04T17:00:00Z');
export const WEEK = 7 * 24 * 3_600_000;
export const HOUR = 3_600_000;
