import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, startUpkeep } from '../../src/store/db.ts';
import { sql } from 'kysely';
import { waitUntil } from '../e2e/wait-until.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-upkeep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Frames in the WAL not yet copied into the database file: what a checkpoint would still have to do. */
function uncheckpointed(db: ReturnType<typeof openDb>): number {
  // A PASSIVE checkpoint that copies nothing (a reader could hold it back, none does here) still reports the log.
  const [r] = db.sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
  return r!.log - r!.checkpointed;
}

describe('upkeep of the bot connection', () => {
  it('GIVEN a burst of writes THEN nothing is checkpointed inside it; once writes stop, the WAL is checkpointed', async () => {
    const db = openDb(join(dir, 'burst.db'));
    const stop = startUpkeep(db, { quietMs: 50 });
    try {
      const insert = db.sqlite.prepare(`INSERT INTO lists (slug, title, imported_at) VALUES (?, 'x', 0)`);
      // 3,000 commits: with SQLite's default (1,000 pages) the WAL would have been checkpointed inside the burst.
      for (let i = 0; i < 3000; i++) insert.run(`l${i}`);
      const walFrames = statSync(join(dir, 'burst.db-wal')).size / (4096 + 24);
      expect(walFrames).toBeGreaterThan(1000);
      // The quiet timer copies the WAL back into the database file.
      const dbBefore = statSync(join(dir, 'burst.db')).size;
      await waitUntil(() => statSync(join(dir, 'burst.db')).size > dbBefore, 'the checkpoint after the burst');
      expect(uncheckpointed(db)).toBe(0);
    } finally {
      stop();
      await db.close();
    }
  });

  it('GIVEN no writes THEN the quiet timer checkpoints nothing', async () => {
    const db = openDb(join(dir, 'idle.db'));
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const stop = startUpkeep(db, { quietMs: 20 });
    await new Promise((r) => setTimeout(r, 120));
    expect(statSync(join(dir, 'idle.db-wal')).size).toBe(0);
    stop();
    await db.close();
  });
});

describe('reads together', () => {
  it('GIVEN reads in db.read THEN they run in one transaction, which ends after them, also when one throws', async () => {
    const db = openDb(':memory:');
    const seen = await db.read(async (tx) => tx.inTransaction && db.sqlite.inTransaction);
    expect(seen).toBe(true);
    expect(db.sqlite.inTransaction).toBe(false);
    await expect(
      db.read(async () => {
                throw new Error('boom');
              }),
    ).rejects.toThrow('boom');
    expect(db.sqlite.inTransaction).toBe(false);
    // Inside a caller's transaction it just runs (no nested BEGIN).
    await db.transaction(async (tx) => expect(await tx.read(async (inner) => inner === tx)).toBe(true));
    await db.close();
  });

  it('GIVEN a transaction awaiting THEN a query from elsewhere waits for it instead of running inside it', async () => {
    const db = openDb(':memory:');
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
          await t.run(sql`INSERT INTO lists (slug, title, imported_at) VALUES ('in-tx', 'x', 0)`);
          await held;
          throw new Error('rolled back');
        });
    // Issued while the transaction is open: it must not join it (it would be rolled back with it).
    const outside = db.run(sql`INSERT INTO lists (slug, title, imported_at) VALUES ('outside', 'x', 0)`);
    release();
    await expect(tx).rejects.toThrow('rolled back');
    await outside;
    expect(await db.values(sql`SELECT slug FROM lists ORDER BY slug`)).toEqual(['outside']);
    await db.close();
  });
});
