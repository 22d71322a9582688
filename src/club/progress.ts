import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Club, Member } from './types.ts';

/** Paper ids the club has had meetings on so far, newest first. */
export function papersSoFar(db: Db, clubId: number): number[] {
  return stmt(db, 
      `SELECT paper_id FROM meetings WHERE club_id = ? AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')
       GROUP BY paper_id ORDER BY max(slot_at) DESC`,
    )
    .pluck()
    .all(clubId) as number[];
}

export interface Progress {
  read: number;
  total: number;
  /** Consecutive most recent meetings whose paper the member read. */
  streak: number;
}

export function progressOf(db: Db, club: Club, memberId: number): Progress {
  const papers = papersSoFar(db, club.id);
  if (!papers.length) return { read: 0, total: 0, streak: 0 };
  const read = new Set(
    stmt(db, 'SELECT paper_id FROM read_marks WHERE member_id = ? AND paper_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(memberId, JSON.stringify(papers)) as number[],
  );
  let streak = 0;
  for (const p of papers) {
    if (!read.has(p)) break;
    streak++;
  }
  return { read: read.size, total: papers.length, streak };
}

export interface LeaderboardRow {
  member: Pick<Member, 'id' | 'userId' | 'displayName'>;
  read: number;
}

// CROSS JOIN keeps SQLite walking the workspace's members (small) rather than every mark of the papers (large).
// Grouping by user_id (unique in a workspace) follows the members index's order, so no temporary B-tree is built.
/** Members of the club's workspace ranked by papers read among the club's meetings; private members are left out. */
export function leaderboard(db: Db, club: Club, limit = 10): LeaderboardRow[] {
  const papers = papersSoFar(db, club.id);
  if (!papers.length) return [];
  const rows = stmt(db, 
      `SELECT m.id, m.user_id AS userId, m.display_name AS displayName, count(*) AS read
       FROM members m CROSS JOIN read_marks r ON r.member_id = m.id
       WHERE +r.paper_id IN (SELECT value FROM json_each(?)) AND m.platform = ? AND m.workspace = ? AND m.private = 0
       GROUP BY m.user_id ORDER BY read DESC, min(r.marked_at) LIMIT ?`,
    )
    .all(JSON.stringify(papers), club.platform, club.workspace, limit) as Array<{ id: number; userId: string; displayName: string; read: number }>;
  return rows.map((r) => ({ member: { id: r.id, userId: r.userId, displayName: r.displayName }, read: r.read }));
}
