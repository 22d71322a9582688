import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Member } from './types.ts';

/**
 * Presenters sign up for a meeting — a date — and keep it whatever paper ends up on it; skip, pick, move, a schedule
 * change or a list switch change the paper or move the date, and the people concerned are told (see plan-changes.ts).
 */

export function presentersAt(db: Db, clubId: number, meetingAt: number): Member[] {
  return (
    stmt(db, 
        `SELECT m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private
         FROM sign_ups s JOIN members m ON m.id = s.member_id
         WHERE s.club_id = ? AND s.meeting_at = ? ORDER BY s.signed_up_at, m.id`,
      )
      .all(clubId, meetingAt) as Array<Omit<Member, 'private'> & { private: number }>
  ).map((m) => ({ ...m, private: m.private === 1 }));
}

export function addPresenter(db: Db, clubId: number, meetingAt: number, memberId: number, at: number): boolean {
  return (
    stmt(db, 'INSERT OR IGNORE INTO sign_ups (club_id, meeting_at, member_id, signed_up_at) VALUES (?, ?, ?, ?)')
      .run(clubId, meetingAt, memberId, at).changes === 1
  );
}

export function removePresenter(db: Db, clubId: number, meetingAt: number, memberId: number): boolean {
  return stmt(db, 'DELETE FROM sign_ups WHERE club_id = ? AND meeting_at = ? AND member_id = ?').run(clubId, meetingAt, memberId).changes === 1;
}

export function clearPresenters(db: Db, clubId: number, meetingAt: number): number {
  return stmt(db, 'DELETE FROM sign_ups WHERE club_id = ? AND meeting_at = ?').run(clubId, meetingAt).changes;
}

/** Every sign-up of the club for meetings at or after `from`: (date, member). */
export function signUpsFrom(db: Db, clubId: number, from: number): Array<{ meetingAt: number; memberId: number; signedUpAt: number }> {
  return stmt(db, 'SELECT meeting_at AS meetingAt, member_id AS memberId, signed_up_at AS signedUpAt FROM sign_ups WHERE club_id = ? AND meeting_at >= ? ORDER BY meeting_at')
    .all(clubId, from) as Array<{ meetingAt: number; memberId: number; signedUpAt: number }>;
}

/** Moves the sign-ups of one date to another (a schedule change keeps each upcoming meeting's presenters). */
export function moveSignUps(db: Db, clubId: number, from: number, to: number): void {
  stmt(db, 'UPDATE OR IGNORE sign_ups SET meeting_at = ? WHERE club_id = ? AND meeting_at = ?').run(to, clubId, from);
  stmt(db, 'DELETE FROM sign_ups WHERE club_id = ? AND meeting_at = ?').run(clubId, from);
}
