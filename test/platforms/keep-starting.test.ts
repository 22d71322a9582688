import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.ts';
import { memoryLogger } from '../../src/logger.ts';
import { keepStarting } from '../../src/platforms/keep-starting.ts';
import { ADMIN, bootProcess, tempDb } from '../scheduler/helpers.ts';
import { MemoryDelivery, MemoryPlatform } from '../scheduler/memory-platform.ts';
import { waitUntil } from '../e2e/wait-until.ts';

const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
const refused = () => Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' });

describe('starting a platform again after a failure', () => {
  it('GIVEN a platform unreachable twice THEN it is tried again, later each time, and starts on the third attempt', async () => {
    const logger = memoryLogger();
    const at: number[] = [];
    // The waits are read from the log (20 ms, then 40): wall-clock gaps measured here would only measure the machine.
    const retry = keepStarting({
      name: 'slack',
      logger,
      firstDelayMs: 20,
      permanent: (err) => (err as { code?: string }).code === 'TokenInvalid',
      start: async () => {
        at.push(performance.now());
        if (at.length < 3) throw unreachable();
      },
    });
    expect(await retry.first).toBe(false);
    await waitUntil(() => at.length === 3, 'the third attempt');
    await waitUntil(() => logger.lines.find((l) => l.msg === 'slack started'), 'the started line');
    expect(logger.lines.filter((l) => l.msg === 'slack failed to start; retrying').map((l) => l['retryInMs'])).toEqual([20, 40]);
    retry.stop();
  });

  it('GIVEN a refused token THEN it is tried once, the log says to fix the setting, and no retry is set', async () => {
    const logger = memoryLogger();
    const timers = recordingTimers();
    let attempts = 0;
    const retry = keepStarting({ name: 'discord', logger, timers, permanent: (err) => (err as { code?: string }).code === 'TokenInvalid', start: async () => {
      attempts++;
      throw refused();
    } });
    expect(await retry.first).toBe(false);
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'discord cannot start and trying again will not help (a refused token, a port in use): fix the setting and restart',
    ]);
    expect(attempts).toBe(1);
    expect(timers.asked).toEqual([]);
  });

  it('GIVEN the bot stopping while it waits to retry THEN the retry is called off', async () => {
    const timers = recordingTimers();
    const retry = keepStarting({ name: 'slack', logger: memoryLogger(), timers, permanent: () => false, start: async () => {
      throw unreachable();
    } });
    await retry.first;
    expect(timers.asked.map((t) => t.ms)).toEqual([2_000]);
    retry.stop();
    expect(timers.asked[0]!.cleared).toBe(true);
  });
});

/** Timers that only record what was asked of them. */
function recordingTimers() {
  const asked: Array<{ ms: number; cleared: boolean }> = [];
  return {
    asked,
    set: (_fn: () => void, ms: number) => {
      const t = { ms, cleared: false };
      asked.push(t);
      return t;
    },
    clear: (handle: unknown) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
}

describe('a platform that comes up after the scheduler started', () => {
  it('GIVEN a post deferred for want of its platform THEN it goes out as soon as the platform is added', async () => {
    const tmp = await tempDb();
    tmp.db.close();
    const clock = manualClock('2026-11-02T12:00:00Z');
    const world = new MemoryPlatform();
    const bot = await bootProcess(tmp.path, clock, world, { deliveries: [] });
    try {
      expect((await bot.run(ADMIN, 'club setup', { list: 'year-list' }, 'club')).error).toBeFalsy();
      clock.set('2026-11-04T17:00:30Z'); // the first meeting, posted at its time (lead 0)
      const report = await bot.scheduler.runDue();
      expect(report.deferred.map((d) => d.reason)).toEqual(['no-delivery']);
      expect(world.posts).toHaveLength(0);
      bot.scheduler.addDelivery(new MemoryDelivery(world, clock));
      await waitUntil(() => world.posts.length === 1, 'the deferred post');
      expect(world.posts[0]!.post.number).toBe(1);
    } finally {
      await bot.scheduler.stop();
      await bot.db.close();
      tmp.cleanup();
    }
  });
});
