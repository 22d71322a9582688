import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { Member, Club } from '../club/types.ts';
import { flushReadMarks } from './mark-writer.ts';

/**
 * How many members of this workspace have read the paper (private members count, unnamed): the counter the database
 * keeps (migration 0019, workspace_paper_readers), so it costs one lookup however large the workspace.
 */
export async function readCount(db: Db, paperId: number, platform: string, workspace: string): Promise<number> {
  await flushReadMarks(db);
  return (await db.value<number>(sql`SELECT readers FROM workspace_paper_readers WHERE platform = ${platform} AND workspace = ${workspace} AND paper_id = ${paperId}`)) ?? 0;
}

/** Papers a readCounts statement asks about: a fixed count (padded), so one statement text serves every call. */
const READ_COUNTS_CHUNK = 64;

/** readCount of many papers at once (a page of held meetings): paper id → readers (0 when none). */
export async function readCounts(db: Db, paperIds: readonly number[], platform: string, workspace: string): Promise<Map<number, number>> {
  await flushReadMarks(db);
  const counts = new Map<number, number>(paperIds.map((id) => [id, 0]));
  for (let i = 0; i < paperIds.length; i += READ_COUNTS_CHUNK) {
    const chunk = paperIds.slice(i, i + READ_COUNTS_CHUNK);
    // Padded with its last id: the same text (and prepared statement) for every chunk; a repeat in IN changes nothing.
    while (chunk.length < READ_COUNTS_CHUNK) chunk.push(chunk.at(-1)!);
    const rows = await db.rows<[number, number]>(
      sql`SELECT paper_id, readers FROM workspace_paper_readers WHERE platform = ${platform} AND workspace = ${workspace} AND paper_id IN (${sql.join(chunk)})`,
    );
    for (const [id, readers] of rows) counts.set(id, readers);
  }
  return counts;
}

/** Members of this workspace who read the paper and do not hide it, earliest first. */
export async function publicReaders(db: Db, paperId: number, platform: string, workspace: string, limit = 50): Promise<Member[]> {
  await flushReadMarks(db);
  return (
    await db.all(sql`SELECT m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private
         FROM read_marks r JOIN members m ON m.id = r.member_id
         WHERE r.paper_id = ${paperId} AND m.platform = ${platform} AND m.workspace = ${workspace} AND m.private = 0
         ORDER BY r.marked_at LIMIT ${limit}`) as Array<Omit<Member, 'private'> & { private: number }>
  ).map((m) => ({ ...m, private: m.private === 1 }));
}





/**
 * Paper ids of the club's meetings so far (whose post went out), newest first. The one place that says what
 * "meetings so far" means, so progress, streaks and the leaderboard all count the same thing.
 */
export async function papersSoFar(db: Db, clubId: number): Promise<number[]> {
  return await db.values(sql`SELECT paper_id FROM meetings WHERE club_id = ${clubId} AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')
       GROUP BY paper_id ORDER BY max(slot_at) DESC`) as number[];
}


export interface LeaderboardRow {
  member: Pick<Member, 'id' | 'userId' | 'displayName'>;
  read: number;
  /** Competition ranking: members with the same count share a rank, and the next rank skips (1, 1, 3). */
  rank: number;
}

/**
 * Members of the club's workspace ranked by papers read among the club's meetings; private members are left out.
 * Read from the counters the database keeps (migration 0009: club_read_counts, maintained by triggers on read
 * marks and meetings), not by counting marks: the top of a club of thousands is a short index walk. Members with
 * the same count share a rank and are listed by name.
 */
/**
 * Counts the readers of papers a club has begun meeting on and not counted yet (migration 0022): each reader in the
 * club's workspace gains one, and the paper is marked counted, in one transaction. For one club (before its
 * counters are read) or, without `clubId`, for every club (the scheduler, after its posts), `batch` papers a
 * transaction. Returns how many papers were counted. A club with nothing to count costs one indexed read.
 */
export async function countHeldPapers(db: Db, clubId?: number, batch = 200): Promise<number> {
  const ofClub = ofClubIfAny(clubId);
  let total = 0;
  for (;;) {
    if (!(await hasUncountedPapers(db, clubId))) return total;
    total += await db.transaction(async (tx) => {
      const held = (await tx.all(sql`SELECT club_id, paper_id FROM club_papers_held WHERE counted = 0${ofClub} LIMIT ${batch}`)) as Array<{ club_id: number; paper_id: number }>;
      for (const h of held) {
        await tx.run(sql`INSERT INTO club_read_counts (club_id, member_id, read)
          SELECT h.club_id, rm.member_id, 1 FROM club_papers_held h
          JOIN read_marks rm ON rm.paper_id = h.paper_id
          JOIN members mb ON mb.id = rm.member_id AND mb.platform = h.platform AND mb.workspace = h.workspace
          WHERE h.club_id = ${h.club_id} AND h.paper_id = ${h.paper_id} AND h.counted = 0
          ON CONFLICT (club_id, member_id) DO UPDATE SET read = club_read_counts.read + 1`);
        await tx.run(sql`UPDATE club_papers_held SET counted = 1 WHERE club_id = ${h.club_id} AND paper_id = ${h.paper_id}`);
      }
      return held.length;
    });
  }
}

/** Whether a paper held by the club (any club when absent) waits for its readers to be counted (countHeldPapers). */
async function hasUncountedPapers(db: Db, clubId?: number): Promise<boolean> {
  return (await db.first(sql`SELECT 1 FROM club_papers_held WHERE counted = 0${ofClubIfAny(clubId)} LIMIT 1`)) !== undefined;
}

/** ` AND club_id = …` for one club's held papers, nothing for all clubs'. */
const ofClubIfAny = (clubId?: number) => (clubId === undefined ? sql`` : sql` AND club_id = ${clubId}`);

/** How many of a club's best counters the leaderboard looks at before it looks at them all. */
const SHORTLIST = 50;

export async function leaderboard(db: Db, club: Club, limit = 10): Promise<LeaderboardRow[]> {
  await flushReadMarks(db);
  type Row = { id: number; userId: string; displayName: string; read: number };
  // The club's best counts first, from its counters alone, with the names of that shortlist (the LIMIT in the inner
  // query keeps the join to the shortlist). Exact when the shortlist holds every counter, or when everyone left out of
  // it read fewer papers than the last member shown; otherwise (private members or ties crowding it) all of the
  // club's counters are joined with their members.
  const shortlistOf = async () =>
    (await db.all(sql`SELECT c.id, c.read, m.user_id AS userId, m.display_name AS displayName, m.private
       FROM (SELECT member_id AS id, read FROM club_read_counts WHERE club_id = ${club.id} AND read > 0 ORDER BY read DESC LIMIT ${SHORTLIST}) c
       JOIN members m ON m.id = c.id`)) as Array<Row & { private: number }>;
  // Papers the club began meeting on are counted first (a caller inside a read transaction counts before it). The
  // check goes out with the shortlist, which is read again only when there was something to count.
  const [uncounted, first] = await Promise.all([db.inTransaction ? false : hasUncountedPapers(db, club.id), shortlistOf()]);
  let shortlist = first;
  if (uncounted) {
    await countHeldPapers(db, club.id);
    shortlist = await shortlistOf();
  }
  let rows: Row[] = shortlist
    .filter((m) => Number(m.private) === 0)
    .map((m) => ({ id: m.id, userId: m.userId, displayName: m.displayName, read: m.read }))
    .sort((a, b) => b.read - a.read || Buffer.compare(Buffer.from(a.displayName), Buffer.from(b.displayName))) // SQLite's BINARY order
    .slice(0, limit);
  const leastShortlisted = Math.min(...shortlist.map((r) => r.read));
  const leftOutBelow = shortlist.length < SHORTLIST || (rows.length === limit && leastShortlisted < rows.at(-1)!.read);
  if (!leftOutBelow) {
    rows = await db.all(sql`SELECT m.id, m.user_id AS userId, m.display_name AS displayName, c.read
         FROM club_read_counts c JOIN members m ON m.id = c.member_id
         WHERE c.club_id = ${club.id} AND c.read > 0 AND m.private = 0
         ORDER BY c.read DESC, m.display_name LIMIT ${limit}`) as Row[];
  }
  // Competition ranking (1, 1, 3): everyone who read more is listed before, so the rows so far give the rank.
  return rows.map((r) => ({
    member: { id: r.id, userId: r.userId, displayName: r.displayName },
    read: r.read,
    rank: rows.findIndex((o) => o.read === r.read) + 1,
  }));
}

/** Every paper the member has marked read (one read of the member's marks, by the primary key's first column). */
export async function papersReadBy(db: Db, memberId: number): Promise<number[]> {
  return (await db.values(sql`SELECT paper_id FROM read_marks WHERE member_id = ${memberId}`)) as number[];
}

