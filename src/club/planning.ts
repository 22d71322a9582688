import type { Paper } from '../catalog/types.ts';
import { clubBlurb, getPaper } from '../catalog/catalog-store.ts';
import { nextMeetingAt, type MeetingSchedule } from '../calendar/meeting-schedule.ts';
import type { Db } from '../store/db.ts';
import { latestPostedMeeting, meetingsFrom, meetingsHeld, openMeetings, sequenceSlice } from './club-store.ts';
import { presentersAt } from './presenters.ts';
import type { Club, Meeting, PlannedMeeting } from './types.ts';

/** The club's meeting schedule. */
export function scheduleOf(club: Pick<Club, 'cron' | 'timezone' | 'everyWeeks' | 'anchorDate'>): MeetingSchedule {
  return { cron: club.cron, timezone: club.timezone, everyWeeks: club.everyWeeks, anchorDate: club.anchorDate };
}

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
 * The next `count` meetings after `now`, derived from the club's place in its sequence: an announced meeting keeps
 * its paper and number; a skipped date takes no paper; every other date takes the next paper in order and the next
 * meeting number.
 */
export function planUpcoming(db: Db, club: Club, now: number, count: number): PlannedMeeting[] {
  const ahead = meetingsFrom(db, club.id, now + 1);
  const rows = new Map(ahead.map((m) => [m.slotAt, m]));
  const papers = sequenceSlice(db, club.id, club.position, count);
  const schedule = scheduleOf(club);
  const out: PlannedMeeting[] = [];
  let pos = club.position;
  let number = meetingsHeld(db, club.id);
  let t = now;
  let offSchedule = 0; // index into `ahead` of the next record not yet placed
  // Bounded: skipped dates are few; 4x count dates cover any sane skip pattern.
  for (let guard = 0; out.length < count && guard < count * 4 + 8; guard++) {
    const next = nextMeetingAt(schedule, t);
    // A record off the schedule (a meeting announced before a schedule change keeps its date) in its place in time.
    while (offSchedule < ahead.length && ahead[offSchedule]!.slotAt < next && out.length < count) {
      const row = ahead[offSchedule++]!;
      const recorded = row.slotAt > t ? recordedMeeting(db, club, row) : null;
      if (recorded) out.push(recorded);
    }
    if (out.length >= count) break;
    t = next;
    while (offSchedule < ahead.length && ahead[offSchedule]!.slotAt <= t) offSchedule++;
    const row = rows.get(t);
    const recorded = row ? recordedMeeting(db, club, row) : null;
    if (recorded) {
      out.push(recorded);
      continue;
    }
    const paperId = papers[pos - club.position];
    const paper = paperId !== undefined ? getPaper(db, paperId) : null;
    out.push({
      clubId: club.id,
      slotAt: t,
      number: paper ? ++number : null,
      paper,
      presenters: presentersAt(db, club.id, t),
      status: 'upcoming',
    });
    if (paper) pos++;
  }
  return out;
}

/** A date with a record as the plan shows it: skipped or missed, or held with its paper; null for anything else. */
function recordedMeeting(db: Db, club: Club, row: Meeting): PlannedMeeting | null {
  if (row.status === 'skipped' || row.status === 'missed') {
    return { clubId: club.id, slotAt: row.slotAt, number: null, paper: null, presenters: presentersAt(db, club.id, row.slotAt), status: row.status };
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
