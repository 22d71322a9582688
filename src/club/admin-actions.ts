import { communityOf, getList, listPapers } from '../catalog/catalog-store.ts';
import { localDay, nextMeetingAt, nextMeetings, shortestGap, validateMeetingSchedule, type MeetingSchedule } from '../calendar/meeting-schedule.ts';
import { UserError } from '../errors.ts';
import { formatSlot, localDate } from '../render/format.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import {
  deleteMeeting,
  findClub,
  getClub,
  getMeeting,
  insertClub,
  markMeetingSkipped,
  meetingsFrom,
  pastMeetings,
  recordEmptySlot,
  sequenceIndexOf,
  sequenceOf,
  setSequence,
  updateClub,
} from './club-store.ts';
import type { Notice } from './plan-changes.ts';
import { requeueFront } from './posting.ts';
import { planUpcoming, scheduleOf } from './planning.ts';
import { clearPresenters, moveSignUps, presentersAt, signUpsFrom } from './presenters.ts';
import type { Club, PlannedMeeting, Where } from './types.ts';

const HORIZON = 52;
const DAY_MINUTES = 24 * 60;

/** Defaults for a new club; config can override them. */
export interface ClubDefaults {
  sequence: string;
  cron: string;
  timezone: string;
  /** How long before its meeting the weekly post goes out (new clubs). */
  announceLeadMinutes: number;
  readEmoji: string;
  presentersPerMeeting: number;
  reminderLeadMinutes: number;
  /** A meeting is over this long after it starts ("this week's paper" moves on then). */
  meetingMinutes: number;
}

export const DEFAULT_CLUB: ClubDefaults = {
  sequence: 'latent-space',
  cron: '0 17 * * 3',
  timezone: 'UTC',
  // Six days: Wednesday's paper is posted the Thursday before, a week to read it.
  announceLeadMinutes: 6 * DAY_MINUTES,
  readEmoji: '✅',
  presentersPerMeeting: 1,
  reminderLeadMinutes: 48 * 60,
  meetingMinutes: 60,
};

// A club follows the list its community means by the slug: the community's own, else the shared one.
function requireList(db: Db, slug: string, where: Pick<Where, 'platform' | 'workspace'>) {
  const list = getList(db, slug, communityOf(where));
  if (!list) throw new UserError('unknown-list', `There is no list '${slug}'. See /paper lists for the slugs.`);
  if (list.entryCount === 0) throw new UserError('empty-list', `The list '${slug}' has no papers.`);
  return list;
}

/** What setup did, for its reply. */
export interface SetupResult {
  club: Club;
  created: boolean;
  /** The club now follows another list: how many of its papers were already discussed (not scheduled again). */
  switched: { from: string; to: string; alreadyDiscussed: number } | null;
  notices: Notice[];
}

/**
 * Creates the channel's club, or updates it. Switching to another list is explicit (`confirm`) and loses nothing:
 * meetings held stay in history, sign-ups keep their dates, papers already discussed are not scheduled again, and
 * switching back resumes the old list where the club left it (its discussed papers are skipped the same way).
 */
export function setupClub(
  db: Db,
  where: Where,
  opts: {
    name?: string;
    list?: string;
    cron?: string;
    timezone?: string;
    everyWeeks?: number;
    confirm?: boolean;
    by?: string;
    /** Schedule the list's blogs, threads, repos too (default: papers only); given again, it rebuilds what is ahead. */
    includeResources?: boolean;
  },
  defaults: ClubDefaults,
  now: number,
): SetupResult {
  const existing = findClub(db, where);
  const schedule: MeetingSchedule = {
    cron: (opts.cron ?? existing?.cron ?? defaults.cron).trim(),
    timezone: opts.timezone ?? existing?.timezone ?? defaults.timezone,
    everyWeeks: opts.everyWeeks ?? existing?.everyWeeks ?? 1,
    anchorDate: null,
  };
  validateMeetingSchedule(schedule, now);
  const slug = opts.list ?? existing?.sequenceSlug ?? defaults.sequence;
  const list = requireList(db, slug, where);
  const fresh = () => paperIdsOf(db, list.slug, where, opts.includeResources ?? false);
  if (!existing) {
    const anchorDate = anchorFor(schedule, now);
    const gap = shortestGap({ ...schedule, anchorDate }, now);
    return db.transaction(() => {
      const club = insertClub(db, {
        where,
        name: opts.name ?? (where.channelName ? `#${where.channelName}` : 'Paper club'),
        sequenceSlug: list.slug,
        cron: schedule.cron,
        timezone: schedule.timezone,
        everyWeeks: schedule.everyWeeks,
        anchorDate,
        announceLeadMinutes: Math.min(defaults.announceLeadMinutes, Math.floor(gap / 60_000) - 60),
        setupBy: opts.by ?? null,
        readEmoji: defaults.readEmoji,
        presentersPerMeeting: defaults.presentersPerMeeting,
        reminderLeadMinutes: defaults.reminderLeadMinutes,
        createdAt: now,
      });
      setSequence(db, club.id, fresh());
      return { club, created: true, switched: null, notices: [] };
    })();
  }
  const switching = list.slug !== existing.sequenceSlug;
  if (switching && !opts.confirm) {
    const next = planUpcoming(db, existing, now, 1)[0];
    throw new UserError(
      'confirm-switch',
      `This club follows **${existing.sequenceSlug}**${next?.paper ? ` (next: meeting ${next.number}, ${next.paper.title})` : ''}. ` +
        `Switching to **${list.slug}** keeps the meetings held and everyone's sign-ups (presenters are told if their paper changes); ` +
        `papers already discussed are not scheduled again, and switching back later resumes where you left off. ` +
        `To switch, run /club setup ${list.slug} confirm:yes`,
    );
  }
  let club = existing;
  let notices: Notice[] = [];
  let switched: SetupResult['switched'] = null;
  db.transaction(() => {
    const scheduleChanged = schedule.cron !== existing.cron || schedule.timezone !== existing.timezone || schedule.everyWeeks !== existing.everyWeeks;
    if (scheduleChanged) ({ club, notices } = applySchedule(db, existing, schedule, now));
    if (switching || opts.includeResources !== undefined) {
      const seq = sequenceOf(db, existing.id);
      const discussed = new Set(seq.slice(0, club.position));
      const held = new Set(pastMeetings(db, existing.id, 100_000).map((m) => m.paperId));
      const ids = fresh();
      const rest = ids.filter((id) => !discussed.has(id) && !held.has(id));
      setSequence(db, existing.id, [...seq.slice(0, club.position), ...rest]);
      if (switching) switched = { from: existing.sequenceSlug, to: list.slug, alreadyDiscussed: ids.length - rest.length };
    }
    club = updateClub(db, existing.id, { sequenceSlug: list.slug, name: opts.name ?? existing.name, ...(opts.by && !existing.setupBy ? { setupBy: opts.by } : {}) });
  })();
  return { club, created: false, switched, notices };
}

// Papers only by default: a list's blogs, threads, repos and courses stay in /paper list and can be picked by hand.
function paperIdsOf(db: Db, slug: string, where: Pick<Where, 'platform' | 'workspace'>, includeResources: boolean): number[] {
  const entries = listPapers(db, slug, { limit: 1_000_000, community: communityOf(where) });
  const ids = (includeResources ? entries : entries.filter((e) => e.paper.kind === 'paper')).map((e) => e.paper.id);
  if (ids.length === 0) throw new UserError('no-papers', `The list '${slug}' has no papers, only other resources. Run /club setup again with resources:all to follow them.`);
  return ids;
}

/** The local date of the first meeting after `now` (fixes the weeks of an every-N-weeks schedule). */
function anchorFor(s: MeetingSchedule, now: number): string {
  return localDay(nextMeetingAt({ ...s, everyWeeks: 1, anchorDate: null }, now), s.timezone);
}

/**
 * Changes the schedule; a bad cron or zone leaves the old one in place. Each meeting not announced yet moves to the
 * nearest date of the new schedule (Wednesday 25 → Thursday 26), and its presenters and a skip go with it (those
 * whose date moves are told, by the dispatcher's plan diff). Returns the updated club.
 */
export function setSchedule(db: Db, club: Club, s: { cron: string; timezone: string; everyWeeks?: number }, now: number): Club {
  const schedule: MeetingSchedule = { cron: s.cron.trim(), timezone: s.timezone, everyWeeks: s.everyWeeks ?? 1, anchorDate: null };
  validateMeetingSchedule(schedule, now);
  return db.transaction(() => applySchedule(db, club, schedule, now).club)();
}

function applySchedule(db: Db, club: Club, schedule: MeetingSchedule, now: number): { club: Club; notices: Notice[] } {
  const anchorDate = anchorFor(schedule, now);
  const oldDates = upcomingDates(db, club, now);
  // An announced meeting keeps its date (its post is out); only meetings not announced yet move.
  const lead = Math.min(club.announceLeadMinutes, Math.floor(shortestGap({ ...schedule, anchorDate }, now) / 60_000) - 60);
  const updated = updateClub(db, club.id, {
    cron: schedule.cron,
    timezone: schedule.timezone,
    everyWeeks: schedule.everyWeeks,
    anchorDate,
    announceLeadMinutes: Math.max(0, lead),
  });
  // Skipped dates ahead move first (a holiday stays a holiday), then the claims, each to the nearest free new date.
  const candidates = nextMeetings({ ...schedule, anchorDate }, now, HORIZON);
  const taken = new Set(meetingsFrom(db, club.id, now + 1).filter((m) => m.status !== 'skipped').map((m) => m.slotAt));
  for (const skip of skippedAhead(db, club, now)) {
    const to = nearest(candidates, skip.slotAt, taken);
    if (to === undefined || to === skip.slotAt) continue;
    taken.add(to);
    if (!getMeeting(db, club.id, to)) stmt(db, 'UPDATE meetings SET slot_at = ? WHERE id = ?').run(to, skip.id);
  }
  // A new date only days after a meeting already announced or held (Wednesday's, then Thursday's under the new
  // schedule) would be two papers in one week, and a new date before an announced meeting (Tuesday's, when
  // Wednesday's post is out) can never be announced: the scheduler only goes forward. Either is recorded skipped,
  // visibly, instead of being shown as a meeting that would never come.
  const gap = shortestGap({ ...schedule, anchorDate }, now);
  const lastHeld = meetingsFrom(db, club.id, 0).filter((m) => m.paperId !== null).at(-1)?.slotAt;
  if (lastHeld !== undefined) {
    for (const c of candidates) {
      if (c - lastHeld >= gap / 2) break;
      if (c !== lastHeld) recordEmptySlot(db, club.id, c, 'skipped');
    }
  }
  const newDates = planUpcoming(db, updated, now, HORIZON).filter((m) => m.status === 'upcoming').map((m) => m.slotAt);
  const claims = signUpsFrom(db, club.id, now + 1);
  const moves = new Map<number, number>();
  const used = new Set<number>();
  for (const d of oldDates) {
    if (!claims.some((c) => c.meetingAt === d)) continue;
    const to = nearest(newDates, d, used);
    if (to === undefined) continue;
    used.add(to);
    if (to !== d) moves.set(d, to);
  }
  // Park moving claims on unique negative keys first so a move onto a date that is itself moving cannot collide.
  for (const [from] of moves) moveSignUps(db, club.id, from, -from);
  for (const [from, to] of moves) moveSignUps(db, club.id, -from, to);
  return { club: updated, notices: [] };
}

/** Sets how long before each meeting its post goes out. */
export function setAnnounceLead(db: Db, club: Club, minutes: number, now: number): Club {
  const gap = Math.floor(shortestGap(scheduleOf(club), now) / 60_000);
  if (minutes < 0 || minutes >= gap) {
    const days = Math.floor(gap / DAY_MINUTES);
    throw new UserError('bad-announce', `Announce between 0 and ${days - 1} days ahead: the post must come after the previous meeting.`);
  }
  return updateClub(db, club.id, { announceLeadMinutes: minutes });
}

/** A skipped meeting: what it was and who was presenting, so they can be told. */
export interface SkipResult {
  skipped: PlannedMeeting;
  /** The next meeting that will take place (its paper is the skipped one's when one was planned). */
  next: PlannedMeeting | null;
  notices: Notice[];
  /** Set when the meeting had been announced: its post is edited to say it is off. */
  announced: boolean;
}

/**
 * Skips the next meeting (or the given one): no meeting that date, its paper moves to the following meeting (no paper
 * is used up). An announced meeting can be skipped too: its paper goes back to the front of the queue. Presenters of
 * the skipped date are released and told, with the next date offered.
 */
export function skipMeeting(db: Db, club: Club, now: number, target?: PlannedMeeting): SkipResult {
  const next = target ?? planUpcoming(db, club, now, 1)[0];
  if (!next) throw new UserError('nothing-to-skip', 'There is no upcoming meeting to skip.');
  if (next.status === 'skipped') throw new UserError('already-skipped', `The meeting on ${formatSlot(next.slotAt, club.timezone)} is already skipped.`);
  if (next.slotAt <= now) throw new UserError('cannot-skip', 'That meeting has already started.');
  return db.transaction(() => {
    const presenters = presentersAt(db, club.id, next.slotAt);
    const row = getMeeting(db, club.id, next.slotAt);
    let announced = false;
    if (row && (row.status === 'posting' || row.status === 'posted') && row.paperId !== null) {
      // Its paper was taken from the queue when it was announced: put it back in front.
      requeueFront(db, getClub(db, club.id)!, row.paperId);
      markMeetingSkipped(db, row.id);
      announced = true;
    } else {
      recordEmptySlot(db, club.id, next.slotAt, 'skipped');
    }
    clearPresenters(db, club.id, next.slotAt);
    // The first meeting after the skipped date: where its paper goes, and the date offered to its presenters.
    const after =
      planUpcoming(db, getClub(db, club.id)!, now, HORIZON).find((m) => m.slotAt > next.slotAt && m.status !== 'skipped' && m.status !== 'missed' && m.paper) ?? null;
    const offer = after
      ? ` The next meeting is ${formatSlot(after.slotAt, club.timezone)}${after.paper ? ` (${after.paper.title})` : ''}${
          after.presenters.length < club.presentersPerMeeting ? ` — take it with /signup ${localDate(after.slotAt, club.timezone)}` : ', which already has its presenter'
        }.`
      : '';
    const notices = presenters.map((member) => ({
      member,
      text: `The meeting of ${club.name} on ${formatSlot(next.slotAt, club.timezone)} is skipped, so you are no longer presenting${next.paper ? ` ${next.paper.title}` : ''}.${offer}`,
    }));
    return { skipped: next, next: after, notices, announced };
  }).immediate();
}

/** Undoes a skip of an upcoming meeting. */
export function unskipMeeting(db: Db, club: Club, slotAt: number, now: number): void {
  // A past date stays settled: bringing it back would make the scheduler post it late.
  if (slotAt <= now) throw new UserError('week-in-past', 'That date is in the past; only upcoming meetings can be un-skipped.');
  const m = getMeeting(db, club.id, slotAt);
  if (!m || m.status !== 'skipped') throw new UserError('not-skipped', 'That meeting is not skipped.');
  // A meeting after it already has its post out: bringing this date back would put a meeting before it.
  const later = meetingsFrom(db, club.id, slotAt + 1).find((x) => x.status === 'posting' || x.status === 'posted');
  if (later) {
    throw new UserError(
      'later-announced',
      `The meeting on ${formatSlot(later.slotAt, club.timezone)} is already announced, so this date cannot come back before it. Pick a paper for a later meeting instead.`,
    );
  }
  deleteMeeting(db, m.id);
}

/** Skipped dates ahead (for /club unskip and /paper upcoming). */
export function skippedAhead(db: Db, club: Club, now: number) {
  return meetingsFrom(db, club.id, now + 1).filter((m) => m.status === 'skipped');
}

/**
 * Puts a paper at a place of the queue of papers not yet announced (0 = the next meeting that is not announced
 * yet), taking it out of where it was. Papers already discussed stay in history; choosing one again adds it again.
 * Returns the place it landed.
 */
export function placePaper(db: Db, club: Club, paperId: number, place: number): number {
  return db.transaction(() => {
    const seq = sequenceOf(db, club.id);
    const at = sequenceIndexOf(db, club.id, paperId);
    if (at !== null && at >= club.position) {
      const i = seq.indexOf(paperId, club.position);
      if (i !== -1) seq.splice(i, 1);
    }
    const idx = Math.min(club.position + Math.max(0, place), seq.length);
    seq.splice(idx, 0, paperId);
    setSequence(db, club.id, seq);
    return idx - club.position;
  })();
}

/** Dates of the meetings ahead that are not announced yet; none when the stored schedule is unusable (a bad row). */
function upcomingDates(db: Db, club: Club, now: number): number[] {
  try {
    return planUpcoming(db, club, now, HORIZON).filter((m) => m.status === 'upcoming').map((m) => m.slotAt);
  } catch {
    return [];
  }
}

/** The date in `dates` closest to `t` that is not in `used`. */
function nearest(dates: number[], t: number, used: Set<number>): number | undefined {
  let best: number | undefined;
  for (const d of dates) if (!used.has(d) && (best === undefined || Math.abs(d - t) < Math.abs(best - t))) best = d;
  return best;
}
