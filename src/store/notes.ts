import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface Note {
  id: number;
  memberId: number;
  authorName: string;
  paperId: number;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export async function addNote(db: Db, n: { memberId: number; paperId: number; clubId: number | null; body: string; at: number }): Promise<number> {
  const info = await db.run(sql`INSERT INTO notes (member_id, paper_id, club_id, body, created_at, updated_at) VALUES (${n.memberId}, ${n.paperId}, ${n.clubId}, ${n.body}, ${n.at}, ${n.at})`);
  return Number(info.insertId);
}

/** A note by a member of this workspace (notes of other servers/workspaces are invisible here). */
export async function getNote(db: Db, id: number, platform: string, workspace: string): Promise<Note | null> {
  return (
    (await db.first(sql`SELECT n.id, n.member_id AS memberId, m.display_name AS authorName, n.paper_id AS paperId, n.body,
              n.created_at AS createdAt, n.updated_at AS updatedAt
       FROM notes n JOIN members m ON m.id = n.member_id WHERE n.id = ${id} AND m.platform = ${platform} AND m.workspace = ${workspace}`) as Note | undefined) ?? null
  );
}

/** Notes on a paper by members of this workspace, oldest first. */
export async function notesOnPaper(db: Db, paperId: number, platform: string, workspace: string, limit: number, offset = 0): Promise<Note[]> {
  return await db.all(sql`SELECT n.id, n.member_id AS memberId, m.display_name AS authorName, n.paper_id AS paperId, n.body,
              n.created_at AS createdAt, n.updated_at AS updatedAt
       FROM notes n JOIN members m ON m.id = n.member_id
       WHERE n.paper_id = ${paperId} AND m.platform = ${platform} AND m.workspace = ${workspace}
       ORDER BY n.created_at, n.id LIMIT ${limit} OFFSET ${offset}`) as Note[];
}

export async function countNotesOnPaper(db: Db, paperId: number, platform: string, workspace: string): Promise<number> {
  return await db.value(sql`SELECT count(*) FROM notes n JOIN members m ON m.id = n.member_id WHERE n.paper_id = ${paperId} AND m.platform = ${platform} AND m.workspace = ${workspace}`) as number;
}

export async function updateNote(db: Db, id: number, body: string, at: number): Promise<void> {
  await db.run(sql`UPDATE notes SET body = ${body}, updated_at = ${at} WHERE id = ${id}`);
}

export async function deleteNote(db: Db, id: number): Promise<void> {
  await db.run(sql`DELETE FROM notes WHERE id = ${id}`);
}
