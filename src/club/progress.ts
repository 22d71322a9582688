import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Club, Member } from './types.ts';
import { flushReadMarks } from './read-mark-writer.ts';

/**
 * Paper ids of the club's meetings so far (whose post went out), newest first. The one place that says what
 * "meetings so far" means, so progress, streaks and the leaderboard all count the same thing.
 */
export function papersSoFar(db: Db, clubId: number): number[] {
  return stmt(db, 
      `SELECT paper_id FROM meetings WHERE club_id = ? AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')
       GROUP BY paper_id ORDER BY max(slot_at) DESC`,
    )
    .pluck()
    .all(clubId) as number[];
}

/** Paper ids of the club's list: its sequence (past and to come) plus any paper it has met on. */
export function clubPaperIds(db: Db, clubId: number): number[] {
  return stmt(db, 
      `SELECT paper_id FROM club_sequence WHERE club_id = ?
       UNION
       SELECT paper_id FROM meetings WHERE club_id = ? AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')`,
    )
    .pluck()
    .all(clubId, clubId) as number[];
}

/** A member's reading in a club: of its meetings so far, and of all the papers on its list. */
export interface Progress {
  /** Meetings so far whose paper the member read. */
  metRead: number;
  /** The club's meetings so far (distinct papers). */
  met: number;
  /** Papers of the club's list the member read, met on or not yet. */
  listRead: number;
  /** Papers on the club's list. */
  listTotal: number;
  /** Consecutive most recent meetings whose paper the member read. */
  streak: number;
}

export function progressOf(db: Db, club: Club, memberId: number): Progress {
  flushReadMarks(db);
  const met = papersSoFar(db, club.id);
  const list = clubPaperIds(db, club.id);
  const read = new Set(
    stmt(db, 'SELECT paper_id FROM read_marks WHERE member_id = ? AND paper_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(memberId, JSON.stringify([...new Set([...met, ...list])])) as number[],
  );
  let streak = 0;
  for (const p of met) {
    if (!read.has(p)) break;
    streak++;
  }
  return {
    metRead: met.filter((p) => read.has(p)).length,
    met: met.length,
    listRead: list.filter((p) => read.has(p)).length,
    listTotal: list.length,
    streak,
  };
}

export interface LeaderboardRow {
  member: Pick<Member, 'id' | 'userId' | 'displayName'>;
  read: number;
  /** Competition ranking: members with the same count share a rank, and the next rank skips (1, 1, 3). */
  rank: number;
}

// CROSS JOIN keeps SQLite walking the workspace's members (small) rather than every mark of the papers (large).
// Grouping by user_id (unique in a workspace) follows the members index's order, so no temporary B-tree is built.
/** Members of the club's workspace ranked by papers read among the club's meetings; private members are left out. */
export function leaderboard(db: Db, club: Club, limit = 10): LeaderboardRow[] {
  flushReadMarks(db);
  const papers = papersSoFar(db, club.id);
  if (!papers.length) return [];
  const rows = stmt(db, 
      `SELECT m.id, m.user_id AS userId, m.display_name AS displayName, count(*) AS read,
              rank() OVER (ORDER BY count(*) DESC) AS rank
       FROM members m CROSS JOIN read_marks r ON r.member_id = m.id
       WHERE +r.paper_id IN (SELECT value FROM json_each(?)) AND m.platform = ? AND m.workspace = ? AND m.private = 0
       GROUP BY m.user_id ORDER BY read DESC, min(r.marked_at), m.display_name LIMIT ?`,
    )
    .all(JSON.stringify(papers), club.platform, club.workspace, limit) as Array<{ id: number; userId: string; displayName: string; read: number; rank: number }>;
  return rows.map((r) => ({ member: { id: r.id, userId: r.userId, displayName: r.displayName }, read: r.read, rank: r.rank }));
}
