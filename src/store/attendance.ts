import { sql } from 'kysely';
import { UserError } from '../errors.ts';
import type { Db } from './db.ts';
import type { Club, Meeting } from '../club/types.ts';


/**
 * Attendance, separate from reading (issue 12): anyone marks "I was there" once per meeting, once the meeting has
 * started, and can take it back (a press by mistake). Only counts are ever shown to others; nobody is named.
 */

/** Marks the member at the meeting; false when they were marked already. A UserError before the meeting starts. */
export async function markAttended(db: Db, club: Club, meeting: Meeting, memberId: number, now: number): Promise<boolean> {
  if (meeting.paperId === null || !['posting', 'posted', 'done'].includes(meeting.status)) {
    throw new UserError('no-meeting', 'That meeting did not take place.');
  }
  if (now < meeting.slotAt) throw new UserError('not-started', `Meeting ${meeting.number} has not started yet. Press again once it has.`);
  return (await db.run(sql`INSERT OR IGNORE INTO attendance (club_id, meeting_at, member_id, marked_at) VALUES (${club.id}, ${meeting.slotAt}, ${memberId}, ${now})`)).changes === 1;
}

/** Takes back the member's "I was there"; false when they were not marked. */
export async function unmarkAttended(db: Db, clubId: number, meetingAt: number, memberId: number): Promise<boolean> {
  return (await db.run(sql`DELETE FROM attendance WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} AND member_id = ${memberId}`)).changes === 1;
}

/** How many of the club's meetings the member was at. */
export async function meetingsAttended(db: Db, clubId: number, memberId: number): Promise<number> {
  return await db.value(sql`SELECT count(*) FROM attendance WHERE club_id = ${clubId} AND member_id = ${memberId}`) as number;
}

/** How many members marked themselves at the meeting. */
export async function attendanceCount(db: Db, clubId: number, meetingAt: number): Promise<number> {
  return await db.value(sql`SELECT count(*) FROM attendance WHERE club_id = ${clubId} AND meeting_at = ${meetingAt}`) as number;
}
