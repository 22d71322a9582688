import { sql } from 'kysely';
import { insertReturningId, type Db, type RunResult, insertOrder } from './db.ts';
import type { Meeting, MeetingStatus, PlanOrigin, Platform, SkipReason } from '../club/types.ts';
import type { PostedMessage } from '../club/types.ts';
// --- sequence ---------------------------------------------------------------
// --- admins -----------------------------------------------------------------
// --- members ----------------------------------------------------------------
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

export async function getMeeting(db: Db, clubId: number, slotAt: number): Promise<Meeting | null> {
  const r = await db.first(sql`SELECT * FROM meetings WHERE club_id = ${clubId} AND slot_at = ${slotAt}`) as MeetingRow | undefined;
  return r ? toMeeting(r) : null;
}

/** Meetings with a row (posted, done, skipped, missed) at or after `from`, in slot order. */
export async function meetingsFrom(db: Db, clubId: number, from: number): Promise<Meeting[]> {
  return (
    await db.all(sql`SELECT * FROM meetings WHERE club_id = ${clubId} AND slot_at >= ${from} ORDER BY slot_at`) as MeetingRow[]
  ).map(toMeeting);
}

/** The latest meeting that had a post (posting, posted or done), or null. */
export async function latestPostedMeeting(db: Db, clubId: number): Promise<Meeting | null> {
  const r = await db.first(sql`SELECT * FROM meetings WHERE club_id = ${clubId} AND status IN ('posting', 'posted', 'done')
       ORDER BY slot_at DESC LIMIT 1`) as MeetingRow | undefined;
  return r ? toMeeting(r) : null;
}

/** Past meetings with a paper, newest first. */
export async function pastMeetings(db: Db, clubId: number, limit: number, offset = 0): Promise<Meeting[]> {
  return (
    await db.all(sql`SELECT * FROM meetings WHERE club_id = ${clubId} AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')
         ORDER BY slot_at DESC LIMIT ${limit} OFFSET ${offset}`) as MeetingRow[]
  ).map(toMeeting);
}

export async function insertMeeting(
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
): Promise<Meeting> {
  // No RETURNING: the row is what was written, and RETURNING made SQLite buffer it (a hot path of the weekly posts).
  const insertId = await insertReturningId(db, sql`INSERT INTO meetings (club_id, slot_at, number, timezone, paper_id, status, posted_at, uid, revision) VALUES (${m.clubId}, ${m.slotAt}, ${m.number}, ${m.timezone}, ${m.paperId}, ${m.status}, ${m.postedAt ?? null}, ${m.uid ?? null}, ${m.revision ?? 0})`);
  return {
    id: insertId,
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
export async function insertSkip(
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
): Promise<boolean> {
  return (
    (await db.run(sql`INSERT INTO meetings (club_id, slot_at, number, paper_id, status, uid, revision, skip_reason, skipped_paper_id, skipped_origin, skipped_status)
       VALUES (${s.clubId}, ${s.slotAt}, NULL, NULL, ${s.status}, ${s.uid}, ${s.revision}, ${s.reason}, ${s.paperId ?? null}, ${s.origin ?? null}, ${s.from ?? null}) ON CONFLICT DO NOTHING`)).changes === 1
  );
}

/** Records a slot that takes no paper (skipped, missed); false when the slot already has a record. Atomic. */
export async function recordEmptySlot(db: Db, clubId: number, slotAt: number, status: 'skipped' | 'missed'): Promise<boolean> {
  return (
    (await db.run(sql`INSERT INTO meetings (club_id, slot_at, number, paper_id, status) VALUES (${clubId}, ${slotAt}, NULL, NULL, ${status}) ON CONFLICT DO NOTHING`))
      .changes === 1
  );
}

export async function setMeetingStatus(db: Db, meetingId: number, status: MeetingStatus, postedAt?: number): Promise<void> {
  if (postedAt !== undefined) await db.run(sql`UPDATE meetings SET status = ${status}, posted_at = ${postedAt} WHERE id = ${meetingId}`);
  else await db.run(sql`UPDATE meetings SET status = ${status} WHERE id = ${meetingId}`);
}

/** The meeting row's id and status at (club, slot), without the rest (a hot path of the weekly posts). */
export async function meetingStatusAt(db: Db, clubId: number, slotAt: number): Promise<{ id: number; status: MeetingStatus } | null> {
  return (await db.first(sql`SELECT id, status FROM meetings WHERE club_id = ${clubId} AND slot_at = ${slotAt}`) as { id: number; status: MeetingStatus } | undefined) ?? null;
}

export async function deleteMeeting(db: Db, meetingId: number): Promise<void> {
  await db.run(sql`DELETE FROM meetings WHERE id = ${meetingId}`);
  forgetPostMeetings(db);
}

export async function addMeetingPost(db: Db, meetingId: number, platform: Platform, channel: string, messageId: string): Promise<void> {
  await db.run(sql`INSERT INTO meeting_posts (meeting_id, platform, channel, message_id) VALUES (${meetingId}, ${platform}, ${channel}, ${messageId}) ON CONFLICT DO NOTHING`);
}

/**
 * Which meeting each weekly post belongs to, per database, as reactions looked them up (issue 24: the reaction
 * pattern that matters is a burst on one post, which then skips the post lookup). A post never moves to another
 * meeting, so an entry only goes stale when its meeting is deleted: deleting a meeting or a club forgets them all
 * (SQLite may reuse a deleted meeting's id). Only posts are kept, never "not a post": a message can become one.
 */
const meetingOfPost = new WeakMap<Db, Map<string, number>>();
/** Posts remembered per database; the oldest go first past this (a week's posts of thousands of clubs fit). */
const POSTS_REMEMBERED = 50_000;

/** Forgets every remembered post → meeting of this database (a meeting or a club was deleted). */
export function forgetPostMeetings(db: Db): void {
  meetingOfPost.get(db.root)?.clear();
}

/**
 * What a reaction on a message would mark: the meeting whose post it is, its paper and its club's read emoji. Three
 * lookups of one row by its whole key, which SQLite plans without statistics; as one join it took 14 µs a call on
 * the bench database (re-planned on every call while STAT4 samples existed, see store/db.ts), as lookups 3 µs. The
 * first is remembered (meetingOfPost).
 */
export async function reactionTargetOf(
  db: Db,
  platform: Platform,
  channel: string,
  messageId: string,
): Promise<{ meetingId: number; clubId: number; paperId: number | null; readEmoji: string } | null> {
  let posts = meetingOfPost.get(db.root);
  if (!posts) meetingOfPost.set(db.root, (posts = new Map()));
  const key = `${platform}\u0000${channel}\u0000${messageId}`;
  let meetingId = posts.get(key);
  if (meetingId === undefined) {
    meetingId = await db.value<number>(sql`SELECT meeting_id FROM meeting_posts WHERE platform = ${platform} AND channel = ${channel} AND message_id = ${messageId}`);
    if (meetingId === undefined) return null;
    if (posts.size >= POSTS_REMEMBERED) posts.delete(posts.keys().next().value!);
    posts.set(key, meetingId);
  }
  if (db.dialect === 'postgres') {
    // One round trip instead of two (on SQLite the two lookups are cheaper than the join, see above).
    const row = await db.first(sql`SELECT m.club_id, m.paper_id, c.read_emoji FROM meetings m JOIN clubs c ON c.id = m.club_id WHERE m.id = ${meetingId}`) as
      | { club_id: number; paper_id: number | null; read_emoji: string }
      | undefined;
    return row ? { meetingId, clubId: Number(row.club_id), paperId: row.paper_id === null ? null : Number(row.paper_id), readEmoji: row.read_emoji } : null;
  }
  const meeting = await db.first(sql`SELECT club_id, paper_id FROM meetings WHERE id = ${meetingId}`) as
    | { club_id: number; paper_id: number | null }
    | undefined;
  if (!meeting) return null;
  const readEmoji = await db.value(sql`SELECT read_emoji FROM clubs WHERE id = ${meeting.club_id}`) as string | undefined;
  if (readEmoji === undefined) return null;
  return { meetingId, clubId: meeting.club_id, paperId: meeting.paper_id, readEmoji };
}

export async function postsOfMeeting(db: Db, meetingId: number): Promise<Array<{ platform: Platform; channel: string; messageId: string }>> {
  return await db.all(sql`SELECT platform, channel, message_id AS messageId FROM meeting_posts WHERE meeting_id = ${meetingId}`) as Array<{ platform: Platform; channel: string; messageId: string }>;
}

/** How many meetings the club has held or announced (the number of its latest). */
export async function meetingsHeld(db: Db, clubId: number): Promise<number> {
  return (await db.value(sql`SELECT max(number) FROM meetings WHERE club_id = ${clubId}`) as number | null) ?? 0;
}

/** Announced meetings (post begun or out) not yet over at `now`, oldest first. */
export async function openMeetings(db: Db, clubId: number, now: number, durationMs: number): Promise<Meeting[]> {
  return (
    await db.all(sql`SELECT * FROM meetings WHERE club_id = ${clubId} AND status IN ('posting', 'posted') AND slot_at + ${durationMs} > ${now} ORDER BY slot_at`) as MeetingRow[]
  ).map(toMeeting);
}

/** Turns an announced meeting into a skipped date, keeping what an unskip needs to announce it again as it was. */
export async function markMeetingSkipped(db: Db, meeting: Meeting, reason: SkipReason): Promise<void> {
  await db.run(sql`UPDATE meetings SET status = 'skipped', number = NULL, paper_id = NULL, skip_reason = ${reason}, skipped_paper_id = ${meeting.paperId}, skipped_status = ${meeting.status === 'posting' ? 'posting' : 'posted'},
       skipped_number = ${meeting.number}, revision = revision + 1 WHERE id = ${meeting.id}`);
}

/** Undoes markMeetingSkipped: the meeting is announced again with its paper and number. */
export async function markMeetingUnskipped(db: Db, meeting: Meeting, number: number): Promise<void> {
  await db.run(sql`UPDATE meetings SET status = ${meeting.skippedStatus ?? 'posted'}, number = ${number}, paper_id = ${meeting.skippedPaperId}, skip_reason = NULL, skipped_paper_id = NULL, skipped_status = NULL,
       skipped_number = NULL, skipped_origin = NULL, revision = revision + 1 WHERE id = ${meeting.id}`);
}


/** Message ids a platform has recorded for meeting posts: an adapter that names its own messages continues after them. */
export async function recordedMessageIds(db: Db, platform: Platform): Promise<string[]> {
  return await db.values(sql`SELECT message_id FROM meeting_posts WHERE platform = ${platform}`) as string[];
}

/** The club's most recent meeting post on a platform, also one made before a restart, with its meeting's date. */
export async function latestPostOf(db: Db, clubId: number, platform: Platform): Promise<(PostedMessage & { meetingAt: number }) | null> {
  const row = await db.first<PostedMessage & { meetingAt: number }>(sql`SELECT p.channel, p.message_id AS messageId, m.slot_at AS meetingAt
       FROM meeting_posts p JOIN meetings m ON m.id = p.meeting_id
       WHERE m.club_id = ${clubId} AND p.platform = ${platform} ORDER BY m.slot_at DESC, ${insertOrder(db, 'p')} DESC LIMIT 1`);
  return row ?? null;
}

/** Meetings (any club) announced or being announced with this paper: their posts show its title and one-liner. */
export async function announcedMeetingsOfPaper(db: Db, paperId: number): Promise<Array<{ clubId: number; slotAt: number }>> {
  return await db.all(sql`SELECT club_id AS clubId, slot_at AS slotAt FROM meetings WHERE paper_id = ${paperId} AND status IN ('posted', 'posting')`);
}

/** Posted meetings whose time is over are done. */
export async function markFinishedMeetings(db: Db, durationMs: number, now: number): Promise<RunResult> {
  return await db.run(sql`UPDATE meetings SET status = 'done' WHERE status = 'posted' AND slot_at + ${durationMs} <= ${now}`);
}

/** A pending post whose meeting passed: missed, its paper kept for an unskip-like return to the queue. */
export async function markPostMissed(db: Db, paperId: number | null, id: number): Promise<RunResult> {
  return await db.run(sql`UPDATE meetings SET status = 'missed', number = NULL, paper_id = NULL, skipped_paper_id = ${paperId}, revision = revision + 1 WHERE id = ${id}`);
}

