import type { Paper } from '../catalog/types.ts';
import { clubBlurb, getPaper } from '../catalog/catalog-store.ts';
import type { Db } from '../store/db.ts';
import { latestPostedMeeting, meetingsFrom, meetingsHeld, openMeetings } from './club-store.ts';
import { meetingUid } from './meeting-uid.ts';
import { ensurePlan } from './plan.ts';
import { plannedRows } from './plan-store.ts';
import { presentersAt } from './presenters.ts';
import type { Club, Meeting, PlannedMeeting } from './types.ts';

export { scheduleOf } from './plan.ts';

/**
 * "This week's meeting": the oldest announced meeting that is not over yet. `/paper now`, `/read`, `/unread`,
 * the buttons and reactions all go through here (or through its post), so they always agree.
 */
export function currentMeeting(db: Db, club: Club, now: number, durationMs: number): Meeting | null {
  return openMeetings(db, club.id, now, durationMs).find((m) => m.paperId !== null) ?? null;
}

/** The meeting whose paper `/read` means by default: this week's, else the latest announced one (read after the talk). */
export function readingMeeting(db: Db, club: Club, now: number, durationMs: number): Meeting | null {
  return currentMeeting(db, club, now, durationMs) ?? latestPostedMeeting(db, club.id);
}

/**
 * The next `count` meetings after `now` as the plan records them: announced meetings and skipped dates from their
 * records, the rest from the planned meetings (see plan.ts), numbered in order after the meetings announced so far.
 */
export function planUpcoming(db: Db, club: Club, now: number, count: number): PlannedMeeting[] {
  ensurePlan(db, club, now);
  const records = meetingsFrom(db, club.id, now + 1);
  const planned = plannedRows(db, club.id, now);
  let number = meetingsHeld(db, club.id);
  const out: PlannedMeeting[] = [];
  let r = 0;
  let p = 0;
  while (out.length < count && (r < records.length || p < planned.length)) {
    const record = records[r];
    const row = planned[p];
    if (record && (!row || record.slotAt <= row.slotAt)) {
      r++;
      const shown = recordedMeeting(db, club, record);
      if (shown) out.push(shown);
      continue;
    }
    p++;
    const paper = row!.paperId !== null ? getPaper(db, row!.paperId) : null;
    out.push({
      clubId: club.id,
      slotAt: row!.slotAt,
      number: paper ? ++number : null,
      paper,
      presenters: presentersAt(db, club.id, row!.slotAt),
      status: 'upcoming',
      uid: row!.uid,
      revision: row!.revision,
      origin: row!.origin,
      plannedId: row!.id,
    });
  }
  return out;
}

/** A date with a record as the plan shows it: skipped or missed, or announced with its paper; null for anything else. */
function recordedMeeting(db: Db, club: Club, row: Meeting): PlannedMeeting | null {
  if (row.status === 'skipped' || row.status === 'missed') {
    return {
      clubId: club.id,
      slotAt: row.slotAt,
      number: null,
      paper: null,
      presenters: presentersAt(db, club.id, row.slotAt),
      status: row.status,
      uid: row.uid ?? meetingUid(club, row.slotAt),
      revision: row.revision,
      skipReason: row.skipReason,
    };
  }
  return row.paperId !== null ? plannedFromRow(db, club, row) : null;
}

/** A meeting with a record, as the schedule shows it. */
export function plannedFromRow(db: Db, club: Club, row: Meeting): PlannedMeeting {
  const paper: Paper | null = row.paperId !== null ? getPaper(db, row.paperId) : null;
  return {
    clubId: club.id,
    slotAt: row.slotAt,
    number: row.number,
    paper,
    presenters: presentersAt(db, club.id, row.slotAt),
    status: row.status,
    uid: row.uid ?? meetingUid(club, row.slotAt),
    revision: row.revision,
    skipReason: row.skipReason,
  };
}

/** When the post for the meeting at `meetingAt` goes out. */
export function announceAt(club: Pick<Club, 'announceLeadMinutes'>, meetingAt: number): number {
  return meetingAt - club.announceLeadMinutes * 60_000;
}

/**
 * The meeting with its paper's one-liner as the club shows it everywhere (post, /paper now, calendar, Discord event):
 * the blurb of the list the club follows, not the catalog's best of all lists.
 */
export function withClubBlurb(db: Db, club: Club, m: PlannedMeeting): PlannedMeeting {
  return m.paper ? { ...m, paper: { ...m.paper, ...clubBlurb(db, m.paper.id, club) } } : m;
}
