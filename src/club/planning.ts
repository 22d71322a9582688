import type { Paper } from '../catalog/types.ts';
import { getPaper } from '../catalog/catalog-store.ts';
import type { Db } from '../store/db.ts';
import { latestPostedMeeting, meetingsFrom, sequenceSlice } from './club-store.ts';
import { nextSlot } from './cron-slots.ts';
import { presentersOf } from './presenters.ts';
import type { Club, Meeting, PlannedMeeting } from './types.ts';

/** The meeting under way: the latest post whose meeting is not done yet. */
export function currentMeeting(db: Db, club: Club): Meeting | null {
  const m = latestPostedMeeting(db, club.id);
  return m && (m.status === 'posted' || m.status === 'posting') ? m : null;
}

/**
 * The next `count` meetings after `now`, derived from the club's place in its sequence:
 * skipped slots take no paper, every other slot takes the next paper in order.
 */
export function planUpcoming(db: Db, club: Club, now: number, count: number): PlannedMeeting[] {
  const rows = new Map(meetingsFrom(db, club.id, now + 1).map((m) => [m.slotAt, m]));
  const papers = sequenceSlice(db, club.id, club.position, count);
  const out: PlannedMeeting[] = [];
  let pos = club.position;
  let t = now;
  // Bounded: a year of weekly slots is ~52, so 4x count slots cover any sane skip pattern.
  for (let guard = 0; out.length < count && guard < count * 4 + 8; guard++) {
    t = nextSlot(club.cron, club.timezone, t);
    const row = rows.get(t);
    if (row && (row.status === 'skipped' || row.status === 'missed')) {
      out.push({ clubId: club.id, slotAt: t, week: null, paper: null, presenters: [], status: row.status });
      continue;
    }
    if (row && row.paperId !== null) {
      out.push(plannedFromRow(db, club, row));
      continue;
    }
    const paperId = papers[pos - club.position];
    const paper = paperId !== undefined ? getPaper(db, paperId) : null;
    out.push({
      clubId: club.id,
      slotAt: t,
      week: paper ? pos + 1 : null,
      paper,
      presenters: paper ? presentersOf(db, club.id, paper.id) : [],
      status: 'upcoming',
    });
    if (paper) pos++;
  }
  return out;
}

export function plannedFromRow(db: Db, club: Club, row: Meeting): PlannedMeeting {
  const paper: Paper | null = row.paperId !== null ? getPaper(db, row.paperId) : null;
  return {
    clubId: club.id,
    slotAt: row.slotAt,
    week: row.week,
    paper,
    presenters: paper ? presentersOf(db, club.id, paper.id) : [],
    status: row.status,
  };
}
