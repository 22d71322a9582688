/**
 * Statements kept prepared across calls (PostgreSQL's named statements, SQLite's statement cache) must follow the
 * schema when another process changes it: during a rolling deploy the new release migrates the database while the
 * old processes still answer commands. On PostgreSQL a kept `SELECT c.*` fails once with "cached plan must not change
 * result type" after a column is added; the store runs it unprepared instead, in and outside transactions.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { silentLogger } from '../../src/logger.ts';
import { ADMIN, WHERE } from '../helpers/club-fixture.ts';
import { openTwoHandles } from '../helpers/test-db.ts';

let close = async () => {};
afterEach(async () => await close());

describe('GIVEN a bot process that has answered commands', () => {
  it('WHEN another process adds columns to the tables they read THEN the same commands, and a write transaction, still answer', async () => {
    const two = await openTwoHandles();
    close = two.close;
    await loadDefaultLists(two.a, 'config/lists.json');
    const clock = manualClock('2026-11-02T12:00:00Z');
    const core = new ClubCore({ db: two.a, clock, logger: silentLogger });
    const setup = await core.execute({ where: WHERE, user: ADMIN, command: 'club setup', args: { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' } });
    expect(setup.error).toBeFalsy();
    // Asked a few times, so PostgreSQL has kept the plans (it keeps a generic plan after five runs).
    for (let i = 0; i < 6; i++) expect((await core.execute({ where: WHERE, user: ADMIN, command: 'paper now', args: {} })).error).toBeFalsy();
    const before = (await core.execute({ where: WHERE, user: ADMIN, command: 'paper now', args: {} })).text;
    // The other process's migration: new columns on the tables `SELECT *` reads.
    await two.b.run(sql`ALTER TABLE clubs ADD COLUMN added_by_next_release TEXT`);
    await two.b.run(sql`ALTER TABLE papers ADD COLUMN added_by_next_release TEXT`);
    await two.b.run(sql`ALTER TABLE members ADD COLUMN added_by_next_release TEXT`);
    for (let i = 0; i < 3; i++) {
      const again = await core.execute({ where: WHERE, user: ADMIN, command: 'paper now', args: {} });
      expect(again.error, again.text).toBeFalsy();
      expect(again.text).toBe(before);
    }
    // A write transaction that reads the changed table (the sign-up's capacity check reads the club).
    const signup = await core.execute({ where: WHERE, user: { userId: 'u-new', displayName: 'New' }, command: 'signup', args: {} });
    expect(signup.error, signup.text).toBeFalsy();
    expect(signup.text).toMatch(/will present at \*\*meeting 1\*\*/);
  });
});
