import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import type { Member, ReadVia } from './types.ts';
import { deleteReadMark, flushReadMarks, insertReadMark } from './read-mark-writer.ts';

export type { ReadVia } from './types.ts';

/** Marks a paper read for a member; idempotent. Returns true when the mark is new. */
export async function markRead(db: Db, memberId: number, paperId: number, clubId: number | null, via: ReadVia, at: number): Promise<boolean> {
  await flushReadMarks(db);
  return await insertReadMark(db, memberId, paperId, clubId, via, at);
}

/** Removes a read mark. Returns true when there was one. */
export async function unmarkRead(db: Db, memberId: number, paperId: number): Promise<boolean> {
  await flushReadMarks(db);
  return await deleteReadMark(db, memberId, paperId);
}

/** How many members of this workspace have read the paper (private members count, unnamed). */
export async function readCount(db: Db, paperId: number, platform: string, workspace: string): Promise<number> {
  await flushReadMarks(db);
  return await db.value(sql`SELECT count(*) FROM members m CROSS JOIN read_marks r ON r.member_id = m.id AND r.paper_id = ${paperId}
       WHERE m.platform = ${platform} AND m.workspace = ${workspace}`) as number;
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
