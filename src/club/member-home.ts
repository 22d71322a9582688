import type { HomeNote } from '../store/clubs.ts';
export type { HomeNote } from '../store/clubs.ts';
import { mapInOrder } from '../in-order.ts';
import { memberIdOf } from '../store/clubs.ts';
import type { Db } from '../store/db.ts';
import { currentMeeting, planUpcoming, plannedFromRow } from './planning.ts';
import { progressOf, type Progress } from './progress.ts';
import { meetingAt } from './sign-ups.ts';
import type { Club, Platform, PlannedMeeting } from './types.ts';
import { allClubs, getClub } from '../store/clubs.ts';
import { upcomingSignUpsOf, latestNotesOf } from '../store/clubs.ts';

/** A club as one member sees it on their home page: its next meeting and their progress in it. */
export interface HomeClub {
  club: Club;
  /** This week's announced meeting until it is over, else the next meeting with a paper; null when the list is done. */
  next: PlannedMeeting | null;
  progress: Progress;
}

/** One of the member's latest notes, with its paper. */

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
  const memberId = await memberIdOf(db, platform, workspace, userId);
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
  const rows = await upcomingSignUpsOf(db, memberId, now - durationMs);
  const signUps: MemberHome['signUps'] = [];
  for (const r of rows) {
    const club = clubs.find((c) => c.club.id === r.clubId)?.club ?? (await getClub(db, r.clubId));
    const meeting = club ? await meetingAt(db, club, now, r.meetingAt) : null;
    if (club && meeting) signUps.push({ club, meeting });
  }
  const notes = await latestNotesOf(db, memberId, LATEST_NOTES);
  return { clubs, signUps, notes };
}
