import { sql } from 'kysely';
import type { Club } from '../club/types.ts';
import type { Db } from './db.ts';

/** What `/club export` reads; marks and notes belong to a club when made in it, or outside any club by members of its workspace. */

/** The rows of the club's workspace: its own, and those made outside any club (`x` is the row, `m` its member). */
const ofClub = (club: Pick<Club, 'id' | 'platform' | 'workspace'>) =>
  sql`m.platform = ${club.platform} AND m.workspace = ${club.workspace} AND (x.club_id = ${club.id} OR x.club_id IS NULL)`;

/** The club's meetings that had a paper announced, in date order. */
export async function heldMeetingsOf(db: Db, clubId: number): Promise<Array<{ slotAt: number; number: number | null; timezone: string | null; paperId: number }>> {
  return await db.all(sql`SELECT slot_at AS slotAt, number, timezone, paper_id AS paperId FROM meetings
     WHERE club_id = ${clubId} AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done') ORDER BY slot_at`);
}

/** Papers the club's members marked read or wrote notes on. */
export async function papersTouchedIn(db: Db, club: Pick<Club, 'id' | 'platform' | 'workspace'>): Promise<number[]> {
  return await db.values<number>(sql`SELECT DISTINCT paper_id FROM (
       SELECT x.paper_id FROM notes x JOIN members m ON m.id = x.member_id WHERE ${ofClub(club)}
       UNION SELECT x.paper_id FROM read_marks x JOIN members m ON m.id = x.member_id WHERE ${ofClub(club)}) t`);
}

/** Who of the club read a paper, in the order they marked it. */
export async function readersIn(db: Db, club: Pick<Club, 'id' | 'platform' | 'workspace'>, paperId: number): Promise<Array<{ name: string; private: number }>> {
  return await db.all(sql`SELECT m.display_name AS name, m.private FROM read_marks x JOIN members m ON m.id = x.member_id
       WHERE x.paper_id = ${paperId} AND ${ofClub(club)} ORDER BY x.marked_at`);
}

/** The club's notes on a paper, oldest first. */
export async function notesIn(db: Db, club: Pick<Club, 'id' | 'platform' | 'workspace'>, paperId: number): Promise<Array<{ name: string; body: string; at: number }>> {
  return await db.all(sql`SELECT m.display_name AS name, x.body, x.created_at AS at FROM notes x JOIN members m ON m.id = x.member_id
       WHERE x.paper_id = ${paperId} AND ${ofClub(club)} ORDER BY x.created_at, x.id`);
}

/** Members with a part in the club: read a paper in it (or outside any club, in its workspace), were at or presented a meeting. */
export async function clubMemberIds(db: Db, club: Pick<Club, 'id' | 'platform' | 'workspace'>): Promise<number[]> {
  return await db.values<number>(sql`SELECT DISTINCT id FROM (
       SELECT x.member_id AS id FROM read_marks x JOIN members m ON m.id = x.member_id WHERE ${ofClub(club)}
       UNION SELECT member_id FROM attendance WHERE club_id = ${club.id}
       UNION SELECT member_id FROM sign_ups WHERE club_id = ${club.id}) t`);
}

/** These members, by display name. */
export async function membersByName(db: Db, ids: readonly number[]): Promise<Array<{ id: number; name: string; private: number }>> {
  return await db.all(sql`SELECT id, display_name AS name, private FROM members WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) ORDER BY display_name`);
}
