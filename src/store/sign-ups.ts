import { moveDate } from './plan.ts';
import { sql } from 'kysely';
import { idList, type Db, type RunResult } from './db.ts';
import type { Member } from '../club/types.ts';


/**
 * Presenters sign up for a meeting — a date — and keep it whatever paper ends up on it; skip, pick, move, a schedule
 * change or a list switch change the paper or move the date, and the people concerned are told (see plan-changes.ts).
 */

export async function presentersAt(db: Db, clubId: number, meetingAt: number): Promise<Member[]> {
  return (
    await db.all(sql`SELECT m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private
         FROM sign_ups s JOIN members m ON m.id = s.member_id
         WHERE s.club_id = ${clubId} AND s.meeting_at = ${meetingAt} ORDER BY s.signed_up_at, m.id`) as Array<Omit<Member, 'private'> & { private: number }>
  ).map((m) => ({ ...m, private: m.private === 1 }));
}

/** presentersAt for several meetings of a club in one query: each meeting's presenters in sign-up order (none: absent). */
export async function presentersAtSlots(db: Db, clubId: number, meetingAts: readonly number[]): Promise<Map<number, Member[]>> {
  const out = new Map<number, Member[]>();
  if (!meetingAts.length) return out;
  const rows = (await db.all(sql`SELECT s.meeting_at AS meetingAt, m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private
       FROM sign_ups s JOIN members m ON m.id = s.member_id
       WHERE s.club_id = ${clubId} AND s.meeting_at IN ${idList(db, meetingAts)} ORDER BY s.meeting_at, s.signed_up_at, m.id`)) as Array<Omit<Member, 'private'> & { private: number; meetingAt: number }>;
  for (const { meetingAt, ...m } of rows) {
    const at = Number(meetingAt);
    const list = out.get(at) ?? [];
    list.push({ ...m, private: m.private === 1 });
    out.set(at, list);
  }
  return out;
}

export async function addPresenter(db: Db, clubId: number, meetingAt: number, memberId: number, at: number): Promise<boolean> {
  return (
    (await db.run(sql`INSERT INTO sign_ups (club_id, meeting_at, member_id, signed_up_at) VALUES (${clubId}, ${meetingAt}, ${memberId}, ${at}) ON CONFLICT DO NOTHING`)).changes === 1
  );
}

export async function removePresenter(db: Db, clubId: number, meetingAt: number, memberId: number): Promise<boolean> {
  return (await db.run(sql`DELETE FROM sign_ups WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} AND member_id = ${memberId}`)).changes === 1;
}

export async function clearPresenters(db: Db, clubId: number, meetingAt: number): Promise<number> {
  return (await db.run(sql`DELETE FROM sign_ups WHERE club_id = ${clubId} AND meeting_at = ${meetingAt}`)).changes;
}

/** Every sign-up of the club for meetings at or after `from`: (date, member). */
export async function signUpsFrom(db: Db, clubId: number, from: number): Promise<Array<{ meetingAt: number; memberId: number; signedUpAt: number }>> {
  return await db.all(sql`SELECT meeting_at AS meetingAt, member_id AS memberId, signed_up_at AS signedUpAt FROM sign_ups WHERE club_id = ${clubId} AND meeting_at >= ${from} ORDER BY meeting_at`) as Array<{ meetingAt: number; memberId: number; signedUpAt: number }>;
}

/** Moves the sign-ups of one date to another (a schedule change keeps each upcoming meeting's presenters). */
export async function moveSignUps(db: Db, clubId: number, from: number, to: number): Promise<void> {
  await moveDate(db, 'sign_ups', clubId, from, to);
  await db.run(sql`DELETE FROM sign_ups WHERE club_id = ${clubId} AND meeting_at = ${from}`);
}

/** Claims on papers from before dated meetings (migration 0003), waiting to be placed. */
export async function legacyClaims(db: Db): Promise<Array<{ clubId: number; paperId: number; memberId: number; at: number }>> {
  return (await db.all(sql`SELECT club_id AS clubId, paper_id AS paperId, member_id AS memberId, signed_up_at AS at FROM legacy_paper_claims`)) as Array<{ clubId: number; paperId: number; memberId: number; at: number }>;
}

/** The legacy claims were placed. */
export async function forgetLegacyClaims(db: Db): Promise<RunResult> {
  return await db.run(sql`DELETE FROM legacy_paper_claims`);
}

