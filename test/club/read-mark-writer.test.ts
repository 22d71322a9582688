import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { openDb, SqliteDb } from '../../src/store/db.ts';
import { ADMIN, ALICE, BOB, clubFixture, WHERE } from '../helpers/club-fixture.ts';
import { runSql, valueOf, valuesOf } from '../helpers/sql.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const marks = (db: Database.Database | SqliteDb) => (db instanceof SqliteDb ? db.sqlite : db).prepare('SELECT count(*) FROM read_marks').pluck().get() as number;

let cleanup = () => {};
afterEach(() => cleanup());

/** A club on a database file (so another connection can look), its first meeting posted as message 'post-1'. */
async function clubOnFile() {
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-marks-'));
  cleanup = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, 'club.db');
  const db = openDb(path);
  await loadDefaultLists(db, 'config/lists.json');
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock: manualClock('2026-11-02T12:00:00Z'), logger, defaults: { announceLeadMinutes: 0 } });
  await core.execute({ where: WHERE, user: ADMIN, command: 'club setup', args: { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' } });
  const club = (await core.clubFor(WHERE))!;
  const slot = Date.parse('2026-11-04T17:00:00Z');
  await core.beginPost(club.id, slot);
  await core.completePost(club.id, slot, { channel: WHERE.channel, messageId: 'post-1' });
  return { path, db, core, logger };
}

describe('read marks from reactions, committed in groups', () => {
  it('GIVEN 300 members reacting in one turn of the event loop THEN another connection sees none of them until the turn ends, then all of them', async () => {
    const { path, db, core } = await clubOnFile();
    const other = new Database(path, { readonly: true });
    try {
      const users: UserRef[] = Array.from({ length: 300 }, (_, i) => ({ userId: `u${i}`, displayName: `User ${i}` }));
      // Started together, as a burst of gateway events is handled: none awaits another.
      const answers = await Promise.all(users.map((user) => core.reaction({ platform: 'console', workspace: WHERE.workspace, channel: WHERE.channel, messageId: 'post-1', user, emoji: '✅', added: true })));
      expect(answers.every((a) => a.applied && a.reason === 'marked read')).toBe(true);
      expect(marks(other)).toBe(0);
      await nextTurn();
      expect(marks(other)).toBe(300);
    } finally {
      other.close();
      await db.close();
    }
  });

  it('GIVEN more reactions in one turn than a group holds, and another process writing between them THEN every one is stored', async () => {
    // The lookups of a reaction share a read transaction; a full group is written after it, never inside it (a
    // read snapshot cannot become a write once another process has written).
    const { path, db, core, logger } = await clubOnFile();
    const other = openDb(path);
    try {
      const touch = other.sqlite.prepare(`INSERT INTO processed_events (source, event_id, processed_at) VALUES ('other', ?, 0)`);
      const answers = await Promise.all(
        Array.from({ length: 1200 }, (_, i) => {
          touch.run(`e${i}`);
          return core.reaction({ platform: 'console', workspace: WHERE.workspace, channel: WHERE.channel, messageId: 'post-1', user: { userId: `u${i}`, displayName: `User ${i}` }, emoji: '✅', added: true });
        }),
      );
      expect(answers.filter((a) => a.applied)).toHaveLength(1200);
      await nextTurn();
      expect(marks(other)).toBe(1200);
      expect(logger.lines.filter((e) => e.level === 'error')).toEqual([]);
    } finally {
      await other.close();
      await db.close();
    }
  });

  it('GIVEN marks waiting THEN each answer counts them: a second mark is "no change", an un-mark then a mark both apply and the mark gets the new time', async () => {
    const f = await clubFixture();
    await f.setup();
    const { messageId } = await f.post();
    expect((await f.react(ALICE, messageId)).reason).toBe('marked read');
    expect((await f.react(ALICE, messageId)).reason).toBe('no change');
    await f.core.flushWrites(); // committed (on PostgreSQL a round trip later than the next turn)
    const first = await valueOf(f.db, 'SELECT marked_at FROM read_marks') as number;
    f.clock.set(first + 60_000);
    expect((await f.react(ALICE, messageId, false)).reason).toBe('unmarked');
    expect((await f.react(ALICE, messageId, false)).reason).toBe('no change');
    expect((await f.react(ALICE, messageId, true)).reason).toBe('marked read');
    await f.core.flushWrites(); // committed (on PostgreSQL a round trip later than the next turn)
    expect(await valuesOf(f.db, 'SELECT marked_at FROM read_marks')).toEqual([first + 60_000]);
  });

  it('GIVEN a reaction and a command in the same turn THEN the command sees the mark (/progress, /leaderboard, /read)', async () => {
    const f = await clubFixture();
    await f.setup();
    const { messageId, post } = await f.post();
    await f.react(BOB, messageId);
    expect((await f.run(BOB, 'progress')).text).toMatch(/read the one paper the club has posted so far/);
    expect((await f.run(BOB, 'leaderboard')).text).toMatch(/Bob — 1 paper/);
    await f.react(ALICE, messageId);
    expect((await f.run(ALICE, 'read', { paper: post.title })).text).toMatch(/already/i);
  });

  it('GIVEN a re-sent event id in the same turn THEN it is applied once', async () => {
    const f = await clubFixture();
    await f.setup();
    const { messageId } = await f.post();
    expect((await f.react(ALICE, messageId, true, '✅', 'Ev1')).applied).toBe(true);
    expect((await f.react(ALICE, messageId, false, '✅', 'Ev1')).reason).toBe('duplicate event');
    await nextTurn();
    expect((await f.react(ALICE, messageId, false, '✅', 'Ev1')).reason).toBe('duplicate event');
    await f.core.flushWrites();
    expect(await valueOf(f.db, 'SELECT count(*) FROM read_marks')).toBe(1);
  });

  it('GIVEN a waiting mark whose member is deleted before the group is written THEN the other marks are still written and the failure is logged', async () => {
    // On SQLite: the reactions and the deletion never yield to the writer's turn, so the mark is still waiting when its
    // member goes. On PostgreSQL each awaits the server, and the group is often written first (the deletion then takes
    // the mark with it and there is no failure to see); the writer's code is the same on both.
    const f = await clubFixture(undefined, undefined, { sqlite: true });
    await f.setup();
    const { messageId } = await f.post();
    await f.react(ALICE, messageId);
    await f.react(BOB, messageId);
    await runSql(f.db, `DELETE FROM members WHERE user_id = 'alice'`);
    await f.core.flushWrites();
    expect(await valuesOf(f.db, 'SELECT m.user_id FROM read_marks r JOIN members m ON m.id = r.member_id')).toEqual(['bob']);
    expect(f.logger.lines.some((l) => l.level === 'error' && /read mark not written/.test(String(l.msg)))).toBe(true);
  });
});
