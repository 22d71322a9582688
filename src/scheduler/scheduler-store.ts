import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';

/** SQL the scheduler needs beyond the club store. Every helper takes `db` first. */

/** The latest slot at or before `now` that has a meeting row of any status (posted, skipped, missed …), or null. */
export function latestSettledSlot(db: Db, clubId: number, now: number): number | null {
  return (stmt(db, 'SELECT max(slot_at) FROM meetings WHERE club_id = ? AND slot_at <= ?').pluck().get(clubId, now) as number | null) ?? null;
}

/** Slots whose post was begun but not confirmed (a crash or a failed send), oldest first. */
export function pendingPostSlots(db: Db, clubId: number): number[] {
  return stmt(db, `SELECT slot_at FROM meetings WHERE club_id = ? AND status = 'posting' ORDER BY slot_at`).pluck().all(clubId) as number[];
}


export function reminderSent(db: Db, clubId: number, slotAt: number, kind: string): boolean {
  return stmt(db, 'SELECT 1 FROM reminders WHERE club_id = ? AND slot_at = ? AND kind = ?').get(clubId, slotAt, kind) !== undefined;
}

export function recordReminder(db: Db, clubId: number, slotAt: number, kind: string, at: number): void {
  stmt(db, 'INSERT OR IGNORE INTO reminders (club_id, slot_at, kind, sent_at) VALUES (?, ?, ?, ?)').run(clubId, slotAt, kind, at);
}

/** Remaining papers in the club's sequence from its position. */
export function papersLeft(db: Db, clubId: number, position: number): number {
  return stmt(db, 'SELECT count(*) FROM club_sequence WHERE club_id = ? AND idx >= ?').pluck().get(clubId, position) as number;
}

