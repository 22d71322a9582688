import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { openDb } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { rowsOf, valueOf } from '../helpers/sql.ts';

/**
 * A database file written by the release before the store moved to Kysely (commit 81be800, schema version 11; how it
 * was made: fixtures/release-0.1/README.md) opens with today's code, migrates in place, and keeps the club's history.
 */
const FIXTURE = new URL('./fixtures/release-0.1/paperclub.db', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'paperclub-release-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WHERE = { platform: 'console' as const, workspace: 'local', channel: 'demo' };
const user = (userId: string, admin = false) => ({ userId, displayName: userId, ...(admin ? { isPlatformAdmin: true } : {}) });

describe('GIVEN a club made by the release before the store layer', () => {
  it('THEN the file is as that release left it (schema 11), so the upgrade below really starts from there', () => {
    const raw = new Database(FIXTURE, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(11);
      expect(raw.prepare('SELECT count(*) FROM read_marks').pluck().get()).toBe(4);
    } finally {
      raw.close();
    }
  });

  it('THEN it migrates in place to the current schema and the club keeps its meetings, sign-ups, marks, notes and skip', async () => {
    const path = join(dir, 'upgraded.db');
    copyFileSync(FIXTURE, path);
    const db = openDb(path);
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(migrations.length);
      const core = new ClubCore({ db, clock: manualClock('2026-12-07T10:00:00Z'), logger: memoryLogger() });
      await core.upgrade();
      const club = await core.clubFor(WHERE);
      expect(club).toMatchObject({ name: '#paper-club', sequenceSlug: 'latent-space', timezone: 'UTC' });
      expect(await rowsOf(db, 'SELECT number, status FROM meetings WHERE club_id = ? ORDER BY slot_at', club!.id)).toEqual([
        { number: 1, status: 'posted' },
        { number: null, status: 'skipped' },
      ]);
      expect(await valueOf(db, 'SELECT count(*) FROM read_marks')).toBe(4);

      // The history as members see it after the upgrade.
      const history = await core.execute({ where: WHERE, user: user('carol'), command: 'paper history', args: {} });
      // Meeting 1 (Wed 9 Dec) was announced and is not held yet on 7 Dec.
      expect(history.text).toMatch(/Meeting 1\*\* \[Attention Is All You Need\]\(https:\/\/arxiv\.org\/abs\/1706\.03762\) _\(announced, not held yet\)_ — you — 1 reader/);
      const upcoming = await core.execute({ where: WHERE, user: user('carol'), command: 'paper upcoming', args: {} });
      expect(upcoming.text).toMatch(/Wed 16 Dec 2026, 17:00 UTC — _skipped_/);
      expect(upcoming.text).toMatch(/Meeting 2\*\* · Wed 23 Dec 2026, 17:00 UTC — \[GPT: Improving Language Understanding/);
      const notes = await core.execute({ where: WHERE, user: user('carol'), command: 'notes', args: { paper: 'gpt' } });
      expect(notes.text).toContain('Loved the figure on pre-training then fine-tuning');
      const bob = await core.execute({ where: WHERE, user: user('bob'), command: 'progress', args: {} });
      expect(bob.text).toMatch(/You've read the one paper the club has posted so far and 2 of the 44 papers on its list/);
      // The skip can still be undone: the date is a meeting again.
      const unskip = await core.execute({ where: WHERE, user: user('you', true), command: 'club unskip', args: { date: '2026-12-16' } });
      expect(unskip.error, unskip.text).toBeFalsy();
      const after = await core.execute({ where: WHERE, user: user('carol'), command: 'paper upcoming', args: {} });
      expect(after.text).toMatch(/Meeting 2\*\* · Wed 16 Dec 2026, 17:00 UTC/);
      expect(after.text).not.toContain('_skipped_');
      await core.flushWrites();
    } finally {
      await db.close();
    }
  });
});
