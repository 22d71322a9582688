import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { turnPageOn } from '../src/club/club-page.ts';
import { manualClock } from '../src/clock.ts';
import { ClubCore } from '../src/dispatch/club-core.ts';
import { silentLogger } from '../src/logger.ts';
import type Database from 'better-sqlite3';
import { startUpkeep, type SqliteDb } from '../src/store/db.ts';
import { generatedDb } from './core.bench.ts';
import { countHeldPapers } from '../src/store/marks.ts';
import { round, timeIt, type BenchResult } from './stats.ts';

const MEETINGS = 100;
/** The club's workspace in the generated database (g1): 1,000 members. */
const WORKSPACE = 'g1';
const WEEK = 7 * 86_400_000;

/** Deterministic PRNG so every run measures the same database. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

/**
 * The club page (issue 28): `GET /club/<token>` rendered by the core (data gathered from the domain's functions, then
 * HTML) for a club with 100 held meetings in a workspace of 1,000 members, on core.bench.ts's database of 1M read
 * marks, next to the floor: the same data read by one plain statement per kind (meetings with papers, presenters,
 * links, attendance counts, readers per paper, the plan ahead, the list, the leaderboard counters) in one read
 * transaction, rows as arrays: no objects, no HTML.
 */
export async function benchClubPage(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-bench-page-'));
  let db: SqliteDb | null = null;
  try {
    const t0 = performance.now();
    db = (await generatedDb(join(dir, 'bench.db'))).db;
    const raw = db.sqlite;
    const { clubId, now } = addPageClub(raw);
    await countHeldPapers(db); // as the scheduler's run after each of those posts would have (migration 0022)
    const genMs = performance.now() - t0;
    const stopUpkeep = startUpkeep(db);
    const marks = raw.prepare('SELECT count(*) FROM read_marks').pluck().get() as number;
    const members = raw.prepare(`SELECT count(*) FROM members WHERE workspace = ?`).pluck().get(WORKSPACE) as number;
    const clock = manualClock(new Date(now).toISOString());
    const core = new ClubCore({ db, clock, logger: silentLogger, calendarFeedUrl: 'https://club.example.org' });
    const { token } = await turnPageOn(db, clubId, now, { leaderboard: true });
    const first = await core.clubPage(token);
    if (!first || !first.html.includes(`Meeting ${MEETINGS}:`)) throw new Error('the bench club page does not show its meetings');
    const page = await timeIt(300, () => core.clubPage(token));
    const floor = await timeIt(300, floorQueries(raw, clubId));
    stopUpkeep();
    return [
      { name: 'club page: generate bench database', value: round(genMs / 1000, 1), unit: 's', extra: { marks, members, meetings: MEETINGS } },
      {
        name: `club page: GET /club/<token>, 100 meetings, 1,000 members, ${Math.round(marks / 1000)}k marks (data + HTML)`,
        median_ms: round(page.median),
        p99_ms: round(page.p99),
        runs: 300,
        goal: '< 20 ms',
        floor: round(floor.p99),
        extra: { html_kb: round(Buffer.byteLength(first.html) / 1024, 1) },
      },
      { name: 'floor: the same data, one plain statement per kind', median_ms: round(floor.median), p99_ms: round(floor.p99), runs: 300 },
    ];
  } finally {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A club in workspace g1 (1,000 members) that has held 100 weekly meetings on 100 distinct papers, each with a
 * presenter (one in ten private), two links and 20-60 members there; the workspace's members read ~40 of those papers
 * each (through the triggers that keep the leaderboard's counters). Returns the club and a time just after meeting 100.
 */
function addPageClub(db: Database.Database): { clubId: number; now: number } {
  const rand = rng(28);
  const papers = db.prepare(`SELECT id FROM papers ORDER BY id LIMIT ?`).pluck().all(MEETINGS + 13) as number[];
  if (papers.length < MEETINGS + 13) throw new Error(`the catalog has ${papers.length} papers, the bench needs ${MEETINGS + 13}`);
  const start = Date.parse('2025-01-01T17:00:00Z'); // a Wednesday
  const members = db.prepare(`SELECT id FROM members WHERE workspace = ? ORDER BY id`).pluck().all(WORKSPACE) as number[];
  let clubId = 0;
  db.transaction(() => {
    clubId = Number(
      db
        .prepare(
          `INSERT INTO clubs (platform, workspace, channel, name, sequence_slug, position, cron, timezone, read_emoji, created_at)
           VALUES ('discord', ?, 'page-club', '#page-club', 'latent-space', ?, '0 17 * * 3', 'UTC', '✅', ?)`,
        )
        .run(WORKSPACE, MEETINGS, start - WEEK).lastInsertRowid,
    );
    const seq = db.prepare('INSERT INTO club_sequence (club_id, idx, paper_id) VALUES (?, ?, ?)');
    papers.forEach((p, i) => seq.run(clubId, i, p));
    const meeting = db.prepare(`INSERT INTO meetings (club_id, slot_at, number, timezone, paper_id, status, posted_at) VALUES (?, ?, ?, 'UTC', ?, 'done', ?)`);
    const signUp = db.prepare('INSERT INTO sign_ups (club_id, meeting_at, member_id, signed_up_at) VALUES (?, ?, ?, ?)');
    const link = db.prepare(`INSERT INTO meeting_links (club_id, meeting_at, url, kind, label, added_by, added_at) VALUES (?, ?, ?, ?, ?, NULL, ?)`);
    const attend = db.prepare('INSERT OR IGNORE INTO attendance (club_id, meeting_at, member_id, marked_at) VALUES (?, ?, ?, ?)');
    const priv = db.prepare('UPDATE members SET private = 1 WHERE id = ?');
    for (let w = 0; w < MEETINGS; w++) {
      const at = start + w * WEEK;
      meeting.run(clubId, at, w + 1, papers[w]!, at);
      const presenter = members[Math.floor(rand() * members.length)]!;
      signUp.run(clubId, at, presenter, at - WEEK);
      if (w % 10 === 0) priv.run(presenter);
      link.run(clubId, at, `https://slides.example.com/${w}.pdf`, 'slides', 'Slides', at);
      link.run(clubId, at, `https://www.youtube.com/watch?v=m${w}`, 'recording', 'Recording', at);
      const there = 20 + Math.floor(rand() * 40);
      for (let k = 0; k < there; k++) attend.run(clubId, at, members[Math.floor(rand() * members.length)]!, at);
    }
    const mark = db.prepare(`INSERT OR IGNORE INTO read_marks (member_id, paper_id, club_id, via, marked_at) VALUES (?, ?, ?, 'reaction', ?)`);
    for (const m of members) for (let w = 0; w < MEETINGS; w++) if (rand() < 0.4) mark.run(m, papers[w]!, clubId, start + w * WEEK);
  })();
  db.pragma('optimize');
  return { clubId, now: start + (MEETINGS - 1) * WEEK + 3 * 3_600_000 };
}

/** The page's data by one plain statement per kind, rows as arrays: what reading it costs at the least. */
function floorQueries(db: Database.Database, clubId: number): () => void {
  const club = db.prepare('SELECT * FROM clubs WHERE id = ?').raw();
  const held = db
    .prepare(
      `SELECT m.slot_at, m.number, m.timezone, p.id, p.title, p.url FROM meetings m JOIN papers p ON p.id = m.paper_id
       WHERE m.club_id = ? AND m.status IN ('posting', 'posted', 'done') ORDER BY m.slot_at DESC`,
    )
    .raw();
  const presenters = db.prepare('SELECT s.meeting_at, mb.display_name, mb.private FROM sign_ups s JOIN members mb ON mb.id = s.member_id WHERE s.club_id = ?').raw();
  const links = db.prepare('SELECT meeting_at, label, url FROM meeting_links WHERE club_id = ?').raw();
  const attendance = db.prepare('SELECT meeting_at, count(*) FROM attendance WHERE club_id = ? GROUP BY meeting_at').raw();
  const reads = db
    .prepare(`SELECT paper_id, readers FROM workspace_paper_readers WHERE platform = 'discord' AND workspace = ? AND paper_id IN (SELECT paper_id FROM meetings WHERE club_id = ?)`)
    .raw();
  const ahead = db.prepare('SELECT slot_at, paper_id, origin FROM planned_meetings WHERE club_id = ? ORDER BY slot_at LIMIT 13').raw();
  const list = db
    .prepare(
      `SELECT e.position, e.section, p.id, p.title, p.url FROM list_entries e JOIN papers p ON p.id = e.paper_id
       WHERE e.list_id = (SELECT id FROM lists WHERE slug = 'latent-space' AND owner = '') ORDER BY e.position LIMIT 400`,
    )
    .raw();
  const board = db.prepare('SELECT m.display_name, c.read FROM club_read_counts c JOIN members m ON m.id = c.member_id WHERE c.club_id = ? AND m.private = 0 ORDER BY c.read DESC LIMIT 10').raw();
  return () => {
    db.transaction(() => {
      club.get(clubId);
      held.all(clubId);
      presenters.all(clubId);
      links.all(clubId);
      attendance.all(clubId);
      reads.all(WORKSPACE, clubId);
      ahead.all(clubId);
      list.all();
      board.all(clubId);
    })();
  };
}
