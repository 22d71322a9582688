import { sql } from 'kysely';
import type { Db, RunResult } from './db.ts';
import type { Member } from '../club/types.ts';


export type AskState = 'asking' | 'accepted' | 'passed' | 'timed-out' | 'withdrawn' | 'undeliverable';

/** One ask of one volunteer for one meeting. */
export interface RotationAsk {
  id: number;
  clubId: number;
  meetingAt: number;
  memberId: number;
  askedAt: number;
  answerBy: number;
  state: AskState;
}

const ASK_COLUMNS = 'id, club_id AS clubId, meeting_at AS meetingAt, member_id AS memberId, asked_at AS askedAt, answer_by AS answerBy, state';

/** The club's rotation setting, or null when the rotation is off (the default). */
export async function rotationOf(db: Db, clubId: number): Promise<{ answerMinutes: number } | null> {
  const r = await db.first(sql`SELECT answer_minutes AS answerMinutes FROM club_rotation WHERE club_id = ${clubId}`) as { answerMinutes: number } | undefined;
  return r ?? null;
}

/** Turns the rotation on (with the answer time) or off; asks still open are withdrawn when it goes off. */
export async function setRotation(db: Db, clubId: number, on: boolean, answerMinutes: number, now: number): Promise<void> {
  await db.transaction(async (db) => {
        if (on) {
          await db.run(sql`INSERT INTO club_rotation (club_id, answer_minutes, enabled_at) VALUES (${clubId}, ${answerMinutes}, ${now})
                ON CONFLICT (club_id) DO UPDATE SET answer_minutes = excluded.answer_minutes`);
        } else {
          await db.run(sql`DELETE FROM club_rotation WHERE club_id = ${clubId}`);
          await db.run(sql`UPDATE rotation_asks SET state = 'withdrawn', answered_at = ${now} WHERE club_id = ${clubId} AND state = 'asking'`);
        }
      });
}

/** Adds a volunteer; false when they were in already. */
export async function joinRotation(db: Db, clubId: number, memberId: number, now: number): Promise<boolean> {
  return (await db.run(sql`INSERT OR IGNORE INTO rotation_volunteers (club_id, member_id, joined_at) VALUES (${clubId}, ${memberId}, ${now})`)).changes === 1;
}

/** Removes a volunteer (and withdraws an open ask to them); false when they were not in. */
export async function leaveRotation(db: Db, clubId: number, memberId: number, now: number): Promise<boolean> {
  return await db.transaction(async (db) => {
      await db.run(sql`UPDATE rotation_asks SET state = 'withdrawn', answered_at = ${now} WHERE club_id = ${clubId} AND member_id = ${memberId} AND state = 'asking'`);
      return (await db.run(sql`DELETE FROM rotation_volunteers WHERE club_id = ${clubId} AND member_id = ${memberId}`)).changes === 1;
    });
}

/** How many members volunteer in the club. */
export async function volunteerCount(db: Db, clubId: number): Promise<number> {
  return await db.value(sql`SELECT count(*) FROM rotation_volunteers WHERE club_id = ${clubId}`) as number;
}

/** The presenters of the club's latest held (announced) meeting before `meetingAt`: never asked next. */
export async function previousPresenterIds(db: Db, clubId: number, meetingAt: number): Promise<number[]> {
  return await db.values(sql`SELECT s.member_id FROM sign_ups s WHERE s.club_id = ${clubId} AND s.meeting_at = (
       SELECT max(slot_at) FROM meetings WHERE club_id = ${clubId} AND slot_at < ${meetingAt} AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done'))`) as number[];
}

/**
 * The volunteer to ask next for the meeting at `meetingAt`, or null when nobody is left: the one who presented
 * least recently (never presented first, then who joined first), skipping the previous meeting's presenters, anyone
 * already asked for this meeting (passed, timed out, or being asked) and anyone already signed up from `now` on.
 */
export async function nextVolunteer(db: Db, clubId: number, meetingAt: number, now: number): Promise<Member | null> {
  const skip = new Set(await previousPresenterIds(db, clubId, meetingAt));
  const rows = await db.all(sql`SELECT m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private,
            (SELECT max(s.meeting_at) FROM sign_ups s WHERE s.club_id = v.club_id AND s.member_id = v.member_id AND s.meeting_at < ${meetingAt}) AS lastPresented
     FROM rotation_volunteers v JOIN members m ON m.id = v.member_id
     WHERE v.club_id = ${clubId}
       AND NOT EXISTS (SELECT 1 FROM rotation_asks a WHERE a.club_id = v.club_id AND a.meeting_at = ${meetingAt} AND a.member_id = v.member_id)
       AND NOT EXISTS (SELECT 1 FROM sign_ups s WHERE s.club_id = v.club_id AND s.member_id = v.member_id AND s.meeting_at >= ${Math.min(now, meetingAt)})
     ORDER BY lastPresented IS NOT NULL, lastPresented, v.joined_at, m.id`) as Array<Omit<Member, 'private'> & { private: number; lastPresented: number | null }>;
  const hit = rows.find((r) => !skip.has(r.id));
  return hit ? { id: hit.id, platform: hit.platform, workspace: hit.workspace, userId: hit.userId, displayName: hit.displayName, private: hit.private === 1 } : null;
}

export async function getAsk(db: Db, id: number): Promise<RotationAsk | null> {
  return (await db.first(sql`SELECT ${sql.raw(ASK_COLUMNS)} FROM rotation_asks WHERE id = ${id}`) as RotationAsk | undefined) ?? null;
}

/** The ask of the meeting still waiting for an answer, if any. */
export async function openAsk(db: Db, clubId: number, meetingAt: number): Promise<RotationAsk | null> {
  return (await db.first(sql`SELECT ${sql.raw(ASK_COLUMNS)} FROM rotation_asks WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} AND state = 'asking'`) as RotationAsk | undefined) ?? null;
}

/** Every ask made for the meeting, oldest first. */
export async function asksFor(db: Db, clubId: number, meetingAt: number): Promise<RotationAsk[]> {
  return await db.all(sql`SELECT ${sql.raw(ASK_COLUMNS)} FROM rotation_asks WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} ORDER BY asked_at, id`) as RotationAsk[];
}

/** Records that `memberId` is being asked; the answer is due by `answerBy`. */
export async function recordAsk(db: Db, clubId: number, meetingAt: number, memberId: number, now: number, answerBy: number): Promise<RotationAsk> {
  return await db.first(sql`INSERT INTO rotation_asks (club_id, meeting_at, member_id, asked_at, answer_by, state) VALUES (${clubId}, ${meetingAt}, ${memberId}, ${now}, ${answerBy}, 'asking') RETURNING ${sql.raw(ASK_COLUMNS)}`) as RotationAsk;
}

/** Moves an ask on from 'asking'; false when it had been answered (or closed) already. */
export async function closeAsk(db: Db, id: number, state: Exclude<AskState, 'asking'>, now: number): Promise<boolean> {
  return (await db.run(sql`UPDATE rotation_asks SET state = ${state}, answered_at = ${now} WHERE id = ${id} AND state = 'asking'`)).changes === 1;
}

/** Asks whose time ran out become 'timed-out'; returns how many. */
export async function expireAsks(db: Db, clubId: number, meetingAt: number, now: number): Promise<number> {
  return (await db.run(sql`UPDATE rotation_asks SET state = 'timed-out', answered_at = ${now} WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} AND state = 'asking' AND answer_by <= ${now}`)).changes;
}

/** The meeting got its presenter another way: open asks are withdrawn. Returns how many. */
export async function withdrawAsks(db: Db, clubId: number, meetingAt: number, now: number): Promise<number> {
  return (await db.run(sql`UPDATE rotation_asks SET state = 'withdrawn', answered_at = ${now} WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} AND state = 'asking'`)).changes;
}

/** The asked member accepted. */
export async function acceptAsk(db: Db, now: number, id: number): Promise<RunResult> {
  return await db.run(sql`UPDATE rotation_asks SET state = 'accepted', answered_at = ${now} WHERE id = ${id}`);
}

/** A reminder recorded as sent (an accepted ask is its own reminder). */
export async function recordPresenterReminder(db: Db, id: number, meetingAt: number, kind: string, now: number): Promise<RunResult> {
  return await db.run(sql`INSERT OR IGNORE INTO reminders (club_id, slot_at, kind, sent_at) VALUES (${id}, ${meetingAt}, ${kind}, ${now})`);
}

