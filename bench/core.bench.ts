import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultLists } from '../src/catalog/catalog-store.ts';
import { systemClock } from '../src/clock.ts';
import { ClubCore, type UserRef } from '../src/dispatch/club-core.ts';
import type { Where } from '../src/club/types.ts';
import { silentLogger } from '../src/logger.ts';
import Database from 'better-sqlite3';
import { migrate, openDb, SqliteDb, startUpkeep, type Db } from '../src/store/db.ts';
import { round, timeIt, type BenchResult } from './stats.ts';
import { valuesOf } from '../test/helpers/sql.ts';
import { listPapers } from '../src/store/catalog.ts';
import { getClub } from '../src/store/clubs.ts';
import { ensurePlan } from '../src/club/plan.ts';
import { countHeldPapers } from '../src/store/marks.ts';

const CLUBS = 1_000;
const MEMBERS = 100_000;
const READ_MARKS = 1_000_000;
const NOTES = 100_000;
const WORKSPACES = 100; // 10 clubs and 1,000 members a workspace
const MEETINGS_PER_CLUB = 40;
/**
 * Clubs left as a release before stored plans (issue 22) left them: their first command writes the plan ahead (a
 * year of meetings), once. Timed apart; every other club has its plan stored, as every club the current release sets
 * up has (setupClub), so the command figures are the steady state and not mostly that one-time write.
 */
const UNPLANNED = 100;

/** Deterministic PRNG so every run measures the same database. */
export function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

export async function generate(db: Db): Promise<{ paperIds: number[] }> {
  await loadDefaultLists(db, 'config/lists.json');
  const sequence = (await listPapers(db, 'latent-space', { limit: 1000 })).map((e) => e.paper.id);
  const all = await valuesOf(db, 'SELECT id FROM papers') as number[];
  const rand = rng(42);
  const week = 7 * 86_400_000;
  const start = Date.parse('2026-01-07T17:00:00Z');
  (db as SqliteDb).sqlite.transaction(() => {
    const club = (db as SqliteDb).sqlite.prepare(
      `INSERT INTO clubs (platform, workspace, channel, name, sequence_slug, position, cron, timezone, read_emoji, created_at)
       VALUES ('discord', ?, ?, ?, 'latent-space', ?, '0 17 * * 3', 'UTC', '✅', 0)`,
    );
    const seq = (db as SqliteDb).sqlite.prepare('INSERT INTO club_sequence (club_id, idx, paper_id) VALUES (?, ?, ?)');
    const meeting = (db as SqliteDb).sqlite.prepare(`INSERT INTO meetings (club_id, slot_at, number, timezone, paper_id, status, posted_at) VALUES (?, ?, ?, 'UTC', ?, ?, ?)`);
    const post = (db as SqliteDb).sqlite.prepare(`INSERT INTO meeting_posts (meeting_id, platform, channel, message_id) VALUES (?, 'discord', ?, ?)`);
    for (let c = 1; c <= CLUBS; c++) {
      const ws = `g${c % WORKSPACES}`;
      club.run(ws, `ch${c}`, `Club ${c}`, MEETINGS_PER_CLUB);
      sequence.forEach((pid, i) => seq.run(c, i, pid));
      for (let w = 0; w < MEETINGS_PER_CLUB; w++) {
        const status = w === MEETINGS_PER_CLUB - 1 ? 'posted' : 'done';
        const info = meeting.run(c, start + w * week, w + 1, sequence[w]!, status, start + w * week);
        post.run(Number(info.lastInsertRowid), `ch${c}`, `m${c}-${w}`);
      }
    }
    const member = (db as SqliteDb).sqlite.prepare(`INSERT INTO members (platform, workspace, user_id, display_name, private) VALUES ('discord', ?, ?, ?, ?)`);
    for (let m = 1; m <= MEMBERS; m++) member.run(`g${m % WORKSPACES}`, `u${m}`, `user${m}`, rand() < 0.05 ? 1 : 0);
    // The triggers that keep counters on each mark are set aside (see generatedDb) and the counters filled after.
    const markTriggers = ['read_marks_count_insert', 'read_marks_readers_insert'].map(
      (name) => (db as SqliteDb).sqlite.prepare(`SELECT sql FROM sqlite_schema WHERE name = ?`).pluck().get(name) as string,
    );
    (db as SqliteDb).sqlite.exec('DROP TRIGGER read_marks_count_insert; DROP TRIGGER read_marks_readers_insert');
    const mark = (db as SqliteDb).sqlite.prepare(`INSERT OR IGNORE INTO read_marks (member_id, paper_id, club_id, via, marked_at) VALUES (?, ?, NULL, 'reaction', ?)`);
    let made = 0;
    // Each member reads ~10 papers, mostly of the club sequence.
    while (made < READ_MARKS) {
      const m = 1 + Math.floor(rand() * MEMBERS);
      const pid = rand() < 0.85 ? sequence[Math.floor(rand() * MEETINGS_PER_CLUB)]! : all[Math.floor(rand() * all.length)]!;
      made += mark.run(m, pid, start + Math.floor(rand() * 40 * week)).changes;
    }
    (db as SqliteDb).sqlite.exec(`DELETE FROM club_read_counts;
      INSERT INTO club_read_counts (club_id, member_id, read)
        SELECT h.club_id, r.member_id, count(*) FROM club_papers_held h
        JOIN read_marks r ON r.paper_id = h.paper_id
        JOIN members mb ON mb.id = r.member_id AND mb.platform = h.platform AND mb.workspace = h.workspace
        GROUP BY h.club_id, r.member_id;
      DELETE FROM workspace_paper_readers;
      INSERT INTO workspace_paper_readers (platform, workspace, paper_id, readers)
        SELECT m.platform, m.workspace, r.paper_id, count(*) FROM read_marks r JOIN members m ON m.id = r.member_id
        GROUP BY m.platform, m.workspace, r.paper_id;
      -- Counted above, as the scheduler's countHeldPapers would have after each post (migration 0022).
      UPDATE club_papers_held SET counted = 1 WHERE counted = 0`);
    for (const trigger of markTriggers) (db as SqliteDb).sqlite.exec(trigger);
    const note = (db as SqliteDb).sqlite.prepare(`INSERT INTO notes (member_id, paper_id, club_id, body, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?)`);
    for (let n = 0; n < NOTES; n++) {
      const at = start + Math.floor(rand() * 40 * week);
      note.run(1 + Math.floor(rand() * MEMBERS), sequence[Math.floor(rand() * MEETINGS_PER_CLUB)]!, `note ${n} about the paper`, at, at);
    }
  })();
  for (let c = 1; c <= CLUBS - UNPLANNED; c++) await ensurePlan(db, (await getClub(db, c))!, Date.now());
  return { paperIds: sequence };
}

/**
 * The generated database at `path`, opened as the bot opens it (after a restart: the statistics are the ones
 * production has, openDb's optimize). A million marks through the counters' triggers mark by mark takes minutes: the
 * triggers are set aside while the marks are generated and the counters are counted in one pass after (as migrations
 * 0009 and 0018 filled them).
 */
export async function generatedDb(path: string): Promise<{ db: SqliteDb; paperIds: number[] }> {
  const raw = new Database(path);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    migrate(raw);
    const { paperIds } = await generate(SqliteDb.of(raw));
    raw.close();
    return { db: openDb(path), paperIds };
  } finally {
    if (raw.open) raw.close();
  }
}

/** A random club of the generated database and a random member of its workspace, drawn from `rand`. */
export function clubPicker(rand: () => number): () => { where: Where; user: UserRef; c: number } {
  return () => {
    // The clubs with a stored plan (the steady state); the others are timed apart, for their one-time plan write.
    const c = 1 + Math.floor(rand() * (CLUBS - UNPLANNED));
    const where: Where = { platform: 'discord', workspace: `g${c % WORKSPACES}`, channel: `ch${c}` };
    const m = (c % WORKSPACES) + WORKSPACES * Math.floor(rand() * (MEMBERS / WORKSPACES - 1)) || WORKSPACES;
    const user: UserRef = { userId: `u${m}`, displayName: `user${m}` };
    return { where, user, c };
  };
}

/** Command handling on a generated database of 1,000 clubs, 100,000 members, 1M read marks, 100k notes. */
export async function benchCore(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-bench-'));
  let db: Db | null = null;
  try {
    const t0 = performance.now();
    const generated = await generatedDb(join(dir, 'bench.db'));
    db = generated.db;
    const { paperIds } = generated;
    const genMs = performance.now() - t0;
    // Reopened as the bot would after a restart: the statistics are the ones production has (openDb's optimize), no
    // extra ANALYZE.
    const stopUpkeep = startUpkeep(db); // the WAL settings and checkpoints the bot runs with (main.ts)
    const core = new ClubCore({ db, clock: systemClock, logger: silentLogger });
    const rand = rng(7);
    const pick = clubPicker(rand);
    const out: BenchResult[] = [{ name: 'core: generate bench database', value: round(genMs / 1000, 1), unit: 's' }];
    // Floors in the same run: a plain indexed point query, and walking one workspace's marks (what /leaderboard reads).
    const point = (db as SqliteDb).sqlite.prepare('SELECT display_name FROM members WHERE id = ?');
    const pointFloor = await timeIt(2000, () => point.get(1 + Math.floor(rand() * MEMBERS)));
    const walk = (db as SqliteDb).sqlite.prepare(`SELECT count(*) FROM members m CROSS JOIN read_marks r ON r.member_id = m.id WHERE m.platform = 'discord' AND m.workspace = ?`);
    const walkFloor = await timeIt(500, () => walk.get(`g${Math.floor(rand() * WORKSPACES)}`));
    out.push({ name: 'floor: indexed point query (members by id)', median_ms: round(pointFloor.median), p99_ms: round(pointFloor.p99), runs: 2000 });
    out.push({ name: "floor: walk one workspace's read marks", median_ms: round(walkFloor.median), p99_ms: round(walkFloor.p99), runs: 500 });
    for (const command of ['paper now', 'read', 'progress', 'leaderboard'] as const) {
      const { median, p99 } = await timeIt(2000, async () => {
        const { where, user } = pick();
        const r = await core.execute({ where, user, command, args: {} });
        if (r.error) throw new Error(`${command}: ${r.text}`);
      });
      // Issue 24: p99 < 1 ms for each, /leaderboard at 1M marks.
      const goal = command === 'leaderboard' ? { goal: 'p99 < 1 ms', floor: round(walkFloor.p99) } : { goal: 'p99 < 1 ms', floor: round(pointFloor.p99) };
      out.push({ name: `core: /${command}`, median_ms: round(median), p99_ms: round(p99), runs: 2000, ...goal });
    }
    // The one-time write: the first /paper now on each club without a stored plan.
    let legacy = CLUBS - UNPLANNED;
    const first = await timeIt(UNPLANNED, async () => {
      const c = ++legacy;
      const r = await core.execute({ where: { platform: 'discord', workspace: `g${c % WORKSPACES}`, channel: `ch${c}` }, user: { userId: `u${c % WORKSPACES || WORKSPACES}`, displayName: 'x' }, command: 'paper now', args: {} });
      if (r.error) throw new Error(`paper now: ${r.text}`);
    }, 0);
    out.push({ name: `core: /paper now, first on a club from before stored plans (writes its plan, once)`, median_ms: round(first.median), p99_ms: round(first.p99), runs: UNPLANNED });
    // Floor for marks/s: the same kind of insert/delete of a mark, without the core's lookups, committed in groups
    // of 512 as the core's writer commits them (read-mark-writer.ts), counters and checkpoints included.
    const ins = (db as SqliteDb).sqlite.prepare(`INSERT OR IGNORE INTO read_marks (member_id, paper_id, club_id, via, marked_at) VALUES (?, ?, NULL, 'reaction', 0)`);
    const del = (db as SqliteDb).sqlite.prepare('DELETE FROM read_marks WHERE member_id = ? AND paper_id = ?');
    const F = 20_480;
    const floorIds = Array.from({ length: F / 2 }, () => 1 + Math.floor(rand() * MEMBERS));
    const floorPaper = paperIds[MEETINGS_PER_CLUB - 1]!;
    const tf = performance.now();
    // As below: the inserts, then the same marks deleted, 512 a commit.
    for (const write of [ins, del]) {
      for (let g = 0; g < F / 2; g += 512) {
        (db as SqliteDb).sqlite.transaction(() => {
          for (let i = g; i < Math.min(g + 512, F / 2); i++) write.run(floorIds[i]!, floorPaper);
        })();
      }
    }
    const floorRate = Math.round(F / ((performance.now() - tf) / 1000));
    // Read marks per second through the core's reaction path: reactions on clubs' latest posts, then the same
    // reactions taken back. Taken back only once their group was written, so every change reaches the database (a
    // reaction and its removal in one group would cancel out in memory). Every change counts; the clock stops once
    // the last group is written.
    const reactThenTakeBack = async (reactions: Array<{ user: UserRef; c: number }>) => {
      let changed = 0;
      const t = performance.now();
      for (const added of [true, false]) {
        for (const { user, c } of reactions) {
          const r = await core.reaction({ platform: 'discord', workspace: `g${c % WORKSPACES}`, channel: `ch${c}`, messageId: `m${c}-39`, user, emoji: '✅', added });
          if (r.applied) changed++;
        }
        await core.flushWrites();
      }
      return { changed, secs: (performance.now() - t) / 1000 };
    };
    // 10,000 reactions by random members on random clubs' posts: every group spreads over all 100 workspaces.
    const N = 20_000;
    const { changed, secs } = await reactThenTakeBack(Array.from({ length: N / 2 }, () => pick()));
    out.push({ name: 'core: read marks through reactions', value: Math.round(changed / secs), unit: 'marks/s', runs: changed, goal: '>= 25000', floor: floorRate });
    out.push({ name: 'floor: insert/delete of read marks, 512 a commit', value: floorRate, unit: 'marks/s', runs: F });
    // The same through the core, but the way one weekly post is reacted to: 500 members of its workspace on the
    // post of each of 20 clubs in turn (above, every group spreads over all 100 workspaces). Which pages a group
    // writes depends on this: the counters are kept by member (migration 0009), so both spread alike here.
    const posts = Array.from({ length: 20 }, () => 1 + Math.floor(rand() * CLUBS));
    const perPost = posts.flatMap((c) => {
      const ks = Array.from({ length: MEMBERS / WORKSPACES - 1 }, (_, k) => k);
      for (let i = ks.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [ks[i], ks[j]] = [ks[j]!, ks[i]!];
      }
      return ks.slice(0, 500).map((k) => {
        const m = (c % WORKSPACES) + WORKSPACES * k || WORKSPACES;
        return { c, user: { userId: `u${m}`, displayName: `user${m}` } };
      });
    });
    // Its floor, the same pattern: the same members' marks on the same posts' papers inserted, then deleted, 512 a
    // commit, counters included (issue 24's goal: reactions on one post >= 0.8x this). Measured in turns with the core,
    // four posts at a time, who goes first alternating: this machine's disk speed drifts within a run (checkpoints,
    // other guests), and a floor taken minutes before the core's run made the ratio swing between 0.65x and 0.96x.
    const postPaper = paperIds[MEETINGS_PER_CLUB - 1]!;
    const memberIdOf = (userId: string) => Number(userId.slice(1)); // generated as u1, u2, … in id order
    const floorOf = (batch: typeof perPost) => {
      const t = performance.now();
      for (const write of [ins, del]) {
        for (let g = 0; g < batch.length; g += 512) {
          (db as SqliteDb).sqlite.transaction(() => {
            for (const { user } of batch.slice(g, g + 512)) write.run(memberIdOf(user.userId), postPaper);
          })();
        }
      }
      return (2 * batch.length) / ((performance.now() - t) / 1000);
    };
    const floorRates: number[] = [];
    const coreRates: number[] = [];
    let perPostChanged = 0;
    for (let turn = 0, at = 0; at < perPost.length; turn++, at += 2000) {
      const batch = perPost.slice(at, at + 2000);
      const coreTurn = async () => {
        const r = await reactThenTakeBack(batch);
        perPostChanged += r.changed;
        coreRates.push(r.changed / r.secs);
      };
      if (turn % 2 === 0) {
        floorRates.push(floorOf(batch));
        await coreTurn();
      } else {
        await coreTurn();
        floorRates.push(floorOf(batch));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const perPostFloor = Math.round(median(floorRates));
    out.push({
      name: 'core: read marks through reactions, one post at a time (20 posts × 500; median of 5 turns)',
      value: Math.round(median(coreRates)),
      unit: 'marks/s',
      runs: perPostChanged,
      goal: '>= 0.8x floor',
      floor: perPostFloor,
    });
    out.push({ name: 'floor: insert/delete of the same marks (one post at a time), 512 a commit; median of 5 turns', value: perPostFloor, unit: 'marks/s', runs: 2 * perPost.length });
    // A meeting's first post on a paper its workspace has read (issue 24: no walk over the paper's readers inside it).
    // 100 new clubs, one in each workspace, each posting its list's first paper, which ~21,000 members have read
    // (210 in each workspace): the post's two writes (begin, then where it landed) timed apart from the readers'
    // counting that follows the posts (countHeldPapers, as the scheduler's run does).
    const firstPaperReaders = Number((db as SqliteDb).sqlite.prepare('SELECT count(*) FROM read_marks WHERE paper_id = ?').pluck().get(paperIds[0]!));
    const newClubs: number[] = [];
    for (let w = 0; w < WORKSPACES; w++) {
      const id = Number((db as SqliteDb).sqlite.prepare(`INSERT INTO clubs (platform, workspace, channel, name, sequence_slug, position, cron, timezone, read_emoji, created_at)
        VALUES ('discord', ?, ?, 'New club', 'latent-space', 0, '0 17 * * 3', 'UTC', '✅', 0)`).run(`g${w}`, `new-ch${w}`).lastInsertRowid);
      paperIds.forEach((pid, i) => (db as SqliteDb).sqlite.prepare('INSERT INTO club_sequence (club_id, idx, paper_id) VALUES (?, ?, ?)').run(id, i, pid));
      await ensurePlan(db, (await getClub(db, id))!, Date.now());
      newClubs.push(id);
    }
    const firstSlot = (id: number) => Number((db as SqliteDb).sqlite.prepare('SELECT min(slot_at) FROM planned_meetings WHERE club_id = ?').pluck().get(id));
    const slots = new Map(newClubs.map((id) => [id, firstSlot(id)]));
    let nth = 0;
    const firstPosts = await timeIt(newClubs.length, async () => {
      const id = newClubs[nth++]!;
      const begun = await core.beginPost(id, slots.get(id)!);
      if (!begun || begun.meeting.paperId !== paperIds[0]) throw new Error('first post: not begun on the list\'s first paper');
      await core.completePost(id, slots.get(id)!, { channel: `new-ch${id}`, messageId: `first-${id}` });
    }, 0);
    out.push({ name: `core: a meeting's first post on a paper ${firstPaperReaders} members have read (begin + record)`, median_ms: round(firstPosts.median), p99_ms: round(firstPosts.p99), runs: newClubs.length, goal: 'no walk over the readers' });
    const tc = performance.now();
    const counted = await countHeldPapers(db);
    const countMs = performance.now() - tc;
    if (counted !== newClubs.length) throw new Error(`counted ${counted} papers, expected ${newClubs.length}`);
    out.push({ name: "core: then counting each new club's readers of its paper (after the posts)", median_ms: round(countMs / counted), runs: counted, unit: 'ms a paper' });
    stopUpkeep();
    return out;
  } finally {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
