import { papersReadBy, papersSoFar } from '../store/marks.ts';
import type { Db } from '../store/db.ts';
import type { Club } from './types.ts';
import { communityOf, followedListPaperIds } from '../store/catalog.ts';
import { flushReadMarks } from '../store/mark-writer.ts';

/**
 * Paper ids of the club's list: the papers of the reading list it follows, as /paper lists counts them
 * (catalog-store listPaperIds), in one query. Papers met on from other lists (a pick, a list followed before) count among the
 * papers posted so far, not here, so the list's size does not grow with every meeting.
 */
export async function clubPaperIds(db: Db, club: Pick<Club, 'sequenceSlug' | 'platform' | 'workspace'>): Promise<number[]> {
  return await followedListPaperIds(db, club.sequenceSlug, communityOf(club));
}

/** A member's reading in a club: of its meetings so far, and of all the papers on its list. */
export interface Progress {
  /** Meetings so far whose paper the member read. */
  metRead: number;
  /** The club's meetings so far (distinct papers). */
  met: number;
  /** Papers of the club's list the member read, met on or not yet. */
  listRead: number;
  /** Papers on the club's list (its reading list's entries that are papers: the count /paper lists shows). */
  listTotal: number;
  /** Consecutive most recent meetings whose paper the member read. */
  streak: number;
}

export async function progressOf(db: Db, club: Club, memberId: number): Promise<Progress> {
  await flushReadMarks(db);
  // Asked together: one round trip's wait on PostgreSQL. The member's marks are read whole (a member reads at most
  // the catalog), so they need not wait for the papers they are checked against.
  const [met, list, marks] = await Promise.all([papersSoFar(db, club.id), clubPaperIds(db, club), papersReadBy(db, memberId)]);
  const read = new Set(marks);
  let streak = 0;
  for (const p of met) {
    if (!read.has(p)) break;
    streak++;
  }
  return {
    metRead: met.filter((p) => read.has(p)).length,
    met: met.length,
    listRead: list.filter((p) => read.has(p)).length,
    listTotal: list.length,
    streak,
  };
}
