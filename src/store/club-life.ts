import { sql } from 'kysely';
import type { Db } from './db.ts';
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

export async function linksOf(db: Db, clubId: number, meetingAt: number): Promise<MeetingLink[]> {
  return await db.all(sql`SELECT id, club_id AS clubId, meeting_at AS meetingAt, url, kind, label FROM meeting_links WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} ORDER BY id`) as MeetingLink[];
}
