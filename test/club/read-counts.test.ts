import { describe, expect, it } from 'vitest';
import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import type { Where } from '../../src/club/types.ts';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { ADMIN, clubFixture, WHERE } from '../helpers/club-fixture.ts';
import { rowsOf, runSql, valueOf, valuesOf } from '../helpers/sql.ts';
import { leaderboard, papersSoFar, readCount, readCounts } from '../../src/store/marks.ts';
import type { SqliteDb } from '../../src/store/db.ts';

/** Seeded PRNG, so a failing sequence can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('leaderboard counters kept by the database (the read-counts migration)', () => {
  it('GIVEN 600 random steps over two clubs of one workspace (posts, missed posts, skips of announced meetings, reactions, /read, /unread, privacy, a member and a club removed) THEN after each step every club\'s counters equal a count of the marks', async () => {
    const rand = prng(20261126);
    const f = await clubFixture();
    const OTHER: Where = { ...WHERE, channel: 'club-2', channelName: 'other-club' };
    await f.setup();
    await f.run(ADMIN, 'club setup', { list: 'latent-space', when: '0 18 * * 4', timezone: 'UTC' }, OTHER);
    const wheres = [WHERE, OTHER];
    const users: UserRef[] = Array.from({ length: 12 }, (_, i) => ({ userId: `u${i}`, displayName: `User ${i}` }));
    const posts: Array<{ where: Where; messageId: string }> = [];
    let n = 0;
    const done = { posts: 0, missed: 0, skips: 0, reactions: 0, commands: 0, privacy: 0, removed: 0 };
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    /** The definition: papers of the club's meetings so far that the (public) member has read. */
    const expected = async (clubId: number) => {
      const club = (await f.core.listClubs()).find((c) => c.id === clubId)!;
      const held = await papersSoFar(f.db, clubId);
      const rows = await rowsOf(f.db, `SELECT m.id, count(*) AS read FROM read_marks r JOIN members m ON m.id = r.member_id
           WHERE m.platform = ? AND m.workspace = ? AND m.private = 0 AND r.paper_id IN (${held.join(', ') || 'NULL'})
           GROUP BY m.id ORDER BY m.id`, club.platform, club.workspace) as Array<{ id: number; read: number }>;
      return rows;
    };
    /** The papers the walk can mark, and the definition of how many of the workspace's members read each. */
    const PAPERS_READ = await valuesOf(f.db, `SELECT DISTINCT paper_id FROM club_sequence WHERE idx < 12 ORDER BY paper_id`);
    const readersByCount = async () =>
      new Map(
        await Promise.all(
          PAPERS_READ.map(async (id) => [id, await valueOf(f.db, `SELECT count(*) FROM read_marks r JOIN members m ON m.id = r.member_id WHERE r.paper_id = ? AND m.workspace = ?`, id, WHERE.workspace)] as const),
        ),
      );
    const actual = async (clubId: number) => {
      const club = (await f.core.listClubs()).find((c) => c.id === clubId)!;
      return (await leaderboard(f.db, club, 10_000))
        .map((r) => ({ id: r.member.id, read: r.read }))
        .sort((a, b) => a.id - b.id);
    };
    for (let step = 0; step < 600; step++) {
      const where = pick(wheres);
      const club = await f.core.clubFor(where);
      const r = rand();
      if (club && r < 0.12) {
        const slot = nextMeetingAt(club, Math.max(f.clock().getTime(), ...await valuesOf(f.db, 'SELECT slot_at FROM meetings WHERE club_id = ?', club.id) as number[]));
        const begun = await f.core.beginPost(club.id, slot);
        if (begun) {
          if (rand() < 0.15) {
            if (await f.core.abandonPost(club.id, slot)) done.missed++;
          } else {
            done.posts++;
            const messageId = `m${++n}`;
            await f.core.completePost(club.id, slot, { channel: where.channel, messageId });
            posts.push({ where, messageId });
          }
        }
      } else if (club && r < 0.16) {
        if (!(await f.run(ADMIN, 'club skip', {}, where)).error) done.skips++;
      } else if (posts.length && r < 0.7) {
        const p = pick(posts);
        if ((await f.core.reaction({ platform: 'console', workspace: WHERE.workspace, channel: p.where.channel, messageId: p.messageId, user: pick(users), emoji: '✅', added: rand() < 0.7 })).applied) done.reactions++;
      } else if (r < 0.8) {
        if (!(await f.run(pick(users), rand() < 0.7 ? 'read' : 'unread', { paper: pick(['Attention', 'GPT', 'BERT', 'T5', 'GPT2', 'Scaling Laws']) }, where)).error) done.commands++;
      } else if (r < 0.85) {
        if (!(await f.run(pick(users), 'progress', { visibility: rand() < 0.5 ? 'private' : 'public' }, where)).error) done.privacy++;
      } else if (step === 400) {
        await f.core.flushWrites();
        await runSql(f.db, `DELETE FROM members WHERE user_id = 'u3'`);
      } else if (step === 500) {
        if (!(await f.run(ADMIN, 'club remove', { confirm: 'yes' }, OTHER)).error) done.removed++;
      }
      await f.core.flushWrites();
      for (const c of await f.core.listClubs()) expect(await actual(c.id), `step ${step}, club ${c.id}`).toEqual(await expected(c.id));
      // "How many read it" (migration 0019's counters): every paper of the walk, one by one and in one batch.
      const readers = await readersByCount();
      const oneByOne = new Map(await Promise.all(PAPERS_READ.map(async (id) => [id, await readCount(f.db, id, 'console', WHERE.workspace)] as const)));
      expect(oneByOne, `step ${step}: readCount`).toEqual(readers);
      expect(await readCounts(f.db, PAPERS_READ, 'console', WHERE.workspace), `step ${step}: readCounts`).toEqual(readers);
    }
    expect(Math.max(...(await readersByCount()).values())).toBeGreaterThan(2);
    expect(await valueOf(f.db, 'SELECT count(*) FROM club_read_counts WHERE read > 0')).toBeGreaterThan(5);
    // Every kind of step really happened (a misspelt command would otherwise test nothing).
    expect(done.removed).toBe(1);
    for (const [kind, count] of Object.entries(done)) expect(count, kind).toBeGreaterThan(kind === 'removed' ? 0 : 2);
  });
});

/** A club with two meetings held: A, B and C read the first paper, A the second. */
/** Two meetings' posts read by three members; on a SQLite file, since the tests replay a SQLite migration on it. */
async function twoMeetingsRead() {
  const f = await clubFixture(undefined, undefined, { sqlite: true });
  await f.setup();
  const one = await f.post();
  const two = await f.post();
  for (const u of ['a', 'b', 'c']) await f.react({ userId: u, displayName: u.toUpperCase() }, one.messageId);
  await f.react({ userId: 'a', displayName: 'A' }, two.messageId);
  await f.core.flushWrites();
  return { f, one, two };
}

describe('leaderboard counters on an existing database', () => {
  it('GIVEN a database with meetings and read marks from before the read-counts migration THEN the migration fills the counters from them', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { migrations } = await import('../../src/store/migrations/index.ts');
    const at = migrations.findIndex((m) => m.name === '0009-read-counts');
    // Build the data with today's code, then drop the counters and replay the migration on it.
    const { f } = await twoMeetingsRead();
    const before = await leaderboard(f.db, (await f.core.clubFor(WHERE))!, 10);
    expect(before.map((r) => [r.member.displayName, r.read, r.rank])).toEqual([['A', 2, 1], ['B', 1, 2], ['C', 1, 2]]);
    const file = `${process.env.TMPDIR ?? '/tmp'}/paperclub-counts-${process.pid}.db`;
    await (f.db as SqliteDb).sqlite.backup(file);
    const old = new Database(file);
    try {
      old.exec(`DROP TABLE club_read_counts; DROP TABLE club_papers_held;`);
      for (const t of old.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'read_marks_count_%' OR name LIKE 'meetings_held_%')`).pluck().all() as string[]) old.exec(`DROP TRIGGER ${t}`);
      old.transaction(() => migrations[at]!.up(old))();
      const rows = old.prepare('SELECT m.display_name AS name, c.read FROM club_read_counts c JOIN members m ON m.id = c.member_id ORDER BY name').all();
      expect(rows).toEqual([{ name: 'A', read: 2 }, { name: 'B', read: 1 }, { name: 'C', read: 1 }]);
    } finally {
      old.close();
      const { rmSync } = await import('node:fs');
      rmSync(file, { force: true });
    }
  });
});

describe('the leaderboard read from the counters', () => {
  it('GIVEN 120 members with many ties and private members among the best THEN the top 10 equal the definition (most read first, ties by name), whichever path answers', async () => {
    const rand = prng(7);
    const f = await clubFixture();
    await f.setup();
    const posts = [];
    for (let i = 0; i < 8; i++) posts.push(await f.post());
    for (let i = 0; i < 120; i++) {
      const user = { userId: `u${i}`, displayName: `Reader ${String(rand()).slice(2, 6)}` };
      const reads = Math.floor(rand() * rand() * 9);
      for (const p of posts.slice(0, reads)) await f.react(user, p.messageId);
      if (rand() < 0.3) await f.run(user, 'progress', { visibility: 'private' });
    }
    await f.core.flushWrites();
    const club = (await f.core.clubFor(WHERE))!;
    const held = await papersSoFar(f.db, club.id);
    const expected = (
      await rowsOf(f.db, `SELECT m.id, m.display_name AS name, count(*) AS read FROM read_marks r JOIN members m ON m.id = r.member_id
           WHERE m.private = 0 AND r.paper_id IN (${held.join(', ') || 'NULL'}) GROUP BY m.id ORDER BY read DESC, name`) as Array<{ id: number; name: string; read: number }>
    ).map((r) => [r.name, r.read]);
    for (const limit of [1, 3, 10, 40, 200]) {
      expect((await leaderboard(f.db, club, limit)).map((r) => [r.member.displayName, r.read]), `limit ${limit}`).toEqual(expected.slice(0, limit));
    }
    // Make the best readers private until the shortlist is crowded: still the definition.
    for (const [name] of expected.slice(0, 45)) await runSql(f.db, 'UPDATE members SET private = 1 WHERE display_name = ?', name);
    const rest = expected.slice(45);
    expect((await leaderboard(f.db, club, 10)).map((r) => [r.member.displayName, r.read])).toEqual(rest.slice(0, 10));
  });
});

describe('readers per paper on an existing database', () => {
  it('GIVEN read marks from before migration 0019 THEN it fills how many of each workspace read each paper from them', async () => {
    const { migrations } = await import('../../src/store/migrations/index.ts');
    const { f, one, two } = await twoMeetingsRead();
    const [p1, p2] = await Promise.all([one.post.paperKey, two.post.paperKey].map((key) => valueOf(f.db, 'SELECT id FROM papers WHERE key = ?', key)));
    expect([await readCount(f.db, p1!, 'console', WHERE.workspace), await readCount(f.db, p2!, 'console', WHERE.workspace)]).toEqual([3, 1]);
    // Back to before the migration (its tables and triggers gone), then the migration again on the same marks.
    const raw = (f.db as SqliteDb).sqlite;
    raw.exec('DROP TABLE workspace_paper_readers; DROP TABLE club_pages; DROP TRIGGER read_marks_readers_insert; DROP TRIGGER read_marks_readers_delete; DROP TRIGGER members_readers_delete;');
    raw.transaction(() => migrations.find((m) => m.name === '0019-club-pages')!.up(raw))();
    expect(await rowsOf(f.db, 'SELECT paper_id, readers FROM workspace_paper_readers ORDER BY paper_id')).toEqual(
      [
        { paper_id: p1, readers: 3 },
        { paper_id: p2, readers: 1 },
      ].sort((x, y) => x.paper_id! - y.paper_id!),
    );
  });
});
