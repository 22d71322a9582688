import { mapInOrder } from '../in-order.ts';
import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import { currentMeeting, planUpcoming, plannedFromRow } from './planning.ts';
import { progressOf, type Progress } from './progress.ts';
import { meetingAt } from './sign-ups.ts';
import type { Club, Platform, PlannedMeeting } from './types.ts';
import { allClubs, getClub } from '../store/clubs.ts';

/** A club as one member sees it on their home page: its next meeting and their progress in it. */
export interface HomeClub {
  club: Club;
  /** This week's announced meeting until it is over, else the next meeting with a paper; null when the list is done. */
  next: PlannedMeeting | null;
  progress: Progress;
}

/** One of the member's latest notes, with its paper. */
export interface HomeNote {
  id: number;
  body: string;
  updatedAt: number;
  paperTitle: string;
  paperUrl: string;
}

/** Everything a member's personal page shows (Slack's App Home): their clubs, sign-ups and latest notes. */
export interface MemberHome {
  clubs: HomeClub[];
  signUps: Array<{ club: Club; meeting: PlannedMeeting }>;
  notes: HomeNote[];
}

const LATEST_NOTES = 5;

/**
 * The member's own data across the clubs of one workspace. A person the bot has never seen gets the clubs and no
 * data of their own (the member row is not created just for looking).
 */
export async function memberHome(db: Db, platform: Platform, workspace: string, userId: string, now: number, durationMs: number): Promise<MemberHome> {
  const memberId = await db.value(sql`SELECT id FROM members WHERE platform = ${platform} AND workspace = ${workspace} AND user_id = ${userId}`) as
    | number
    | undefined;
  const clubs = await mapInOrder(
    (await allClubs(db)).filter((c) => c.platform === platform && c.workspace === workspace),
    async (club): Promise<HomeClub> => {
      const current = await currentMeeting(db, club, now, durationMs);
      const next = current ? await plannedFromRow(db, club, current) : ((await planUpcoming(db, club, now, 6)).find((m) => m.paper !== null) ?? null);
      return { club, next, // -1 matches no member: someone new sees the club's meetings so far with none read.
      progress: await progressOf(db, club, memberId ?? -1) };
    },
  );
  if (memberId === undefined) return { clubs, signUps: [], notes: [] };

  // Sign-ups for meetings not over yet, soonest first.
  const rows = await db.all(sql`SELECT club_id AS clubId, meeting_at AS meetingAt FROM sign_ups WHERE member_id = ${memberId} AND meeting_at > ${now - durationMs} ORDER BY meeting_at LIMIT 10`) as Array<{ clubId: number; meetingAt: number }>;
  const signUps: MemberHome['signUps'] = [];
  for (const r of rows) {
    const club = clubs.find((c) => c.club.id === r.clubId)?.club ?? (await getClub(db, r.clubId));
    const meeting = club ? await meetingAt(db, club, now, r.meetingAt) : null;
    if (club && meeting) signUps.push({ club, meeting });
  }
  const notes = await db.all(sql`SELECT n.id, n.body, n.updated_at AS updatedAt, p.title AS paperTitle, p.url AS paperUrl
     FROM notes n JOIN papers p ON p.id = n.paper_id WHERE n.member_id = ${memberId} ORDER BY n.updated_at DESC, n.id DESC LIMIT ${LATEST_NOTES}`) as HomeNote[];
  return { clubs, signUps, notes };
}
