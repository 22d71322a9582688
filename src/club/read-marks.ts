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

/**
 * How many members of this workspace have read the paper (private members count, unnamed): the counter the database
 * keeps (migration 0017, workspace_paper_readers), so it costs one lookup however large the workspace.
 */
export function readCount(db: Db, paperId: number, platform: string, workspace: string): number {
  flushReadMarks(db);
  return (stmt(db, 'SELECT readers FROM workspace_paper_readers WHERE platform = ? AND workspace = ? AND paper_id = ?').pluck().get(platform, workspace, paperId) as number | undefined) ?? 0;
}

/** readCount of many papers at once (a page of held meetings): paper id → readers (0 when none). */
export function readCounts(db: Db, paperIds: readonly number[], platform: string, workspace: string): Map<number, number> {
  flushReadMarks(db);
  const rows = stmt(db, 'SELECT paper_id, readers FROM workspace_paper_readers WHERE platform = ? AND workspace = ? AND paper_id IN (SELECT value FROM json_each(?))')
    .raw()
    .all(platform, workspace, JSON.stringify(paperIds)) as Array<[number, number]>;
  const counts = new Map<number, number>(paperIds.map((id) => [id, 0]));
  for (const [id, readers] of rows) counts.set(id, readers);
  return counts;
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
