import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, startUpkeep } from '../../src/store/db.ts';
import { readTogether } from '../../src/store/statements.ts';
import { waitUntil } from '../e2e/wait-until.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-upkeep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Frames in the WAL not yet copied into the database file: what a checkpoint would still have to do. */
function uncheckpointed(db: ReturnType<typeof openDb>): number {
  // A PASSIVE checkpoint that copies nothing (a reader could hold it back, none does here) still reports the log.
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
  return r!.log - r!.checkpointed;
}

describe('upkeep of the bot connection', () => {
  it('GIVEN a burst of writes THEN nothing is checkpointed inside it; once writes stop, the WAL is checkpointed', async () => {
    const db = openDb(join(dir, 'burst.db'));
    const stop = startUpkeep(db, { quietMs: 50 });
    try {
      const insert = db.prepare(`INSERT INTO lists (slug, title, imported_at) VALUES (?, 'x', 0)`);
      // 3,000 commits: with SQLite's default (1,000 pages) the WAL would have been checkpointed inside the burst.
      for (let i = 0; i < 3000; i++) insert.run(`l${i}`);
      const walFrames = statSync(join(dir, 'burst.db-wal')).size / (4096 + 24);
      expect(walFrames).toBeGreaterThan(1000);
      // The quiet timer copies the WAL back into the database file.
      const dbBefore = statSync(join(dir, 'burst.db')).size;
      await waitUntil(() => statSync(join(dir, 'burst.db')).size > dbBefore, 'the checkpoint after the burst', 5000);
      expect(uncheckpointed(db)).toBe(0);
    } finally {
      stop();
      await db.close();
    }
  });

  it('GIVEN no writes THEN the quiet timer checkpoints nothing', async () => {
    const db = openDb(join(dir, 'idle.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const stop = startUpkeep(db, { quietMs: 20 });
    await new Promise((r) => setTimeout(r, 120));
    expect(statSync(join(dir, 'idle.db-wal')).size).toBe(0);
    stop();
    await db.close();
  });
});

describe('reads together', () => {
  it('GIVEN reads in readTogether THEN they run in one transaction, which ends after them, also when one throws', async () => {
    const db = openDb(':memory:');
    const seen = readTogether(db, () => db.inTransaction);
    expect(seen).toBe(true);
    expect(db.inTransaction).toBe(false);
    expect(() =>
      readTogether(db, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.inTransaction).toBe(false);
    // Inside a caller's transaction it just runs (no nested BEGIN).
    db.transaction(() => expect(readTogether(db, () => db.inTransaction)).toBe(true))();
    await db.close();
  });
});
