import type { Paper } from '../catalog/types.ts';
import type { Db } from '../store/db.ts';
import { meetingUid } from './meeting-uid.ts';
import { ensurePlan } from './plan.ts';
import type { Club, Meeting, PlannedMeeting } from './types.ts';
import { latestPostedMeeting, meetingsFrom, meetingsHeld, openMeetings } from '../store/meetings.ts';
import { plannedRows, type PlannedRow } from '../store/plan.ts';
import { presentersAt, presentersAtSlots } from '../store/sign-ups.ts';
import { getPaper, getPapers } from '../store/catalog.ts';
import { clubBlurb } from '../catalog/catalog-store.ts';

export { scheduleOf } from './plan.ts';

/**
 * "This week's meeting": the oldest announced meeting that is not over yet. `/paper now`, `/read`, `/unread`,
 * the buttons and reactions all go through here (or through its post), so they always agree.
 */
export async function currentMeeting(db: Db, club: Club, now: number, durationMs: number): Promise<Meeting | null> {
  return (await openMeetings(db, club.id, now, durationMs)).find((m) => m.paperId !== null) ?? null;
}

/** The meeting whose paper `/read` means by default: this week's, else the latest announced one (read after the talk). */
export async function readingMeeting(db: Db, club: Club, now: number, durationMs: number): Promise<Meeting | null> {
  return (await currentMeeting(db, club, now, durationMs)) ?? (await latestPostedMeeting(db, club.id));
}

/**
 * The next `count` meetings after `now` as the plan records them: announced meetings and skipped dates from their
 * records, the rest from the planned meetings (see plan.ts), numbered in order after the meetings announced so far.
 */
export async function planUpcoming(db: Db, club: Club, now: number, count: number): Promise<PlannedMeeting[]> {
  await ensurePlan(db, club, now);
  // Independent reads, asked together: one round trip's wait on PostgreSQL instead of three (SQLite runs them in turn).
  const [records, planned, held] = await Promise.all([meetingsFrom(db, club.id, now + 1), plannedRows(db, club.id, now, count), meetingsHeld(db, club.id)]);
  let number = held;
  // The dates first (records and planned rows merged by date), then their papers and presenters in one query each.
  const dates: Array<{ record: Meeting } | { row: PlannedRow }> = [];
  let r = 0;
  let p = 0;
  while (dates.length < count && (r < records.length || p < planned.length)) {
    const record = records[r];
    const row = planned[p];
    if (record && (!row || record.slotAt <= row.slotAt)) {
      r++;
      // Shown: a skipped or missed date, or an announced meeting with its paper (recordedMeeting).
      if (record.status === 'skipped' || record.status === 'missed' || record.paperId !== null) dates.push({ record });
      continue;
    }
    p++;
    dates.push({ row: row! });
  }
  const paperIdOf = (d: (typeof dates)[number]) =>
    'row' in d ? d.row.paperId : d.record.status === 'skipped' || d.record.status === 'missed' ? null : d.record.paperId;
  const [papers, presenters] = await Promise.all([
    getPapers(db, dates.map(paperIdOf).filter((id): id is number => id !== null)),
    presentersAtSlots(db, club.id, dates.map((d) => ('row' in d ? d.row.slotAt : d.record.slotAt))),
  ]);
  return dates.map((d) => {
    const id = paperIdOf(d);
    const paper = id !== null ? (papers.get(id) ?? null) : null;
    if ('record' in d) return recordedAs(club, d.record, paper, presenters.get(d.record.slotAt) ?? []);
    const row = d.row;
    return {
      clubId: club.id,
      slotAt: row.slotAt,
      number: paper ? ++number : null,
      paper,
      presenters: presenters.get(row.slotAt) ?? [],
      status: 'upcoming',
      uid: row.uid,
      revision: row.revision,
      origin: row.origin,
      plannedId: row.id,
    };
  });
}

/** A date with a record as the plan shows it, from its paper and presenters read already. */
function recordedAs(club: Club, row: Meeting, paper: Paper | null, presenters: PlannedMeeting['presenters']): PlannedMeeting {
  const skipped = row.status === 'skipped' || row.status === 'missed';
  return {
    clubId: club.id,
    slotAt: row.slotAt,
    number: skipped ? null : row.number,
    paper: skipped ? null : paper,
    presenters,
    status: row.status,
    uid: row.uid ?? meetingUid(club, row.slotAt),
    revision: row.revision,
    skipReason: row.skipReason,
  };
}

/** A meeting with a record, as the schedule shows it. */
export async function plannedFromRow(db: Db, club: Club, row: Meeting): Promise<PlannedMeeting> {
  const [paper, presenters] = await Promise.all([row.paperId !== null ? getPaper(db, row.paperId) : null, presentersAt(db, club.id, row.slotAt)]);
  return {
    clubId: club.id,
    slotAt: row.slotAt,
    number: row.number,
    paper,
    presenters,
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
export async function withClubBlurb(db: Db, club: Club, m: PlannedMeeting): Promise<PlannedMeeting> {
  return m.paper ? { ...m, paper: { ...m.paper, ...await clubBlurb(db, m.paper.id, club) } } : m;
}
