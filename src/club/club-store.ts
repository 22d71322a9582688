import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Club, Meeting, MeetingStatus, Member, PlanOrigin, Platform, SkipReason, Where } from './types.ts';

/** SQL for clubs, their sequences, members and meetings. Every helper takes `db` first. */

interface ClubRow {
  id: number;
  platform: Platform;
  workspace: string;
  channel: string;
  name: string;
  sequence_slug: string;
  position: number;
  cron: string;
  timezone: string;
  every_weeks: number;
  anchor_date: string | null;
  announce_lead_minutes: number;
  setup_by: string | null;
  read_emoji: string;
  presenters_per_meeting: number;
  reminder_lead_minutes: number;
  paused: number;
  created_at: number;
  meeting_link: string | null;
  meeting_channel: string | null;
  meeting_channel_kind: 'voice' | 'stage' | null;
}

const toClub = (r: ClubRow): Club => ({
  id: r.id,
  platform: r.platform,
  workspace: r.workspace,
  channel: r.channel,
  name: r.name,
  sequenceSlug: r.sequence_slug,
  position: r.position,
  cron: r.cron,
  timezone: r.timezone,
  everyWeeks: r.every_weeks,
  anchorDate: r.anchor_date,
  announceLeadMinutes: r.announce_lead_minutes,
  setupBy: r.setup_by,
  readEmoji: r.read_emoji,
  presentersPerMeeting: r.presenters_per_meeting,
  reminderLeadMinutes: r.reminder_lead_minutes,
  paused: r.paused === 1,
  createdAt: r.created_at,
  meetingLink: r.meeting_link,
  meetingChannel: r.meeting_channel,
  meetingChannelKind: r.meeting_channel_kind,
});

export function getClub(db: Db, id: number): Club | null {
  const r = stmt(db, 'SELECT * FROM clubs WHERE id = ?').get(id) as ClubRow | undefined;
  return r ? toClub(r) : null;
}

export function findClub(db: Db, where: Where): Club | null {
  const r = stmt(db, 'SELECT * FROM clubs WHERE platform = ? AND workspace = ? AND channel = ?')
    .get(where.platform, where.workspace, where.channel) as ClubRow | undefined;
  return r ? toClub(r) : null;
}

/** What the scheduler's scan reads of a club: its schedule and timings, not its texts (names, links, emoji). */
export type ClubTimings = Pick<
  Club,
  'id' | 'platform' | 'createdAt' | 'announceLeadMinutes' | 'reminderLeadMinutes' | 'paused' | 'cron' | 'timezone' | 'everyWeeks' | 'anchorDate'
>;

/**
 * The timings of the clubs the scheduler's sweep must look at by `now`, by id: those whose next check
 * (clubs.next_check_at, see migration 0007) has come, or was cleared by a change. Narrow and as arrays: the first
 * sweep after every club changed reads all of them, and full rows as objects cost it about half its time.
 */
export function clubsDueACheck(db: Db, now: number): ClubTimings[] {
  const rows = stmt(
    db,
    `SELECT id, platform, created_at, announce_lead_minutes, reminder_lead_minutes, paused, cron, timezone, every_weeks, anchor_date
     FROM clubs WHERE next_check_at IS NULL OR next_check_at <= ? ORDER BY id`,
  )
    .raw()
    .all(now) as Array<[number, Platform, number, number, number, number, string, string, number, string | null]>;
  return rows.map(([id, platform, createdAt, announceLeadMinutes, reminderLeadMinutes, paused, cron, timezone, everyWeeks, anchorDate]) => ({
    id,
    platform,
    createdAt,
    announceLeadMinutes,
    reminderLeadMinutes,
    paused: paused === 1,
    cron,
    timezone,
    everyWeeks,
    anchorDate,
  }));
}

/** Whole clubs by id, in one query (ids of clubs gone are left out). */
export function clubsByIds(db: Db, ids: readonly number[]): Map<number, Club> {
  const rows = stmt(db, 'SELECT * FROM clubs WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as ClubRow[];
  return new Map(rows.map((r) => [r.id, toClub(r)]));
}

export function allClubs(db: Db): Club[] {
  return (stmt(db, 'SELECT * FROM clubs ORDER BY id').all() as ClubRow[]).map(toClub);
}

/** What a new club is made from: where it lives and its settings (the rest starts at its defaults). */
export type NewClub = { where: Where } & Pick<
  Club,
  | 'name'
  | 'sequenceSlug'
  | 'cron'
  | 'timezone'
  | 'everyWeeks'
  | 'anchorDate'
  | 'announceLeadMinutes'
  | 'setupBy'
  | 'readEmoji'
  | 'presentersPerMeeting'
  | 'reminderLeadMinutes'
  | 'createdAt'
>;

export function insertClub(db: Db, c: NewClub): Club {
  const info = stmt(db, 
      `INSERT INTO clubs (platform, workspace, channel, name, sequence_slug, cron, timezone, every_weeks, anchor_date,
         announce_lead_minutes, setup_by, read_emoji, presenters_per_meeting, reminder_lead_minutes, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      c.where.platform,
      c.where.workspace,
      c.where.channel,
      c.name,
      c.sequenceSlug,
      c.cron,
      c.timezone,
      c.everyWeeks,
      c.anchorDate,
      c.announceLeadMinutes,
      c.setupBy,
      c.readEmoji,
      c.presentersPerMeeting,
      c.reminderLeadMinutes,
      c.createdAt,
    );
  return getClub(db, Number(info.lastInsertRowid))!;
}

const CLUB_COLUMNS = {
  name: 'name',
  sequenceSlug: 'sequence_slug',
  position: 'position',
  cron: 'cron',
  timezone: 'timezone',
  everyWeeks: 'every_weeks',
  anchorDate: 'anchor_date',
  announceLeadMinutes: 'announce_lead_minutes',
  setupBy: 'setup_by',
  readEmoji: 'read_emoji',
  presentersPerMeeting: 'presenters_per_meeting',
  reminderLeadMinutes: 'reminder_lead_minutes',
  paused: 'paused',
  meetingLink: 'meeting_link',
  meetingChannel: 'meeting_channel',
  meetingChannelKind: 'meeting_channel_kind',
} as const;
type ClubPatch = Partial<Pick<Club, keyof typeof CLUB_COLUMNS>>;

export function updateClub(db: Db, id: number, patch: ClubPatch): Club {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const col = CLUB_COLUMNS[k as keyof typeof CLUB_COLUMNS];
    if (!col || v === undefined) continue;
    sets.push(`${col} = ?`);
    values.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }
  if (sets.length) stmt(db, `UPDATE clubs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  return getClub(db, id)!;
}

/** Moves the club's place in its sequence; no row read back (a hot path of the weekly posts). */
export function setClubPosition(db: Db, id: number, position: number): void {
  stmt(db, 'UPDATE clubs SET position = ? WHERE id = ?').run(position, id);
}

export function deleteClub(db: Db, id: number): void {
  stmt(db, 'DELETE FROM clubs WHERE id = ?').run(id);
}

// --- sequence ---------------------------------------------------------------

/** Paper ids of the club's sequence in order. */
export function sequenceOf(db: Db, clubId: number): number[] {
  return (stmt(db, 'SELECT paper_id FROM club_sequence WHERE club_id = ? ORDER BY idx').pluck().all(clubId) as number[]);
}

/** Paper ids at [from, from + count) of the sequence. */
export function sequenceSlice(db: Db, clubId: number, from: number, count: number): number[] {
  return stmt(db, 'SELECT paper_id FROM club_sequence WHERE club_id = ? AND idx >= ? ORDER BY idx LIMIT ?')
    .pluck()
    .all(clubId, from, count) as number[];
}

export function sequenceIndexOf(db: Db, clubId: number, paperId: number): number | null {
  const idx = stmt(db, 'SELECT idx FROM club_sequence WHERE club_id = ? AND paper_id = ? ORDER BY idx LIMIT 1')
    .pluck()
    .get(clubId, paperId) as number | undefined;
  return idx ?? null;
}

/** Replaces the club's sequence (call inside a transaction). */
export function setSequence(db: Db, clubId: number, paperIds: number[]): void {
  stmt(db, 'DELETE FROM club_sequence WHERE club_id = ?').run(clubId);
  const ins = stmt(db, 'INSERT INTO club_sequence (club_id, idx, paper_id) VALUES (?, ?, ?)');
  paperIds.forEach((pid, i) => ins.run(clubId, i, pid));
}

// --- admins -----------------------------------------------------------------

export function isClubAdmin(db: Db, clubId: number, userId: string): boolean {
  return stmt(db, 'SELECT 1 FROM club_admins WHERE club_id = ? AND user_id = ?').get(clubId, userId) !== undefined;
}

export function addClubAdmin(db: Db, clubId: number, userId: string): void {
  stmt(db, 'INSERT OR IGNORE INTO club_admins (club_id, user_id) VALUES (?, ?)').run(clubId, userId);
}

export function removeClubAdmin(db: Db, clubId: number, userId: string): void {
  stmt(db, 'DELETE FROM club_admins WHERE club_id = ? AND user_id = ?').run(clubId, userId);
}

// --- members ----------------------------------------------------------------

interface MemberRow {
  id: number;
  platform: Platform;
  workspace: string;
  user_id: string;
  display_name: string;
  private: number;
}
const toMember = (r: MemberRow): Member => ({
  id: r.id,
  platform: r.platform,
  workspace: r.workspace,
  userId: r.user_id,
  displayName: r.display_name,
  private: r.private === 1,
});

/** The member as stored, if it is and under this name (nothing to write); null when upsertMember has work to do. */
export function knownMember(db: Db, platform: Platform, workspace: string, userId: string, displayName: string): Member | null {
  const known = stmt(db, 'SELECT * FROM members WHERE platform = ? AND workspace = ? AND user_id = ?').get(platform, workspace, userId) as
    | MemberRow
    | undefined;
  return known && (known.display_name === displayName || displayName === userId) ? toMember(known) : null;
}

/** Finds or creates the member, keeping the display name fresh. */
export function upsertMember(db: Db, platform: Platform, workspace: string, userId: string, displayName: string): Member {
  // Read first: on the reaction path the member almost always exists under the same name, and a write per mark
  // (a WAL frame each) halves read-mark throughput.
  const known = knownMember(db, platform, workspace, userId, displayName);
  if (known) return known;
  const r = stmt(db, 
      `INSERT INTO members (platform, workspace, user_id, display_name) VALUES (?, ?, ?, ?)
       ON CONFLICT (platform, workspace, user_id) DO UPDATE SET display_name =
         -- Callers that only know the id pass it as the name; never let that overwrite a real name.
         CASE WHEN excluded.display_name = excluded.user_id THEN members.display_name ELSE excluded.display_name END
       RETURNING *`,
    )
    .get(platform, workspace, userId, displayName) as MemberRow;
  return toMember(r);
}

export function setMemberPrivate(db: Db, memberId: number, value: boolean): void {
  stmt(db, 'UPDATE members SET private = ? WHERE id = ?').run(value ? 1 : 0, memberId);
}

// --- meetings ---------------------------------------------------------------

interface MeetingRow {
  id: number;
  club_id: number;
  slot_at: number;
  number: number | null;
  timezone: string | null;
  paper_id: number | null;
  status: MeetingStatus;
  posted_at: number | null;
  uid: string | null;
  revision: number;
  skip_reason: SkipReason | null;
  skipped_paper_id: number | null;
  skipped_origin: PlanOrigin | null;
  skipped_status: Meeting['skippedStatus'];
  skipped_number: number | null;
}
const toMeeting = (r: MeetingRow): Meeting => ({
  id: r.id,
  clubId: r.club_id,
  slotAt: r.slot_at,
  number: r.number,
  timezone: r.timezone,
  paperId: r.paper_id,
  status: r.status,
  postedAt: r.posted_at,
  uid: r.uid,
  revision: r.revision,
  skipReason: r.skip_reason,
  skippedPaperId: r.skipped_paper_id,
  skippedOrigin: r.skipped_origin,
  skippedStatus: r.skipped_status,
  skippedNumber: r.skipped_number,
});

export function getMeeting(db: Db, clubId: number, slotAt: number): Meeting | null {
  const r = stmt(db, 'SELECT * FROM meetings WHERE club_id = ? AND slot_at = ?').get(clubId, slotAt) as MeetingRow | undefined;
  return r ? toMeeting(r) : null;
}

/** Meetings with a row (posted, done, skipped, missed) at or after `from`, in slot order. */
export function meetingsFrom(db: Db, clubId: number, from: number): Meeting[] {
  return (
    stmt(db, 'SELECT * FROM meetings WHERE club_id = ? AND slot_at >= ? ORDER BY slot_at').all(clubId, from) as MeetingRow[]
  ).map(toMeeting);
}

/** The latest meeting that had a post (posting, posted or done), or null. */
export function latestPostedMeeting(db: Db, clubId: number): Meeting | null {
  const r = stmt(db, 
      `SELECT * FROM meetings WHERE club_id = ? AND status IN ('posting', 'posted', 'done')
       ORDER BY slot_at DESC LIMIT 1`,
    )
    .get(clubId) as MeetingRow | undefined;
  return r ? toMeeting(r) : null;
}

/** Past meetings with a paper, newest first. */
export function pastMeetings(db: Db, clubId: number, limit: number, offset = 0): Meeting[] {
  return (
    stmt(db, 
        `SELECT * FROM meetings WHERE club_id = ? AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')
         ORDER BY slot_at DESC LIMIT ? OFFSET ?`,
      )
      .all(clubId, limit, offset) as MeetingRow[]
  ).map(toMeeting);
}

export function insertMeeting(
  db: Db,
  m: {
    clubId: number;
    slotAt: number;
    number: number | null;
    timezone: string;
    paperId: number | null;
    status: MeetingStatus;
    postedAt?: number | null;
    uid?: string | null;
    revision?: number;
  },
): Meeting {
  // No RETURNING: the row is what was written, and RETURNING made SQLite buffer it (a hot path of the weekly posts).
  const { lastInsertRowid } = stmt(db, `INSERT INTO meetings (club_id, slot_at, number, timezone, paper_id, status, posted_at, uid, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    m.clubId,
    m.slotAt,
    m.number,
    m.timezone,
    m.paperId,
    m.status,
    m.postedAt ?? null,
    m.uid ?? null,
    m.revision ?? 0,
  );
  return {
    id: Number(lastInsertRowid),
    clubId: m.clubId,
    slotAt: m.slotAt,
    number: m.number,
    timezone: m.timezone,
    paperId: m.paperId,
    status: m.status,
    postedAt: m.postedAt ?? null,
    uid: m.uid ?? null,
    revision: m.revision ?? 0,
    skipReason: null,
    skippedPaperId: null,
    skippedOrigin: null,
    skippedStatus: null,
    skippedNumber: null,
  };
}

/**
 * A date with no meeting, recorded with what it took away (see plan.ts): why, the paper and its origin, the status
 * before (an announced meeting can be skipped) and its number. False when the date already has a record.
 */
export function insertSkip(
  db: Db,
  s: {
    clubId: number;
    slotAt: number;
    status: 'skipped' | 'missed';
    reason: SkipReason | null;
    uid: string | null;
    revision: number;
    paperId?: number | null;
    origin?: PlanOrigin | null;
    from?: Meeting['skippedStatus'];
  },
): boolean {
  return (
    stmt(
      db,
      `INSERT OR IGNORE INTO meetings (club_id, slot_at, number, paper_id, status, uid, revision, skip_reason, skipped_paper_id, skipped_origin, skipped_status)
       VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.clubId, s.slotAt, s.status, s.uid, s.revision, s.reason, s.paperId ?? null, s.origin ?? null, s.from ?? null).changes === 1
  );
}

/** Records a slot that takes no paper (skipped, missed); false when the slot already has a record. Atomic. */
export function recordEmptySlot(db: Db, clubId: number, slotAt: number, status: 'skipped' | 'missed'): boolean {
  return (
    stmt(db, `INSERT OR IGNORE INTO meetings (club_id, slot_at, number, paper_id, status) VALUES (?, ?, NULL, NULL, ?)`).run(clubId, slotAt, status)
      .changes === 1
  );
}

export function setMeetingStatus(db: Db, meetingId: number, status: MeetingStatus, postedAt?: number): void {
  if (postedAt !== undefined) stmt(db, 'UPDATE meetings SET status = ?, posted_at = ? WHERE id = ?').run(status, postedAt, meetingId);
  else stmt(db, 'UPDATE meetings SET status = ? WHERE id = ?').run(status, meetingId);
}

/** The meeting row's id and status at (club, slot), without the rest (a hot path of the weekly posts). */
export function meetingStatusAt(db: Db, clubId: number, slotAt: number): { id: number; status: MeetingStatus } | null {
  return (stmt(db, 'SELECT id, status FROM meetings WHERE club_id = ? AND slot_at = ?').get(clubId, slotAt) as { id: number; status: MeetingStatus } | undefined) ?? null;
}

/** The platform of a club, without the rest of its row. */
export function clubPlatform(db: Db, clubId: number): Platform | null {
  return (stmt(db, 'SELECT platform FROM clubs WHERE id = ?').pluck().get(clubId) as Platform | undefined) ?? null;
}

export function deleteMeeting(db: Db, meetingId: number): void {
  stmt(db, 'DELETE FROM meetings WHERE id = ?').run(meetingId);
}

export function addMeetingPost(db: Db, meetingId: number, platform: Platform, channel: string, messageId: string): void {
  stmt(db, 'INSERT OR IGNORE INTO meeting_posts (meeting_id, platform, channel, message_id) VALUES (?, ?, ?, ?)').run(
    meetingId,
    platform,
    channel,
    messageId,
  );
}

/**
 * What a reaction on a message would mark: the meeting whose post it is, its paper and its club's read emoji. Three
 * lookups of one row by its whole key, which SQLite plans without statistics; as one join it took 14 µs a call on
 * the bench database (re-planned on every call while STAT4 samples existed, see store/db.ts), as lookups 3 µs.
 */
export function reactionTargetOf(
  db: Db,
  platform: Platform,
  channel: string,
  messageId: string,
): { meetingId: number; clubId: number; paperId: number | null; readEmoji: string } | null {
  const meetingId = stmt(db, 'SELECT meeting_id FROM meeting_posts WHERE platform = ? AND channel = ? AND message_id = ?')
    .pluck()
    .get(platform, channel, messageId) as number | undefined;
  if (meetingId === undefined) return null;
  const meeting = stmt(db, 'SELECT club_id, paper_id FROM meetings WHERE id = ?').get(meetingId) as
    | { club_id: number; paper_id: number | null }
    | undefined;
  if (!meeting) return null;
  const readEmoji = stmt(db, 'SELECT read_emoji FROM clubs WHERE id = ?').pluck().get(meeting.club_id) as string | undefined;
  if (readEmoji === undefined) return null;
  return { meetingId, clubId: meeting.club_id, paperId: meeting.paper_id, readEmoji };
}

/** Meetings (any club) announced or being announced with this paper: their posts show its title and one-liner. */
export function announcedMeetingsOfPaper(db: Db, paperId: number): Array<{ clubId: number; slotAt: number }> {
  return stmt(db, `SELECT club_id AS clubId, slot_at AS slotAt FROM meetings WHERE paper_id = ? AND status IN ('posted', 'posting')`).all(paperId) as Array<{
    clubId: number;
    slotAt: number;
  }>;
}

export function postsOfMeeting(db: Db, meetingId: number): Array<{ platform: Platform; channel: string; messageId: string }> {
  return stmt(db, 'SELECT platform, channel, message_id AS messageId FROM meeting_posts WHERE meeting_id = ?')
    .all(meetingId) as Array<{ platform: Platform; channel: string; messageId: string }>;
}

/** How many meetings the club has held or announced (the number of its latest). */
export function meetingsHeld(db: Db, clubId: number): number {
  return (stmt(db, 'SELECT max(number) FROM meetings WHERE club_id = ?').pluck().get(clubId) as number | null) ?? 0;
}

/** Announced meetings (post begun or out) not yet over at `now`, oldest first. */
export function openMeetings(db: Db, clubId: number, now: number, durationMs: number): Meeting[] {
  return (
    stmt(db, `SELECT * FROM meetings WHERE club_id = ? AND status IN ('posting', 'posted') AND slot_at + ? > ? ORDER BY slot_at`)
      .all(clubId, durationMs, now) as MeetingRow[]
  ).map(toMeeting);
}

/** Turns an announced meeting into a skipped date, keeping what an unskip needs to announce it again as it was. */
export function markMeetingSkipped(db: Db, meeting: Meeting, reason: SkipReason): void {
  stmt(
    db,
    `UPDATE meetings SET status = 'skipped', number = NULL, paper_id = NULL, skip_reason = ?, skipped_paper_id = ?, skipped_status = ?,
       skipped_number = ?, revision = revision + 1 WHERE id = ?`,
  ).run(reason, meeting.paperId, meeting.status === 'posting' ? 'posting' : 'posted', meeting.number, meeting.id);
}

/** Undoes markMeetingSkipped: the meeting is announced again with its paper and number. */
export function markMeetingUnskipped(db: Db, meeting: Meeting, number: number): void {
  stmt(
    db,
    `UPDATE meetings SET status = ?, number = ?, paper_id = ?, skip_reason = NULL, skipped_paper_id = NULL, skipped_status = NULL,
       skipped_number = NULL, skipped_origin = NULL, revision = revision + 1 WHERE id = ?`,
  ).run(meeting.skippedStatus ?? 'posted', number, meeting.skippedPaperId, meeting.id);
}
