import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import { UserError } from '../errors.ts';
import { charCount } from '../render/characters.ts';

/** Longest note we keep: Discord's modal allows 4,000 characters, so every platform gets the same limit. */
export const MAX_NOTE_CHARS = 4000;

export interface Note {
  id: number;
  memberId: number;
  authorName: string;
  paperId: number;
  body: string;
  createdAt: number;
  updatedAt: number;
}

/** Trims and checks a note body; throws a UserError saying what is wrong. */
export function checkNoteBody(body: string | undefined): string {
  const text = (body ?? '').replace(/\r\n/g, '\n').trim();
  if (!text) throw new UserError('empty-note', 'A note needs some text, e.g. /note lora "the rank ablation surprised me".');
  // Counted as Discord and Slack count characters (code points): an emoji is one.
  const length = charCount(text);
  if (length > MAX_NOTE_CHARS) {
    throw new UserError('note-too-long', `That note is ${length} characters; the limit is ${MAX_NOTE_CHARS}. Split it into two notes.`);
  }
  return text;
}

export function addNote(db: Db, n: { memberId: number; paperId: number; clubId: number | null; body: string; at: number }): number {
  const info = stmt(db, 'INSERT INTO notes (member_id, paper_id, club_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(n.memberId, n.paperId, n.clubId, n.body, n.at, n.at);
  return Number(info.lastInsertRowid);
}

/** A note by a member of this workspace (notes of other servers/workspaces are invisible here). */
export function getNote(db: Db, id: number, platform: string, workspace: string): Note | null {
  return (
    (stmt(
      db,
      `SELECT n.id, n.member_id AS memberId, m.display_name AS authorName, n.paper_id AS paperId, n.body,
              n.created_at AS createdAt, n.updated_at AS updatedAt
       FROM notes n JOIN members m ON m.id = n.member_id WHERE n.id = ? AND m.platform = ? AND m.workspace = ?`,
    ).get(id, platform, workspace) as Note | undefined) ?? null
  );
}

/** Notes on a paper by members of this workspace, oldest first. */
export function notesOnPaper(db: Db, paperId: number, platform: string, workspace: string, limit: number, offset = 0): Note[] {
  return stmt(db, 
      `SELECT n.id, n.member_id AS memberId, m.display_name AS authorName, n.paper_id AS paperId, n.body,
              n.created_at AS createdAt, n.updated_at AS updatedAt
       FROM notes n JOIN members m ON m.id = n.member_id
       WHERE n.paper_id = ? AND m.platform = ? AND m.workspace = ?
       ORDER BY n.created_at, n.id LIMIT ? OFFSET ?`,
    )
    .all(paperId, platform, workspace, limit, offset) as Note[];
}

export function countNotesOnPaper(db: Db, paperId: number, platform: string, workspace: string): number {
  return stmt(db, 
      `SELECT count(*) FROM notes n JOIN members m ON m.id = n.member_id WHERE n.paper_id = ? AND m.platform = ? AND m.workspace = ?`,
    )
    .pluck()
    .get(paperId, platform, workspace) as number;
}

export function updateNote(db: Db, id: number, body: string, at: number): void {
  stmt(db, 'UPDATE notes SET body = ?, updated_at = ? WHERE id = ?').run(body, at, id);
}

export function deleteNote(db: Db, id: number): void {
  stmt(db, 'DELETE FROM notes WHERE id = ?').run(id);
}
