import type { Db } from '../store/db.ts';
import type { ReadVia } from './types.ts';
import { deleteReadMark, insertReadMark } from '../store/mark-writer.ts';
import { flushReadMarks } from '../store/mark-writer.ts';

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
