import type { Db } from '../store/db.ts';
import type { Club } from './types.ts';
import { papersSoFar, clubPaperIds } from '../store/marks.ts';
import { flushReadMarks } from '../store/mark-writer.ts';
import { readAmong } from '../store/marks.ts';

/** A member's reading in a club: of its meetings so far, and of all the papers on its list. */
export interface Progress {
  /** Meetings so far whose paper the member read. */
  metRead: number;
  /** The club's meetings so far (distinct papers). */
  met: number;
  /** Papers of the club's list the member read, met on or not yet. */
  listRead: number;
  /** Papers on the club's list. */
  listTotal: number;
  /** Consecutive most recent meetings whose paper the member read. */
  streak: number;
}

export async function progressOf(db: Db, club: Club, memberId: number): Promise<Progress> {
  await flushReadMarks(db);
  const met = await papersSoFar(db, club.id);
  const list = await clubPaperIds(db, club.id);
  const read = new Set(
    await readAmong(db, memberId, JSON.stringify([...new Set([...met, ...list])])),
  );
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
