import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { resolveMeeting, signUp } from '../../src/club/sign-ups.ts';
import type { Club } from '../../src/club/types.ts';
import { UserError } from '../../src/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { openDb, type Db, SqliteDb } from '../../src/store/db.ts';
import { getClub, upsertMember } from '../../src/store/clubs.ts';
import { presentersAt } from '../../src/store/sign-ups.ts';

// Two bot processes are two connections to one SQLite file. better-sqlite3 is synchronous, so two sign-ups in one
// process never overlap by themselves; here the second connection's sign-up runs at the exact moment the first has
// read the week's presenters and not yet written its own row (signUp reads `club.presentersPerMeeting` between the
// two). That is the interleaving the IMMEDIATE transaction exists for.
describe('sign-up check-then-insert is one write transaction', () => {
  let dir: string;
  let a: Db;
  let b: Db;
  const now = Date.parse('2026-11-02T12:00:00Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperclub-interleave-'));
    const path = join(dir, 'club.db');
    a = openDb(path);
    const papers = Array.from({ length: 6 }, (_, i) => `${i + 1}. **[Paper ${i + 1}](https://arxiv.org/abs/2401.1000${i}):** About ${i + 1}.`);
    await importList(a, { slug: 'six', markdown: `# Six papers\n\n${papers.join('\n\n')}\n`, now: 0 });
    const core = new ClubCore({ db: a, clock: manualClock(now), logger: silentLogger });
    const setup = await core.execute({
      where: { platform: 'console', workspace: 'local', channel: 'race' },
      user: { userId: 'admin', displayName: 'admin', isPlatformAdmin: true },
      command: 'club setup',
      args: { list: 'six' },
    });
    expect(setup.error).toBeFalsy();
    b = openDb(path);
    // The other process waits for the write lock with a busy timeout; this one is on the same thread, so it must not
    // wait (it would block the very transaction it waits for): "busy" is its answer while the first holds the lock.
    (b as SqliteDb).sqlite.pragma('busy_timeout = 0');
  });

  afterEach(() => {
    a?.close();
    b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a second connection signs up for the same meeting while the first is between its check and its insert THEN it cannot write until the first commits, and then gets "taken"', async () => {
    const clubA = (await getClub(a, 1))!;
    expect(clubA.presentersPerMeeting).toBe(1);
    const alice = await upsertMember(a, 'console', 'local', 'alice', 'Alice');
    const bob = await upsertMember(b, 'console', 'local', 'bob', 'Bob');
    const meetingA = await resolveMeeting(a, clubA, now, '3');

    const during: Array<{ inTransaction: boolean; outcome: string }> = [];
    const bobSignsUp = async () => {
      const clubB = (await getClub(b, 1))!;
      try {
        await signUp(b, clubB, bob, await resolveMeeting(b, clubB, now, '3'), now);
        return 'signed up';
      } catch (err) {
        return err instanceof UserError ? `refused: ${err.message}` : `error: ${(err as { code?: string }).code ?? String(err)}`;
      }
    };
    // Alice's club: reading presentersPerMeeting (after her check, before her insert) is where Bob's process tries
    // to write: his sign-up's transaction begins (BEGIN IMMEDIATE, as every write transaction of the store does).
    const interleaved: Club = Object.create(clubA, {
      presentersPerMeeting: {
        get() {
          if (!during.length) {
            let outcome = 'began';
            try {
              (b as SqliteDb).sqlite.prepare('BEGIN IMMEDIATE').run();
              (b as SqliteDb).sqlite.prepare('ROLLBACK').run();
            } catch (err) {
              outcome = `error: ${(err as { code?: string }).code ?? String(err)}`;
            }
            during.push({ inTransaction: (a as SqliteDb).sqlite.inTransaction, outcome });
          }
          return clubA.presentersPerMeeting;
        },
      },
    });

    const done = await signUp(a, interleaved, alice, meetingA, now);
    expect(done.presenters.map((p) => p.userId)).toEqual(['alice']);
    // Bob ran inside Alice's transaction, and could not take the write lock she already held.
    expect(during).toEqual([{ inTransaction: true, outcome: 'error: SQLITE_BUSY' }]);
    // Once she committed, his retry (what his busy timeout does in a real process) is refused with the clear message.
    expect(await bobSignsUp()).toMatch(/^refused: Meeting 3 .* is taken by Alice/);
    expect((await presentersAt(a, 1, meetingA.slotAt)).map((p) => p.userId)).toEqual(['alice']);
  });
});
