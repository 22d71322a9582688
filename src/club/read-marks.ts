import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Member, ReadVia } from './types.ts';
import { deleteReadMark, flushReadMarks, insertReadMark } from './read-mark-writer.ts';

export type { ReadVia } from './types.ts';

/** Marks a paper read for a member; idempotent. Returns true when the mark is new. */
export function markRead(db: Db, memberId: number, paperId: number, clubId: number | null, via: ReadVia, at: number): boolean {
  flushReadMarks(db);
  return insertReadMark(db, memberId, paperId, clubId, via, at);
}

/** Removes a read mark. Returns true when there was one. */
export function unmarkRead(db: Db, memberId: number, paperId: number): boolean {
  flushReadMarks(db);
  return deleteReadMark(db, memberId, paperId);
}

/** How many members of this workspace have read the paper (private members count, unnamed). */
export function readCount(db: Db, paperId: number, platform: string, workspace: string): number {
  flushReadMarks(db);
  return stmt(db, 
      // From the workspace's members to their marks: bounded by workspace size, not by the paper's popularity.
      `SELECT count(*) FROM members m CROSS JOIN read_marks r ON r.member_id = m.id AND r.paper_id = ?
       WHERE m.platform = ? AND m.workspace = ?`,
    )
    .pluck()
    .get(paperId, platform, workspace) as number;
}

/** Members of this workspace who read the paper and do not hide it, earliest first. */
export function publicReaders(db: Db, paperId: number, platform: string, workspace: string, limit = 50): Member[] {
  flushReadMarks(db);
  return (
    stmt(db, 
        `SELECT m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private
         FROM read_marks r JOIN members m ON m.id = r.member_id
         WHERE r.paper_id = ? AND m.platform = ? AND m.workspace = ? AND m.private = 0
         ORDER BY r.marked_at LIMIT ?`,
      )
      .all(paperId, platform, workspace, limit) as Array<Omit<Member, 'private'> & { private: number }>
  ).map((m) => ({ ...m, private: m.private === 1 }));
}
