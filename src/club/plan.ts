import { localDay, nextMeetingAt, nextMeetings, shortestGap, type MeetingSchedule } from '../calendar/meeting-schedule.ts';
import type { Db } from '../store/db.ts';
import { meetingUid } from './meeting-uid.ts';
import type { Club, Meeting, PlanOrigin, SkipReason } from './types.ts';
import { sequenceSlice } from '../store/clubs.ts';
import { getMeeting, insertSkip, markMeetingSkipped, markMeetingUnskipped, meetingsFrom, deleteMeeting } from '../store/meetings.ts';
import { addTombstone, deletePlanned, dropTombstone, forgetReleased, insertPlanned, isPinned, lastPlannedSlot, legacyOpenVotes, moveDateKeyed, plannedAt, plannedCount, plannedRows, plannedWithPaper, planState, planVersion, queuedPapers, releaseSignUps, restoreSignUps, retargetVotes, setPlannedPaper, setPlannedSlot, setPlanVersion, setVotePlanned, uidTaken, type PlannedRow } from '../store/plan.ts';

/**
 * The plan ahead is a record (issue 22): every meeting not announced yet is a stored row with its date, its paper and
 * why it has that paper. Edits change rows they name and say what else moved; nothing is re-derived behind anyone's
 * back. The rules:
 * - A pick, a move or a vote *pins* its paper to its meeting. The other meetings form the *flow*: in date order, they
 *   take the club's list in order. Taking a paper out of the flow moves the papers after it one meeting earlier (the
 *   list's next paper joins at the end); putting one in moves them one later (the last goes back to the list).
 * - A skip belongs to its date. The skipped meeting's paper goes to the next meeting of the flow. An unskip is the
 *   inverse: the date gets its paper (and presenters) back and the flow moves back.
 * - A schedule change re-dates the meetings in order (meeting 5 stays meeting 5 with its paper and presenters) and
 *   never makes or moves a skip; a skip whose date is no longer a meeting date is dropped.
 * - A list switch gives the flow the new list's papers; pins stay.
 * - The plan holds PLAN_HORIZON meetings ahead; as time passes more are appended at its end.
 */

/** Meetings planned ahead as rows: a year of weekly meetings. */
export const PLAN_HORIZON = 52;
const DAY = 24 * 3_600_000;
/** Planned dates this long past with no record were never held (the scheduler only looks back 60 days). */
const STALE_MS = 60 * DAY;

const notNull = <T>(x: T | null): x is T => x !== null;

/** The club's meeting schedule. */
export function scheduleOf(club: Pick<Club, 'cron' | 'timezone' | 'everyWeeks' | 'anchorDate'>): MeetingSchedule {
  return { cron: club.cron, timezone: club.timezone, everyWeeks: club.everyWeeks, anchorDate: club.anchorDate };
}

/** A UID for a meeting first planned at `slotAt`: the date-based one, unless another meeting of the club has it. */
async function newUid(db: Db, club: Club, slotAt: number): Promise<string> {
  const base = meetingUid(club, slotAt);
  if (!(await uidTaken(db, club.id, base))) return base;
  for (let n = 2; ; n++) {
    const uid = base.replace('@', `-${n}@`);
    if (!(await uidTaken(db, club.id, uid))) return uid;
  }
}

/**
 * Makes sure the club's plan is written down and reaches PLAN_HORIZON meetings ahead of `now`: a club from before
 * stored plans gets the plan it saw then, written as rows; planned dates long past are let go; meetings are appended
 * at the end; list meetings with no paper take the list's papers as they become available (an import added some).
 * Cheap when nothing is missing (two counts).
 */
export async function ensurePlan(db: Db, club: Club, now: number): Promise<void> {
  // The common case, nothing to write, in one query (every command that shows the plan comes through here).
  const state = await planState(db, club.id, now, now - STALE_MS - 1);
  if (state.version !== 0 && state.ahead >= PLAN_HORIZON && !(state.endsEmpty && (state.hasStale || (await queuedPapers(db, club.id, 1)).length > 0))) return;
  // Something to write (a club's first stored plan is a year of rows): one transaction, so one commit instead of
  // one per row (a first /paper now on a club from before stored plans took 12 ms in autocommits). Checked again
  // inside it, where nothing else writes meanwhile.
  await db.transaction(async (tx) => {
    if ((await planVersion(tx, club.id)) === 0) {
      await writeLegacyPlan(tx, club, now);
      await setPlanVersion(tx, club.id, 1);
    }
    if (!(await planFallsShort(tx, club.id, now))) return;
    await dropStale(tx, club, now);
    await topUp(tx, club, now);
  });
}

/**
 * Whether ensurePlan has anything to do: fewer than PLAN_HORIZON meetings ahead, or list meetings waiting for a paper
 * while the list has one to give them or a planned date went stale. A club whose list ran out (paperless meetings at
 * the end of its plan) stays so until papers are added: that is two more counts and one lookup, not a write
 * transaction on every call.
 */
async function planFallsShort(db: Db, clubId: number, now: number): Promise<boolean> {
  if ((await plannedCount(db, clubId, now)) < PLAN_HORIZON) return true;
  if (!(await hasEmptyFlow(db, clubId, now))) return false;
  const hasStale = (await plannedCount(db, clubId, -1e15)) > (await plannedCount(db, clubId, now - STALE_MS - 1));
  return hasStale || (await queuedPapers(db, clubId, 1)).length > 0;
}

async function hasEmptyFlow(db: Db, clubId: number, now: number): Promise<boolean> {
  // The last row tells: paperless rows are always at the end of the flow.
  const rows = await plannedRows(db, clubId, now);
  return rows.length > 0 && rows[rows.length - 1]!.paperId === null;
}

/**
 * The plan as the club saw it before plans were stored: every schedule date after its latest record takes the next
 * paper from its place in its list; skipped and announced dates keep their records. Open votes, which named a place
 * in the list, now name that meeting.
 */
async function writeLegacyPlan(db: Db, club: Club, now: number): Promise<void> {
  const schedule = scheduleOf(club);
  const records = new Set((await meetingsFrom(db, club.id, 0)).map((m) => m.slotAt));
  const latestPast = Math.max(-Infinity, ...[...records].filter((t) => t <= now));
  let t = Math.max(latestPast, club.createdAt - 1, now - STALE_MS);
  const papers = await sequenceSlice(db, club.id, club.position, PLAN_HORIZON * 2);
  let next = 0;
  let ahead = 0;
  const rows: PlannedRow[] = [];
  for (let guard = 0; ahead < PLAN_HORIZON && guard < PLAN_HORIZON * 4; guard++) {
    t = nextMeetingAt(schedule, t);
    if (records.has(t)) continue;
    rows.push(await insertPlanned(db, { clubId: club.id, slotAt: t, paperId: papers[next++] ?? null, origin: 'list', uid: meetingUid(club, t), revision: 0 }));
    if (t > now) ahead++;
  }
  const upcoming = rows.filter((r) => r.slotAt > now);
  for (const v of await legacyOpenVotes(db, club.id)) await setVotePlanned(db, v.id, upcoming[Math.max(0, v.seqIndex - club.position)]?.id ?? null);
}

/** Planned dates long past that never got a record: let go, their papers flow on. */
async function dropStale(db: Db, club: Club, now: number): Promise<void> {
  for (const row of (await plannedRows(db, club.id)).filter((r) => r.slotAt < now - STALE_MS)) await takeOutOfPlan(db, club, row);
}

async function topUp(db: Db, club: Club, now: number): Promise<void> {
  const rows = await plannedRows(db, club.id, now);
  // List meetings with no paper (the list had run out) take papers that became available, in order.
  const empty = rows.filter((r) => r.paperId === null && !isPinned(r.origin));
  const need = Math.max(0, PLAN_HORIZON - rows.length);
  // The list's next papers, read once: the empty list meetings take the first, the new dates the rest.
  const queued = await queuedPapers(db, club.id, empty.length + need);
  for (const [i, p] of queued.slice(0, empty.length).entries()) await setPlannedPaper(db, empty[i]!.id, p, 'list');
  if (need <= 0) return;
  const lastRecord = (await meetingsFrom(db, club.id, now)).at(-1)?.slotAt ?? -Infinity;
  const after = Math.max(now, (await lastPlannedSlot(db, club.id)) ?? -Infinity, lastRecord);
  const dates = nextMeetings(scheduleOf(club), after, need);
  const papers = queued.slice(empty.length);
  for (const [i, slotAt] of dates.entries()) {
    await insertPlanned(db, { clubId: club.id, slotAt, paperId: papers[i] ?? null, origin: 'list', uid: await newUid(db, club, slotAt), revision: 0 });
  }
}

/** The flow: planned meetings after `after` whose paper follows the list (not pinned), in date order. */
async function flowRows(db: Db, clubId: number, after: number): Promise<PlannedRow[]> {
  return (await plannedRows(db, clubId, after)).filter((r) => !isPinned(r.origin));
}

/**
 * Gives `rows` (flow meetings, in date order) the papers `papers` in order; rows left over take the list's next
 * papers, papers left over go back to the list. A paper in `carried` arrives as carried over (from a skipped date);
 * a row that keeps its paper keeps its origin.
 */
async function assignFlow(db: Db, clubId: number, rows: PlannedRow[], papers: number[], carried: ReadonlySet<number> = new Set()): Promise<void> {
  const keep = papers.slice(0, rows.length);
  const fill = await queuedPapers(db, clubId, rows.length - keep.length, new Set(keep));
  const all = [...keep, ...fill];
  for (const [i, row] of rows.entries()) {
    const paperId = all[i] ?? null;
    const origin: PlanOrigin = paperId !== null && paperId === row.paperId ? row.origin : paperId !== null && carried.has(paperId) ? 'carried' : 'list';
    if (paperId !== row.paperId || origin !== row.origin) await setPlannedPaper(db, row.id, paperId, origin);
  }
}

/** Inserts `row` into date-ordered `rows`. */
function withRow(rows: PlannedRow[], row: PlannedRow): PlannedRow[] {
  return [...rows.filter((r) => r.id !== row.id), row].sort((a, b) => a.slotAt - b.slotAt);
}

/** Takes a planned meeting out of the plan; its paper goes to the next meeting of the flow. */
async function takeOutOfPlan(db: Db, club: Club, row: PlannedRow): Promise<void> {
  const flow = await flowRows(db, club.id, row.slotAt - 1);
  const papers = flow.map((r) => r.paperId).filter(notNull);
  // A pinned meeting is not in the flow: its paper joins the flow at its place (the first, since the flow starts here).
  if (isPinned(row.origin) && row.paperId !== null) papers.unshift(row.paperId);
  await assignFlow(db, club.id, flow.filter((r) => r.id !== row.id), papers, new Set(row.paperId !== null ? [row.paperId] : []));
  await deletePlanned(db, row.id);
  // A vote on it decides the next meeting instead.
  await retargetVotes(db, row.id, (await plannedRows(db, club.id, row.slotAt))[0]?.id ?? null);
}

/**
 * Skips a planned meeting: its date is recorded skipped (or missed: the bot could not announce it) with what it
 * had, its paper goes to the next meeting of the flow, and with `release` its presenters are released (kept aside
 * for an unskip).
 */
export async function skipPlanned(db: Db, club: Club, row: PlannedRow, opts: { status: 'skipped' | 'missed'; reason: SkipReason | null; release: boolean }): Promise<void> {
  await takeOutOfPlan(db, club, row);
  await insertSkip(db, {
        clubId: club.id,
        slotAt: row.slotAt,
        status: opts.status,
        reason: opts.reason,
        uid: row.uid,
        revision: row.revision + 1,
        paperId: row.paperId,
        origin: row.origin,
        from: 'planned',
      });
  if (opts.release) await releaseSignUps(db, club.id, row.slotAt);
}

/** Skips an announced meeting: its post stays (edited to say it is off), its paper goes to the next meeting. */
export async function skipAnnounced(db: Db, club: Club, meeting: Meeting, now: number): Promise<void> {
  await markMeetingSkipped(db, meeting, 'admin');
  if (meeting.paperId !== null) {
    const flow = await flowRows(db, club.id, meeting.slotAt);
    const papers = [meeting.paperId, ...flow.map((r) => r.paperId).filter(notNull).filter((p) => p !== meeting.paperId)];
    await assignFlow(db, club.id, flow, papers, new Set([meeting.paperId]));
  }
  await releaseSignUps(db, club.id, meeting.slotAt);
}

/** A paper gone back to its record by an announce that failed: the meeting is planned again with it (see posting). */
export async function replan(db: Db, club: Club, meeting: Meeting): Promise<void> {
  await deleteMeeting(db, meeting.id);
  await insertPlanned(db, { clubId: club.id, slotAt: meeting.slotAt, paperId: meeting.paperId, origin: 'list', uid: meeting.uid ?? meetingUid(club, meeting.slotAt), revision: meeting.revision });
}

/** An announced meeting that could not be delivered in time: recorded missed, its paper goes to the next meeting. */
export async function missAnnounced(db: Db, club: Club, meeting: Meeting, now: number): Promise<void> {
  if (meeting.paperId !== null) {
    const flow = await flowRows(db, club.id, meeting.slotAt);
    const papers = [meeting.paperId, ...flow.map((r) => r.paperId).filter(notNull).filter((p) => p !== meeting.paperId)];
    await assignFlow(db, club.id, flow, papers, new Set([meeting.paperId]));
  }
}

/** What an unskip gave back. */
export interface Unskipped {
  /** Members who present again that date. */
  restored: number[];
  /** The paper the date had before its skip is back on it (false: it was held or pinned elsewhere since). */
  paperBack: boolean;
  /** The meeting had been announced: its post says so again. */
  announced: boolean;
}

/**
 * Undoes a skip exactly: the date becomes a meeting again with the paper it had (the flow moves back one meeting),
 * the presenters the skip released, and, when it had been announced, its announcement.
 */
export async function unskip(db: Db, club: Club, skip: Meeting, now: number): Promise<Unskipped> {
  const paper = skip.skippedPaperId;
  await dropTombstone(db, club.id, skip.uid ?? meetingUid(club, skip.slotAt));
  if (skip.skippedStatus === 'posting' || skip.skippedStatus === 'posted') {
    const number = Math.max(0, ...(await meetingsFrom(db, club.id, 0)).filter((m) => m.slotAt < skip.slotAt && m.number !== null).map((m) => m.number!)) + 1;
    await markMeetingUnskipped(db, skip, number);
    if (paper !== null) {
      const flow = await flowRows(db, club.id, now);
      await assignFlow(db, club.id, flow, flow.map((r) => r.paperId).filter(notNull).filter((p) => p !== paper));
    }
    return { restored: await restoreSignUps(db, club.id, skip.slotAt), paperBack: paper !== null, announced: true };
  }
  const origin: PlanOrigin = skip.skippedOrigin ?? 'list';
  const elsewhere = paper !== null ? await plannedWithPaper(db, club.id, paper) : null;
  const held = paper !== null && (await meetingsFrom(db, club.id, 0)).some((m) => m.paperId === paper);
  const available = paper !== null && !held && !(elsewhere && isPinned(elsewhere.origin));
  await deleteMeeting(db, skip.id);
  const row = await insertPlanned(db, {
      clubId: club.id,
      slotAt: skip.slotAt,
      paperId: null,
      origin: available && isPinned(origin) ? origin : 'list',
      uid: skip.uid ?? meetingUid(club, skip.slotAt),
      revision: skip.revision + 1,
    });
  const flow = await flowRows(db, club.id, now);
  const papers = flow.map((r) => r.paperId).filter(notNull).filter((p) => p !== paper);
  if (available && isPinned(origin)) {
    await assignFlow(db, club.id, flow.filter((r) => r.id !== row.id), papers);
    await setPlannedPaper(db, row.id, paper, origin);
  } else {
    // The date rejoins the flow at its place, with its paper there again when it can have it.
    const at = flow.findIndex((r) => r.id === row.id);
    if (available) papers.splice(at, 0, paper);
    await assignFlow(db, club.id, flow, papers);
    if (available && origin === 'carried') await setPlannedPaper(db, row.id, paper, 'carried');
  }
  return { restored: await restoreSignUps(db, club.id, skip.slotAt), paperBack: available, announced: false };
}

/**
 * Puts a paper on a planned meeting and pins it there (a pick, a move, a vote). The paper leaves the place it had in
 * the plan; the meeting's own list paper and those after it move one meeting later (or, when the paper came from
 * later in the plan, the papers between move one earlier). A meeting pinned to another paper gives that paper back
 * to the flow at its place; the caller asks before that.
 */
export async function pinPaper(db: Db, club: Club, row: PlannedRow, paperId: number, origin: 'pick' | 'move' | 'vote', now: number): Promise<void> {
  if (row.paperId === paperId) {
    if (row.origin !== origin) await setPlannedPaper(db, row.id, paperId, origin);
    return;
  }
  let rows = await flowRows(db, club.id, now);
  let papers = rows.map((r) => r.paperId).filter(notNull);
  const elsewhere = await plannedWithPaper(db, club.id, paperId);
  // Pinned to another meeting before: that meeting goes back to the list at its place.
  if (elsewhere && elsewhere.id !== row.id && isPinned(elsewhere.origin)) rows = withRow(rows, { ...elsewhere, paperId: null, origin: 'list' });
  papers = papers.filter((p) => p !== paperId);
  if (isPinned(row.origin)) {
    if (row.paperId !== null) papers.splice(rows.filter((r) => r.slotAt < row.slotAt).length, 0, row.paperId);
  } else {
    rows = rows.filter((r) => r.id !== row.id);
  }
  await setPlannedPaper(db, row.id, paperId, origin);
  await assignFlow(db, club.id, rows, papers);
}

/** Gives the flow the club's list anew (after a switch, or resources added): pinned meetings keep their papers. */
export async function refillFlow(db: Db, club: Club, now: number): Promise<void> {
  const flow = await flowRows(db, club.id, now);
  // Emptied first, so the list's order decides and no paper of the old flow is held back.
  for (const r of flow) if (r.paperId !== null) await setPlannedPaper(db, r.id, null, 'list');
  await assignFlow(db, club.id, flow.map((r) => ({ ...r, paperId: null, origin: 'list' as const })), []);
}

/** The first date of a new schedule, and the dates before it left out because they come too soon after a meeting. */
export interface ScheduleStart {
  anchorDate: string;
  /** Dates of the new schedule before its first meeting, too close to the meeting already announced or held. */
  tooClose: number[];
  /** That meeting. */
  after: Meeting | null;
  /** The latest meeting announced or held when the schedule changed. */
  latest: Meeting | null;
}

/**
 * Where a new schedule starts: its first date after `now` that leaves at least half its usual gap after the latest
 * meeting already announced or held (Wednesday's meeting, then Tuesday's six days later is fine; Thursday's the day
 * after is not). For every N weeks the weeks are counted from that date.
 */
export async function scheduleStart(db: Db, club: Club, schedule: MeetingSchedule, now: number): Promise<ScheduleStart> {
  const latest = (await meetingsFrom(db, club.id, 0)).filter((m) => m.status === 'posting' || m.status === 'posted' || m.status === 'done').at(-1) ?? null;
  const weekly = { ...schedule, everyWeeks: 1, anchorDate: null };
  const minGap = shortestGap({ ...schedule, anchorDate: null }, now) / 2;
  const tooClose: number[] = [];
  let t = nextMeetingAt(weekly, now);
  while (latest && t - latest.slotAt < minGap) {
    if (t > latest.slotAt) tooClose.push(t);
    t = nextMeetingAt(weekly, t);
  }
  return { anchorDate: localDay(t, schedule.timezone), tooClose, after: tooClose.length ? latest : null, latest };
}

/**
 * Re-dates the planned meetings onto the club's (new) schedule, in order: each keeps its paper, presenters, votes and
 * calendar identity. Skipped dates stay where they are when they are still meeting dates; the others are dropped
 * (returned; the calendar shows them cancelled until they pass). Announced meetings keep their dates.
 */
export async function redatePlan(db: Db, club: Club, now: number): Promise<Meeting[]> {
  const rows = await plannedRows(db, club.id, now);
  const records = await meetingsFrom(db, club.id, now + 1);
  const skips = records.filter((m) => m.status === 'skipped' && m.skippedStatus !== 'posting' && m.skippedStatus !== 'posted');
  const dates = nextMeetings(scheduleOf(club), now, rows.length + records.length + 1);
  const dateSet = new Set(dates);
  const dropped = skips.filter((s) => !dateSet.has(s.slotAt));
  for (const s of dropped) {
    await deleteMeeting(db, s.id);
    await forgetReleased(db, club.id, s.slotAt);
    await addTombstone(db, club.id, { uid: s.uid ?? meetingUid(club, s.slotAt), slotAt: s.slotAt, revision: s.revision + 1 });
  }
  // A paper carried over from a skip that is gone is the list's paper again: the plan must not say "from a skipped date".
  const carriedFrom = new Set(dropped.map((s) => s.skippedPaperId).filter(notNull));
  for (const r of rows) if (r.origin === 'carried' && r.paperId !== null && carriedFrom.has(r.paperId)) await setPlannedPaper(db, r.id, r.paperId, 'list');
  const taken = new Set(records.filter((r) => !dropped.includes(r)).map((r) => r.slotAt));
  const free = dates.filter((d) => !taken.has(d));
  const moves = rows.map((r, i) => ({ row: r, to: free[i]! })).filter((m) => m.to !== m.row.slotAt);
  // Parked on unique negative dates first, so a meeting can move onto a date another one is leaving.
  for (const { row } of moves) {
    await setPlannedSlot(db, row.id, -row.id, { bump: true });
    await moveDateKeyed(db, club.id, row.slotAt, -row.slotAt);
  }
  for (const { row, to } of moves) {
    await setPlannedSlot(db, row.id, to, { bump: false });
    await moveDateKeyed(db, club.id, -row.slotAt, to);
  }
  return dropped;
}


/**
 * Records that a date had no meeting (the club was paused, the bot could not announce it in time, no paper was left,
 * a club change): its planned meeting, if any, leaves the plan as a skip would (its paper goes to the next meeting;
 * presenters keep their sign-ups). False when the date already has a record.
 */
export async function recordNoMeeting(db: Db, club: Club, slotAt: number, status: 'skipped' | 'missed', reason: SkipReason | null): Promise<boolean> {
  if (await getMeeting(db, club.id, slotAt)) return false;
  const row = await plannedAt(db, club.id, slotAt);
  if (row) {
    await skipPlanned(db, club, row, { status, reason, release: false });
    return true;
  }
  return await insertSkip(db, { clubId: club.id, slotAt, status, reason, uid: meetingUid(club, slotAt), revision: 0 });
}

/** The paper planned for a date (the plan is extended first when it does not reach that far), or null. */
export async function plannedPaperAt(db: Db, club: Club, slotAt: number, now: number): Promise<number | null> {
  let row = await plannedAt(db, club.id, slotAt);
  if (!row) {
    await ensurePlan(db, club, Math.min(now, slotAt - 1));
    row = (await plannedAt(db, club.id, slotAt));
  }
  return row?.paperId ?? null;
}
