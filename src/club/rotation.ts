import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import { formatSlot, localDate } from '../render/format.ts';
import type { ReplyButton } from '../render/button.ts';
import type { Club, Member, PlannedMeeting } from './types.ts';

/**
 * The presenter rotation (issue 12): members volunteer with /rotation join; when a meeting inside the reminder lead
 * has no presenter, the volunteer who presented least recently is asked privately (Accept / Pass). A pass or no
 * answer in time moves on to the next; the presenter of the previous held meeting is never asked (never twice in a
 * row), and nobody is asked twice for one meeting. Sign-ups work beside it: a meeting that gets a presenter any
 * other way withdraws the open ask.
 */

/** How long an asked volunteer has to answer unless the admin says otherwise. */
export const DEFAULT_ANSWER_HOURS = 12;

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
export function rotationOf(db: Db, clubId: number): { answerMinutes: number } | null {
  const r = stmt(db, 'SELECT answer_minutes AS answerMinutes FROM club_rotation WHERE club_id = ?').get(clubId) as { answerMinutes: number } | undefined;
  return r ?? null;
}

/** Turns the rotation on (with the answer time) or off; asks still open are withdrawn when it goes off. */
export function setRotation(db: Db, clubId: number, on: boolean, answerMinutes: number, now: number): void {
  db.transaction(() => {
    if (on) {
      stmt(db, `INSERT INTO club_rotation (club_id, answer_minutes, enabled_at) VALUES (?, ?, ?)
                ON CONFLICT (club_id) DO UPDATE SET answer_minutes = excluded.answer_minutes`).run(clubId, answerMinutes, now);
    } else {
      stmt(db, 'DELETE FROM club_rotation WHERE club_id = ?').run(clubId);
      stmt(db, `UPDATE rotation_asks SET state = 'withdrawn', answered_at = ? WHERE club_id = ? AND state = 'asking'`).run(now, clubId);
    }
  })();
}

/** Adds a volunteer; false when they were in already. */
export function joinRotation(db: Db, clubId: number, memberId: number, now: number): boolean {
  return stmt(db, 'INSERT OR IGNORE INTO rotation_volunteers (club_id, member_id, joined_at) VALUES (?, ?, ?)').run(clubId, memberId, now).changes === 1;
}

/** Removes a volunteer (and withdraws an open ask to them); false when they were not in. */
export function leaveRotation(db: Db, clubId: number, memberId: number, now: number): boolean {
  return db.transaction(() => {
    stmt(db, `UPDATE rotation_asks SET state = 'withdrawn', answered_at = ? WHERE club_id = ? AND member_id = ? AND state = 'asking'`).run(now, clubId, memberId);
    return stmt(db, 'DELETE FROM rotation_volunteers WHERE club_id = ? AND member_id = ?').run(clubId, memberId).changes === 1;
  })();
}

/** How many members volunteer in the club. */
export function volunteerCount(db: Db, clubId: number): number {
  return stmt(db, 'SELECT count(*) FROM rotation_volunteers WHERE club_id = ?').pluck().get(clubId) as number;
}

/** The presenters of the club's latest held (announced) meeting before `meetingAt`: never asked next. */
export function previousPresenterIds(db: Db, clubId: number, meetingAt: number): number[] {
  return stmt(
    db,
    `SELECT s.member_id FROM sign_ups s WHERE s.club_id = ? AND s.meeting_at = (
       SELECT max(slot_at) FROM meetings WHERE club_id = ? AND slot_at < ? AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done'))`,
  )
    .pluck()
    .all(clubId, clubId, meetingAt) as number[];
}

/**
 * The volunteer to ask next for the meeting at `meetingAt`, or null when nobody is left: the one who presented
 * least recently (never presented first, then who joined first), skipping the previous meeting's presenters, anyone
 * already asked for this meeting (passed, timed out, or being asked) and anyone already signed up from `now` on.
 */
export function nextVolunteer(db: Db, clubId: number, meetingAt: number, now: number): Member | null {
  const skip = new Set(previousPresenterIds(db, clubId, meetingAt));
  const rows = stmt(
    db,
    `SELECT m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private,
            (SELECT max(s.meeting_at) FROM sign_ups s WHERE s.club_id = v.club_id AND s.member_id = v.member_id AND s.meeting_at < ?) AS lastPresented
     FROM rotation_volunteers v JOIN members m ON m.id = v.member_id
     WHERE v.club_id = ?
       AND NOT EXISTS (SELECT 1 FROM rotation_asks a WHERE a.club_id = v.club_id AND a.meeting_at = ? AND a.member_id = v.member_id)
       AND NOT EXISTS (SELECT 1 FROM sign_ups s WHERE s.club_id = v.club_id AND s.member_id = v.member_id AND s.meeting_at >= ?)
     ORDER BY lastPresented IS NOT NULL, lastPresented, v.joined_at, m.id`,
  ).all(meetingAt, clubId, meetingAt, Math.min(now, meetingAt)) as Array<Omit<Member, 'private'> & { private: number; lastPresented: number | null }>;
  const hit = rows.find((r) => !skip.has(r.id));
  return hit ? { id: hit.id, platform: hit.platform, workspace: hit.workspace, userId: hit.userId, displayName: hit.displayName, private: hit.private === 1 } : null;
}

export function getAsk(db: Db, id: number): RotationAsk | null {
  return (stmt(db, `SELECT ${ASK_COLUMNS} FROM rotation_asks WHERE id = ?`).get(id) as RotationAsk | undefined) ?? null;
}

/** The ask of the meeting still waiting for an answer, if any. */
export function openAsk(db: Db, clubId: number, meetingAt: number): RotationAsk | null {
  return (stmt(db, `SELECT ${ASK_COLUMNS} FROM rotation_asks WHERE club_id = ? AND meeting_at = ? AND state = 'asking'`).get(clubId, meetingAt) as RotationAsk | undefined) ?? null;
}

/** Every ask made for the meeting, oldest first. */
export function asksFor(db: Db, clubId: number, meetingAt: number): RotationAsk[] {
  return stmt(db, `SELECT ${ASK_COLUMNS} FROM rotation_asks WHERE club_id = ? AND meeting_at = ? ORDER BY asked_at, id`).all(clubId, meetingAt) as RotationAsk[];
}

/** Records that `memberId` is being asked; the answer is due by `answerBy`. */
export function recordAsk(db: Db, clubId: number, meetingAt: number, memberId: number, now: number, answerBy: number): RotationAsk {
  return stmt(
    db,
    `INSERT INTO rotation_asks (club_id, meeting_at, member_id, asked_at, answer_by, state) VALUES (?, ?, ?, ?, ?, 'asking') RETURNING ${ASK_COLUMNS}`,
  ).get(clubId, meetingAt, memberId, now, answerBy) as RotationAsk;
}

/** Moves an ask on from 'asking'; false when it had been answered (or closed) already. */
export function closeAsk(db: Db, id: number, state: Exclude<AskState, 'asking'>, now: number): boolean {
  return stmt(db, `UPDATE rotation_asks SET state = ?, answered_at = ? WHERE id = ? AND state = 'asking'`).run(state, now, id).changes === 1;
}

/** Asks whose time ran out become 'timed-out'; returns how many. */
export function expireAsks(db: Db, clubId: number, meetingAt: number, now: number): number {
  return stmt(db, `UPDATE rotation_asks SET state = 'timed-out', answered_at = ? WHERE club_id = ? AND meeting_at = ? AND state = 'asking' AND answer_by <= ?`)
    .run(now, clubId, meetingAt, now).changes;
}

/** The meeting got its presenter another way: open asks are withdrawn. Returns how many. */
export function withdrawAsks(db: Db, clubId: number, meetingAt: number, now: number): number {
  return stmt(db, `UPDATE rotation_asks SET state = 'withdrawn', answered_at = ? WHERE club_id = ? AND meeting_at = ? AND state = 'asking'`).run(now, clubId, meetingAt).changes;
}

/** The Accept / Pass buttons of an ask; ClubCore.runAction routes `rotation:<clubId>:<askId>:<answer>`. */
export function askButtons(ask: Pick<RotationAsk, 'id' | 'clubId'>): ReplyButton[] {
  return [
    { action: `rotation:${ask.clubId}:${ask.id}:accept`, label: 'Accept', style: 'primary' },
    { action: `rotation:${ask.clubId}:${ask.id}:pass`, label: 'Pass', style: 'secondary' },
  ];
}

/** The private question to a volunteer. */
export function askText(club: Club, meeting: PlannedMeeting, answerBy: number): string {
  const title = meeting.paper?.title ?? 'the paper';
  return (
    `It's your turn in ${club.name}'s presenter rotation: could you present meeting ${meeting.number}, **${title}**` +
    `${meeting.paper ? ` (${meeting.paper.url})` : ''}, on ${formatSlot(meeting.slotAt, club.timezone)}? ` +
    `Press Accept or Pass by ${formatSlot(answerBy, club.timezone)}; after that the next volunteer is asked.`
  );
}

/** What the channel sees when a volunteer accepted: the name, unless they keep it private. */
export function acceptedText(member: Pick<Member, 'displayName' | 'private'>, meeting: Pick<PlannedMeeting, 'number' | 'paper' | 'slotAt'>, club: Club): string {
  const who = member.private ? 'A volunteer from the rotation' : member.displayName;
  return `🎤 ${who} will present meeting ${meeting.number}${meeting.paper ? `, **${meeting.paper.title}**,` : ''} on ${formatSlot(meeting.slotAt, club.timezone)}.`;
}

/** What the channel sees when every volunteer passed or did not answer. */
export function noVolunteerText(meeting: Pick<PlannedMeeting, 'number' | 'paper' | 'slotAt'>, club: Club): string {
  return (
    `No volunteer from the rotation for meeting ${meeting.number}${meeting.paper ? `, **${meeting.paper.title}**,` : ''} on ${formatSlot(meeting.slotAt, club.timezone)}. ` +
    `Could you take it? Sign up with /signup ${localDate(meeting.slotAt, club.timezone)}`
  );
}

/** What the channel sees when the meeting started before the rotation found a presenter. */
export function startedWithoutVolunteerText(meeting: Pick<PlannedMeeting, 'number' | 'paper' | 'slotAt'>, club: Club, asked: number): string {
  return (
    `The rotation found no presenter for meeting ${meeting.number ?? ''}${meeting.paper ? `, **${meeting.paper.title}**,` : ''} before it started ` +
    `(${asked} volunteer${asked === 1 ? '' : 's'} asked, none accepted in time): it goes ahead without a presenter.`
  );
}
