import { sql } from 'kysely';
import { idList, insertReturningId, type Db } from './db.ts';
import { forgetPostMeetings } from './meetings.ts';
import type { Club, Member, Platform, Where } from '../club/types.ts';


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

export async function getClub(db: Db, id: number): Promise<Club | null> {
  const r = await db.first(sql`SELECT * FROM clubs WHERE id = ${id}`) as ClubRow | undefined;
  return r ? toClub(r) : null;
}

export async function findClub(db: Db, where: Where): Promise<Club | null> {
  const r = await db.first(sql`SELECT * FROM clubs WHERE platform = ${where.platform} AND workspace = ${where.workspace} AND channel = ${where.channel}`) as ClubRow | undefined;
  return r ? toClub(r) : null;
}

/** What the scheduler's scan reads of a club: its schedule and timings, not its texts (names, links, emoji). */
export type ClubTimings = Pick<
  Club,
  'id' | 'platform' | 'workspace' | 'createdAt' | 'announceLeadMinutes' | 'reminderLeadMinutes' | 'paused' | 'cron' | 'timezone' | 'everyWeeks' | 'anchorDate'
>;

/**
 * The timings of the clubs the scheduler's sweep must look at by `now`, by id: those whose next check
 * (clubs.next_check_at, see migration 0007) has come, or was cleared by a change. Narrow and as arrays: the first
 * sweep after every club changed reads all of them, and full rows as objects cost it about half its time.
 */
export async function clubsDueACheck(db: Db, now: number): Promise<ClubTimings[]> {
  const rows = await db.rows(sql`SELECT id, platform, workspace, created_at, announce_lead_minutes, reminder_lead_minutes, paused, cron, timezone, every_weeks, anchor_date
     FROM clubs WHERE next_check_at IS NULL OR next_check_at <= ${now} ORDER BY id`) as Array<[number, Platform, string, number, number, number, number, string, string, number, string | null]>;
  return rows.map(([id, platform, workspace, createdAt, announceLeadMinutes, reminderLeadMinutes, paused, cron, timezone, everyWeeks, anchorDate]) => ({
    id,
    platform,
    workspace,
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
export async function clubsByIds(db: Db, ids: readonly number[]): Promise<Map<number, Club>> {
  const rows = await db.all(sql`SELECT * FROM clubs WHERE id IN ${idList(db, ids)}`) as ClubRow[];
  return new Map(rows.map((r) => [r.id, toClub(r)]));
}

export async function allClubs(db: Db): Promise<Club[]> {
  return (await db.all(sql`SELECT * FROM clubs ORDER BY id`) as ClubRow[]).map(toClub);
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

export async function insertClub(db: Db, c: NewClub): Promise<Club> {
  const id = await insertReturningId(db, sql`INSERT INTO clubs (platform, workspace, channel, name, sequence_slug, cron, timezone, every_weeks, anchor_date,
         announce_lead_minutes, setup_by, read_emoji, presenters_per_meeting, reminder_lead_minutes, created_at)
       VALUES (${c.where.platform}, ${c.where.workspace}, ${c.where.channel}, ${c.name}, ${c.sequenceSlug}, ${c.cron}, ${c.timezone}, ${c.everyWeeks}, ${c.anchorDate}, ${c.announceLeadMinutes}, ${c.setupBy}, ${c.readEmoji}, ${c.presentersPerMeeting}, ${c.reminderLeadMinutes}, ${c.createdAt})`);
  return (await getClub(db, id))!;
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

export async function updateClub(db: Db, id: number, patch: ClubPatch): Promise<Club> {
  const sets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    const col = CLUB_COLUMNS[k as keyof typeof CLUB_COLUMNS];
    if (!col || v === undefined) continue;
    sets[col] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  if (Object.keys(sets).length) await db.run(db.k.updateTable('clubs').set(sets).where('id', '=', id));
  return (await getClub(db, id))!;
}

/** Moves the club's place in its sequence; no row read back (a hot path of the weekly posts). */
export async function setClubPosition(db: Db, id: number, position: number): Promise<void> {
  await db.run(sql`UPDATE clubs SET position = ${position} WHERE id = ${id}`);
}

export async function deleteClub(db: Db, id: number): Promise<void> {
  await db.run(sql`DELETE FROM clubs WHERE id = ${id}`);
  forgetPostMeetings(db);
}

// --- sequence ---------------------------------------------------------------

/** Paper ids of the club's sequence in order. */
export async function sequenceOf(db: Db, clubId: number): Promise<number[]> {
  return (await db.values(sql`SELECT paper_id FROM club_sequence WHERE club_id = ${clubId} ORDER BY idx`) as number[]);
}

/** Paper ids at [from, from + count) of the sequence. */
export async function sequenceSlice(db: Db, clubId: number, from: number, count: number): Promise<number[]> {
  return await db.values(sql`SELECT paper_id FROM club_sequence WHERE club_id = ${clubId} AND idx >= ${from} ORDER BY idx LIMIT ${count}`) as number[];
}

export async function sequenceIndexOf(db: Db, clubId: number, paperId: number): Promise<number | null> {
  const idx = await db.value(sql`SELECT idx FROM club_sequence WHERE club_id = ${clubId} AND paper_id = ${paperId} ORDER BY idx LIMIT 1`) as number | undefined;
  return idx ?? null;
}

/** Replaces the club's sequence (call inside a transaction). */
export async function setSequence(db: Db, clubId: number, paperIds: number[]): Promise<void> {
  await db.run(sql`DELETE FROM club_sequence WHERE club_id = ${clubId}`);
  for (const [i, pid] of paperIds.entries()) await db.run(sql`INSERT INTO club_sequence (club_id, idx, paper_id) VALUES (${clubId}, ${i}, ${pid})`);
}

// --- admins -----------------------------------------------------------------

export async function isClubAdmin(db: Db, clubId: number, userId: string): Promise<boolean> {
  return await db.first(sql`SELECT 1 FROM club_admins WHERE club_id = ${clubId} AND user_id = ${userId}`) !== undefined;
}

export async function addClubAdmin(db: Db, clubId: number, userId: string): Promise<void> {
  await db.run(sql`INSERT INTO club_admins (club_id, user_id) VALUES (${clubId}, ${userId}) ON CONFLICT DO NOTHING`);
}

export async function removeClubAdmin(db: Db, clubId: number, userId: string): Promise<void> {
  await db.run(sql`DELETE FROM club_admins WHERE club_id = ${clubId} AND user_id = ${userId}`);
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
export async function knownMember(db: Db, platform: Platform, workspace: string, userId: string, displayName: string): Promise<Member | null> {
  const known = await db.first(sql`SELECT * FROM members WHERE platform = ${platform} AND workspace = ${workspace} AND user_id = ${userId}`) as
    | MemberRow
    | undefined;
  return known && keepsName(known.display_name, displayName, userId) ? toMember(known) : null;
}

/**
 * A reaction's lookups of its member in one query: the member as stored under this name (null when upsertMember has
 * work to do, as knownMember) and whether their read mark on the paper is stored. One statement a reaction fewer.
 */
export async function knownMemberAndMark(
  db: Db,
  platform: Platform,
  who: { workspace: string; userId: string; displayName: string },
  paperId: number,
): Promise<{ member: Member; marked: boolean } | null> {
  const known = await db.first(sql`SELECT m.*, CASE WHEN EXISTS (SELECT 1 FROM read_marks r WHERE r.member_id = m.id AND r.paper_id = ${paperId}) THEN 1 ELSE 0 END AS marked
     FROM members m WHERE m.platform = ${platform} AND m.workspace = ${who.workspace} AND m.user_id = ${who.userId}`) as (MemberRow & { marked: number }) | undefined;
  return known && keepsName(known.display_name, who.displayName, who.userId) ? { member: toMember(known), marked: Number(known.marked) === 1 } : null;
}

/** Whether a stored member needs no write for this name: it is the same, or the caller only knew the id. */
const keepsName = (stored: string, given: string, userId: string): boolean => stored === given || given === userId;

/**
 * What every command starts from, in one query instead of three: the channel's club, the member as stored under this
 * name (null when upsertMember has work to do: a new member, or a new name) and whether they are one of the club's
 * admins. On PostgreSQL a round trip is most of a command's time (issue 24).
 */
export async function commandSubject(
  db: Db,
  where: Where,
  userId: string,
  displayName: string,
): Promise<{ club: Club | null; member: Member | null; clubAdmin: boolean }> {
  const r = (await db.first(sql`SELECT c.*, m.id AS m_id, m.display_name AS m_display_name, m.private AS m_private,
       CASE WHEN EXISTS (SELECT 1 FROM club_admins a WHERE a.club_id = c.id AND a.user_id = ${userId}) THEN 1 ELSE 0 END AS m_club_admin
     FROM (SELECT 1 AS one) o
     LEFT JOIN clubs c ON c.platform = ${where.platform} AND c.workspace = ${where.workspace} AND c.channel = ${where.channel}
     LEFT JOIN members m ON m.platform = ${where.platform} AND m.workspace = ${where.workspace} AND m.user_id = ${userId}`)) as
    | (ClubRow & { m_id: number | null; m_display_name: string | null; m_private: number | null; m_club_admin: number })
    | undefined;
  if (!r) return { club: null, member: null, clubAdmin: false };
  const club = r.id === null ? null : toClub(r);
  const member =
    r.m_id !== null && keepsName(r.m_display_name!, displayName, userId)
      ? toMember({ id: r.m_id, platform: where.platform, workspace: where.workspace, user_id: userId, display_name: r.m_display_name!, private: r.m_private! })
      : null;
  return { club, member, clubAdmin: club !== null && r.m_club_admin === 1 };
}

/** Finds or creates the member, keeping the display name fresh. */
export async function upsertMember(db: Db, platform: Platform, workspace: string, userId: string, displayName: string): Promise<Member> {
  // Read first: on the reaction path the member almost always exists under the same name, and a write per mark
  // (a WAL frame each) halves read-mark throughput.
  const known = await knownMember(db, platform, workspace, userId, displayName);
  if (known) return known;
  const r = await db.first(sql`INSERT INTO members (platform, workspace, user_id, display_name) VALUES (${platform}, ${workspace}, ${userId}, ${displayName})
       ON CONFLICT (platform, workspace, user_id) DO UPDATE SET display_name =
         -- Callers that only know the id pass it as the name; never let that overwrite a real name.
         CASE WHEN excluded.display_name = excluded.user_id THEN members.display_name ELSE excluded.display_name END
       RETURNING *`) as MemberRow;
  return toMember(r);
}

export async function setMemberPrivate(db: Db, memberId: number, value: boolean): Promise<void> {
  await db.run(sql`UPDATE members SET private = ${value ? 1 : 0} WHERE id = ${memberId}`);
}

/** The platform of a club, without the rest of its row. */
export async function clubPlatform(db: Db, clubId: number): Promise<Platform | null> {
  return (await db.value(sql`SELECT platform FROM clubs WHERE id = ${clubId}`) as Platform | undefined) ?? null;
}

/** The id of a platform user's member row, if they have one. */
export async function memberIdOf(db: Db, platform: Platform, workspace: string, userId: string): Promise<| number
    | undefined> {
  return (await db.value(sql`SELECT id FROM members WHERE platform = ${platform} AND workspace = ${workspace} AND user_id = ${userId}`)) as | number
    | undefined;
}

/** A member's sign-ups for meetings after `after`, soonest first (at most 10). */
export async function upcomingSignUpsOf(db: Db, memberId: number, after: number): Promise<Array<{ clubId: number; meetingAt: number }>> {
  return (await db.all(sql`SELECT club_id AS clubId, meeting_at AS meetingAt FROM sign_ups WHERE member_id = ${memberId} AND meeting_at > ${after} ORDER BY meeting_at LIMIT 10`)) as Array<{ clubId: number; meetingAt: number }>;
}

/** A member's latest notes, newest first. */
export async function latestNotesOf(db: Db, memberId: number, LATEST_NOTES: number): Promise<HomeNote[]> {
  return (await db.all(sql`SELECT n.id, n.body, n.updated_at AS updatedAt, p.title AS paperTitle, p.url AS paperUrl
     FROM notes n JOIN papers p ON p.id = n.paper_id WHERE n.member_id = ${memberId} ORDER BY n.updated_at DESC, n.id DESC LIMIT ${LATEST_NOTES}`)) as HomeNote[];
}

/** A note as a member's own page lists it. */
export interface HomeNote {
  id: number;
  body: string;
  updatedAt: number;
  paperTitle: string;
  paperUrl: string;
}
