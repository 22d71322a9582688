import { openTestDb } from '../../helpers/test-db.ts';
import { schedulerOf } from '../../helpers/scheduler-of.ts';
import { describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../../src/catalog/catalog-store.ts';
import { manualClock } from '../../../src/clock.ts';
import { ClubCore } from '../../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../../src/logger.ts';
import { startPlayground } from '../../../src/platforms/console/index.ts';
import { Scheduler } from '../../../src/scheduler/scheduler.ts';

/** The playground adapter in-process on a manual clock (Mon 2 Nov 2026 12:00 UTC), wired to the scheduler as main does. */
async function playground() {
  const db = await openTestDb();
  await loadDefaultLists(db, 'config/lists.json');
  const clock = manualClock('2026-11-02T12:00:00Z');
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 6 * 24 * 60 } });
  const out: string[] = [];
  const scheduler: { current?: Scheduler } = {};
  const { playground, delivery } = await startPlayground({
    core,
    print: (t) => out.push(t),
    runDue: async () => {
      await scheduler.current!.runDue();
      await core.noticesSent();
    },
    advanceClock: (ms) => clock.advance(ms),
  });
  scheduler.current = schedulerOf(core, { deliveries: [delivery], logger, cron: false, sleep: async () => {} });
  const say = async (...lines: string[]) => {
    const from = out.length;
    for (const l of lines) await playground.handle(l);
    await core.noticesSent();
    return out.slice(from).join('\n');
  };
  return { say, close: () => scheduler.current!.stop() };
}

describe('playground: rotation DM and wrap-up buttons', () => {
  it('GIVEN the rotation on and alice volunteering THEN moving the clock shows her DM with Accept / Pass, and :click as alice accepts; at the meeting the post gets the wrap-up buttons', async () => {
    const p = await playground();
    try {
      expect(await p.say('/club rotation on 72')).toContain('presenter rotation is on');
      expect(await p.say(':as alice', '/rotation join')).toContain("You're in the presenter rotation");
      const asked = await p.say(':as you', ':clock +6h');
      expect(asked).toMatch(/🔔 \(DM to alice\) It's your turn in [^\n]* presenter rotation: could you present meeting 1/);
      expect(asked).toContain('[1: Accept] [2: Pass]');
      const accepted = await p.say(':as alice', ':click 1');
      expect(accepted).toContain('Thank you! You present meeting 1');
      expect(accepted).toMatch(/📣 \[[^\]]+\] 🎤 alice will present meeting 1/);
      // At the meeting's start the announced post gets "I was there" and "Add slides / recording".
      const started = await p.say(':clock +2d');
      expect(started).toMatch(/\(post m1 updated — the meeting has started: \[1: Mark read\] \[2: I was there\] \[3: Add slides \/ recording\]\)/);
      expect(await p.say(':as carol', ':click 2')).toContain('you were at meeting 1');
      const form = await p.say(':as alice', ':click 3');
      expect(form).toContain('/paper links 1 <url> [label]');
      const added = await p.say('/paper links 1 https://youtu.be/abc');
      expect(added).toContain('Added Recording to meeting 1');
      expect(added).toMatch(/🧵 \[[^\]]+, under m1\] 📎 Recording for meeting 1/);
    } finally {
      await p.close();
    }
  });
});
