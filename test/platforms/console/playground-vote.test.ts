import { schedulerOf } from '../../helpers/scheduler-of.ts';
/**
 * The playground's vote: an in-process playground over the real core, a manual clock and the scheduler (no cron).
 * The vote prints numbered candidates with buttons; `:click N` votes; `:clock` runs the close.
 */
import { openTestDb } from '../../helpers/test-db.ts';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.ts';
import { loadDefaultLists } from '../../../src/catalog/catalog-store.ts';
import { ClubCore } from '../../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../../src/logger.ts';
import { ConsoleDelivery } from '../../../src/platforms/console/delivery.ts';
import { Playground } from '../../../src/platforms/console/playground.ts';

describe('playground votes', () => {
  it('GIVEN /club vote THEN the vote shows numbered candidates with :click buttons, clicks count, and :clock closes it into a pick', async () => {
    const db = await openTestDb();
    await loadDefaultLists(db, 'config/lists.json');
    const clock = manualClock('2026-11-02T12:00:00Z');
    const logger = memoryLogger();
    const core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 0 } });
    const out: string[] = [];
    const print = (t: string) => out.push(t);
    const delivery = new ConsoleDelivery(print);
    const scheduler = schedulerOf(core, { deliveries: [delivery], logger, cron: false, sleep: async () => {} });
    const playground = new Playground({
      core,
      delivery,
      print,
      runDue: async () => void (await scheduler.runDue()),
      advanceClock: (ms) => clock.advance(ms),
      postNow: async () => {},
    });
    for (const line of ['/club setup latent-space 0 17 * * 3 UTC', '/suggest Some Paper Nobody Listed Yet new:yes', '/club vote closes:1d', ':as alice', ':click 6', ':as bob', ':click 6', ':click 2']) {
      await playground.handle(line);
    }
    const text = out.join('\n');
    expect(text).toMatch(/════ vote \(message m1\) ════\n🗳️ Which paper should meeting 1 on Wed 4 Nov 2026, 17:00 UTC read\?\n1\. \[Attention Is All You Need\]/);
    expect(text).toMatch(/6\. \[Some Paper Nobody Listed Yet\]\([^)]*\) — suggested by host · \*\*0\*\* votes/);
    expect(text).toMatch(/\[1: 1\] \[2: 2\] \[3: 3\] \[4: 4\] \[5: 5\] \[6: 6\]  \(:click N to vote\)/);
    expect(text).toMatch(/You voted for \*\*Some Paper Nobody Listed Yet\*\*/);
    // Bob moved his vote to 2: one each.
    expect(out.filter((l) => l.startsWith('════ vote (message m1)')).at(-1)).toMatch(/2\. [^\n]*\*\*1\*\* vote\n[\s\S]*6\. [^\n]*\*\*1\*\* vote/);
    await playground.handle(':clock +1d');
    const closed = out.join('\n');
    // A 1-1 tie: the list's paper beats the suggestion.
    expect(closed).toMatch(/📣 \[#paper-club\] 🗳️ The vote is closed: \*\*GPT[^*]*\*\* wins with 1 of 2 votes \(a tie/);
    expect(closed).toMatch(/Vote closed · 2 votes/);
    await scheduler.stop();
    await db.close();
  });
});
