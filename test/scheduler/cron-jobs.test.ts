import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, bootProcess, tempDb, type BotProcess } from './helpers.ts';
import { MemoryPlatform } from './memory-platform.ts';
import { deleteClub } from '../../src/store/clubs.ts';

// node-cron only uses new Date() and setTimeout, so fake timers drive the real jobs (no sockets in this file).
const WED_17 = Date.parse('2026-11-04T17:00:00Z');
const THU_09_LONDON = Date.parse('2026-11-05T09:00:00Z'); // GMT in November
const WEEK = 7 * 24 * 3_600_000;
const clock = () => new Date();

describe('node-cron drives one job per active club', () => {
  let tmp: Awaited<ReturnType<typeof tempDb>>;
  let bot: BotProcess;
  let world: MemoryPlatform;
  beforeEach(async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-02T12:00:00Z') });
    tmp = (await tempDb());
    tmp.db.close();
    world = new MemoryPlatform();
  });
  afterEach(async () => {
    await bot?.scheduler.stop();
    await bot?.db.close();
    tmp.cleanup();
    vi.useRealTimers();
  });
  const advanceTo = async (t: number) => {
    await vi.advanceTimersByTimeAsync(t - Date.now());
    await bot.scheduler.idle();
  };
  const postsOf = (channel: string) => world.posts.filter((p) => p.message.channel === channel);

  it('GIVEN two clubs THEN each job fires at its slot; schedule, pause, resume and removal take effect without a restart', async () => {
    bot = await bootProcess(tmp.path, clock, world, { cron: true, sweepCron: null });
    await bot.run(ADMIN, 'club setup', { list: 'year-list', when: '0 17 * * 3', timezone: 'UTC' }, 'a');
    await bot.run(ADMIN, 'club setup', { list: 'year-list', when: '0 9 * * 4', timezone: 'Europe/London' }, 'b');
    const [a, b] = (await bot.core.listClubs()).map((c) => c.id);
    expect(bot.scheduler.jobList().map((j) => [j.clubId, j.nextRun?.getTime()])).toEqual([
      [a, WED_17],
      [b, THU_09_LONDON],
    ]);

    await advanceTo(WED_17 - 1_000);
    expect(world.posts).toHaveLength(0);
    await advanceTo(WED_17 + 1_000);
    expect(postsOf('a')).toHaveLength(1);
    expect(postsOf('a')[0]!.at - WED_17).toBeLessThan(1_000); // fired at the slot, not by a sweep
    await advanceTo(THU_09_LONDON + 1_000);
    expect(postsOf('b')).toHaveLength(1);

    // Reschedule a to 18:00: the 17:00 job is gone at once.
    await bot.run(ADMIN, 'club schedule', { when: '0 18 * * 3', timezone: 'UTC' }, 'a');
    expect(bot.scheduler.jobList().find((j) => j.clubId === a)?.nextRun?.getTime()).toBe(WED_17 + WEEK + 3_600_000);
    await advanceTo(WED_17 + WEEK + 1_000);
    expect(postsOf('a')).toHaveLength(1);
    await advanceTo(WED_17 + WEEK + 3_600_000 + 1_000);
    expect(postsOf('a').map((p) => p.post.number)).toEqual([1, 2]);

    // Pause b: no job, its Thursday passes silently; resume: the job is back for the next Thursday.
    await bot.run(ADMIN, 'club pause', {}, 'b');
    expect(bot.scheduler.jobList().map((j) => j.clubId)).toEqual([a]);
    await advanceTo(THU_09_LONDON + WEEK + 1_000);
    expect(postsOf('b')).toHaveLength(1);
    await bot.run(ADMIN, 'club resume', {}, 'b');
    expect(bot.scheduler.jobList().map((j) => j.clubId).sort()).toEqual([a, b].sort());
    await advanceTo(THU_09_LONDON + 2 * WEEK + 1_000);
    expect(postsOf('b').map((p) => p.post.number)).toEqual([1, 2]); // the paused week used no paper

    // Remove a: its job stops.
    expect(postsOf('a')).toHaveLength(3);
    await deleteClub(bot.db, a!);
    await bot.scheduler.refresh(a!);
    expect(bot.scheduler.jobList().map((j) => j.clubId)).toEqual([b]);
    await advanceTo(WED_17 + 3 * WEEK + 3_600_000 + 1_000);
    expect(postsOf('a')).toHaveLength(3);
  });

  it('GIVEN the sweep THEN it sends reminders at the lead time and picks up clubs created or deleted behind the core', async () => {
    bot = await bootProcess(tmp.path, clock, world, { cron: true, sweepCron: '*/5 * * * *' });
    await bot.run(ADMIN, 'club setup', { list: 'year-list', when: '0 17 * * 3', timezone: 'UTC' }, 'a');
    await advanceTo(WED_17 - 48 * 3_600_000 + 5 * 60_000);
    expect(world.notices).toHaveLength(1);
    await advanceTo(WED_17 - 47 * 3_600_000);
    expect(world.notices).toHaveLength(1);
    const id = (await bot.core.listClubs())[0]!.id;
    await deleteClub(bot.db, id); // e.g. by a maintenance script
    await advanceTo(Date.now() + 5 * 60_000);
    expect(bot.scheduler.jobList()).toEqual([]);
  });

  it('GIVEN a club that announces six days ahead THEN its job fires at the announce time, not the meeting', async () => {
    bot = await bootProcess(tmp.path, clock, world, { cron: true, sweepCron: null }, {});
    await bot.run(ADMIN, 'club setup', { list: 'year-list', when: 'wed 17:00', timezone: 'UTC' }, 'a');
    // Meeting 1 (Wed 4 Nov) was announced at setup's run; the job fires next on Thursday 17:00 for Wed 11 Nov.
    const THU_17 = Date.parse('2026-11-05T17:00:00Z');
    expect(bot.scheduler.jobList().map((j) => j.nextRun?.getTime())).toEqual([THU_17]);
    await advanceTo(THU_17 - 1_000);
    const before = world.posts.length;
    await advanceTo(THU_17 + 1_000);
    expect(world.posts.length).toBe(before + 1);
    const last = world.posts.at(-1)!;
    expect(last.post.meetingAt.toISOString()).toBe('2026-11-11T17:00:00.000Z');
    expect(last.at - THU_17).toBeLessThan(1_000); // fired by the club's own job, not a sweep
  });
});
