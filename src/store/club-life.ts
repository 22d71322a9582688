import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { Meeting } from '../club/types.ts';
/**
 * What a meeting left behind (issue 12): slides, a recording, code, a written summary. Only the meeting's
 * presenters or an admin add them; http(s) only; at most MAX_LINKS_PER_MEETING a meeting.
 */

export type LinkKind = 'slides' | 'recording' | 'code' | 'summary' | 'link';

/** One link of a meeting. */
export interface MeetingLink {
  id: number;
  clubId: number;
  meetingAt: number;
  url: string;
  kind: LinkKind;
  label: string;
}

/** A meeting's links, in the order added. */
export async function linksOf(db: Db, clubId: number, meetingAt: number): Promise<MeetingLink[]> {
  return await db.all(sql`SELECT id, club_id AS clubId, meeting_at AS meetingAt, url, kind, label FROM meeting_links WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} ORDER BY id`) as MeetingLink[];
}

/** The club's announced or held meeting of this number (with a paper). */
export async function announcedMeetingRow(db: Db, id: number, number: number): Promise<Meeting | undefined> {
  return (await db.first(sql`SELECT id, club_id AS clubId, slot_at AS slotAt, number, timezone, paper_id AS paperId, status, posted_at AS postedAt
     FROM meetings WHERE club_id = ${id} AND number = ${number} AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')`)) as Meeting | undefined;
}

/** The number of the club's latest announced meeting, if any. */
export async function latestMeetingNumber(db: Db, id: number): Promise<number | null> {
  return (await db.value(sql`SELECT max(number) FROM meetings WHERE club_id = ${id} AND status IN ('posting', 'posted', 'done')`)) as number | null;
}

/** A link added to a meeting; returns the stored row (none when the URL was there already). */
export async function insertMeetingLink(db: Db, id: number, slotAt: number, url: string, kind: LinkKind, label: string, memberId: number, now: number): Promise<MeetingLink> {
  return (await db.first(sql`INSERT INTO meeting_links (club_id, meeting_at, url, kind, label, added_by, added_at) VALUES (${id}, ${slotAt}, ${url}, ${kind}, ${label}, ${memberId}, ${now})
       RETURNING id, club_id AS clubId, meeting_at AS meetingAt, url, kind, label`)) as MeetingLink;
}

