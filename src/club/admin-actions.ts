import type { Paper } from '../catalog/types.ts';
import { localDay, nextMeetingAt, shortestGap, validateMeetingSchedule, type MeetingSchedule } from '../calendar/meeting-schedule.ts';
import { UserError } from '../errors.ts';
import { formatSlot, localDate } from '../calendar/slot-text.ts';
import type { Db } from '../store/db.ts';
import { ensurePlan, pinPaper, redatePlan, refillFlow, scheduleOf, scheduleStart, skipAnnounced, skipPlanned, unskip, type ScheduleStart } from './plan.ts';
import { previewPlanChange, type Notice } from './plan-changes.ts';
import { planUpcoming } from './planning.ts';
import type { Club, Meeting, Member, PlannedMeeting, Where } from './types.ts';
import { findClub, getClub, insertClub, setSequence, updateClub } from '../store/clubs.ts';
import { getMeeting, meetingsFrom } from '../store/meetings.ts';
import { isPinned, plannedById, plannedWithPaper, setPlanVersion } from '../store/plan.ts';
import { presentersAt } from '../store/sign-ups.ts';
import { memberById } from '../store/votes.ts';
import { communityOf, getList, getPaper, listPapers } from '../store/catalog.ts';

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
async function requireList(db: Db, slug: string, where: Pick<Where, 'platform' | 'workspace'>) {
  const list = await getList(db, slug, communityOf(where));
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
  /** The schedule changed and its first new date(s) came too soon after a meeting: left out (confirmed). */
  scheduleStart: ScheduleStart | null;
}

/**
 * Creates the channel's club, or updates it. Switching to another list is explicit (`confirm`) and loses nothing:
 * meetings held stay in history, sign-ups keep their dates, picks, moves and vote winners stay on their meetings,
 * papers already discussed are not scheduled again, and switching back resumes the old list where the club left it.
 */
export async function setupClub(
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
    /** The command to type to confirm, for the question (the same command with confirm:yes). */
    command?: string;
  },
  defaults: ClubDefaults,
  now: number,
): Promise<SetupResult> {
  const existing = await findClub(db, where);
  const schedule: MeetingSchedule = {
    cron: (opts.cron ?? existing?.cron ?? defaults.cron).trim(),
    timezone: opts.timezone ?? existing?.timezone ?? defaults.timezone,
    everyWeeks: opts.everyWeeks ?? existing?.everyWeeks ?? 1,
    anchorDate: null,
  };
  validateMeetingSchedule(schedule, now);
  const slug = opts.list ?? existing?.sequenceSlug ?? defaults.sequence;
  const list = await requireList(db, slug, where);
  const fresh = async (db: Db) => await paperIdsOf(db, list.slug, where, opts.includeResources ?? false);
  if (!existing) {
    const anchorDate = anchorFor(schedule, now);
    const gap = shortestGap({ ...schedule, anchorDate }, now);
    return await db.transaction(async (db) => {
          const club = await insertClub(db, {
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
          await setSequence(db, club.id, await fresh(db));
          await setPlanVersion(db, club.id, 1);
          await ensurePlan(db, club, now);
          return { club, created: true, switched: null, scheduleStart: null };
        });
  }
  const switching = list.slug !== existing.sequenceSlug;
  const scheduleChanged = schedule.cron !== existing.cron || schedule.timezone !== existing.timezone || schedule.everyWeeks !== existing.everyWeeks;
  const apply = async (db: Db): Promise<{ club: Club; switched: SetupResult['switched']; start: ScheduleStart | null }> => {
    let club = existing;
    let start: ScheduleStart | null = null;
    if (scheduleChanged) ({ club, start } = (await applySchedule(db, existing, schedule, now)));
    let switched: SetupResult['switched'] = null;
    if (switching || opts.includeResources !== undefined) {
      const ids = await fresh(db);
      const held = new Set((await meetingsFrom(db, existing.id, 0)).filter((m) => m.paperId !== null).map((m) => m.paperId));
      await setSequence(db, existing.id, ids);
      await refillFlow(db, club, now);
      if (switching) switched = { from: existing.sequenceSlug, to: list.slug, alreadyDiscussed: ids.filter((id) => held.has(id)).length };
    }
    club = (await updateClub(db, existing.id, { sequenceSlug: list.slug, name: opts.name ?? existing.name, ...(opts.by && !existing.setupBy ? { setupBy: opts.by } : {}) }));
    await ensurePlan(db, club, now);
    return { club, switched, start };
  };
  const collision = scheduleChanged ? await scheduleStart(db, existing, schedule, now) : null;
  if ((switching || collision?.tooClose.length) && !opts.confirm) {
    const preview = await previewPlanChange(db, existing, now, async (db) => (await apply(db)).club);
    const reasons: string[] = [];
    if (switching) {
      const next = (await planUpcoming(db, existing, now, 1))[0];
      reasons.push(
        `This club follows **${existing.sequenceSlug}**${next?.paper ? ` (next: meeting ${next.number}, ${next.paper.title})` : ''}. ` +
          `Switching to **${list.slug}** keeps the meetings held, everyone's sign-ups, and the papers picked, moved or voted onto meetings; ` +
          `the other meetings ahead take ${list.slug}'s papers, papers already discussed are not scheduled again, and switching back later resumes where you left off.`,
      );
    }
    if (collision?.tooClose.length) reasons.push(collisionText(existing, collision, schedule));
    throw new UserError('confirm-setup', confirmText(reasons, preview, opts.command ?? `/club setup ${list.slug} confirm:yes`));
  }
  const done = await db.transaction(apply);
  return { club: done.club, created: false, switched: done.switched, scheduleStart: done.start?.tooClose.length ? done.start : null };
}

/** "Meeting 4 on … is already announced …": why a new schedule starts later than its first date. */
export function collisionText(club: Pick<Club, 'timezone'>, start: ScheduleStart, schedule: Pick<MeetingSchedule, 'cron' | 'timezone' | 'everyWeeks'>): string {
  const m = start.after!;
  const tz = schedule.timezone;
  const state = m.status === 'done' ? 'was held' : 'is already announced';
  const dates = start.tooClose.map((t) => formatSlot(t, tz)).join(', ');
  const first = nextMeetingAt({ ...schedule, anchorDate: start.anchorDate }, start.tooClose.at(-1)!);
  return `Meeting ${m.number ?? ''} on ${formatSlot(m.slotAt, m.timezone ?? club.timezone)} ${state} and keeps its date. ${dates} would come too soon after it, so there is no meeting then: the new schedule starts ${formatSlot(first, tz)}.`;
}

/** A question instead of an edit: why it needs a yes, what it would change, and what to type. */
function confirmText(reasons: string[], preview: string[], command: string): string {
  const changes = preview.length ? `\nIt would change:\n${preview.map((l) => `• ${l}`).join('\n')}` : '';
  return `${reasons.join('\n')}${changes}\nTo go ahead, run ${command}`;
}

// Papers only by default: a list's blogs, threads, repos and courses stay in /paper list and can be picked by hand.
async function paperIdsOf(db: Db, slug: string, where: Pick<Where, 'platform' | 'workspace'>, includeResources: boolean): Promise<number[]> {
  const entries = await listPapers(db, slug, { limit: 1_000_000, community: communityOf(where) });
  const ids = (includeResources ? entries : entries.filter((e) => e.paper.kind === 'paper')).map((e) => e.paper.id);
  if (ids.length === 0) throw new UserError('no-papers', `The list '${slug}' has no papers, only other resources. Run /club setup again with resources:all to follow them.`);
  return ids;
}

/** The local date of the first meeting after `now` (fixes the weeks of an every-N-weeks schedule). */
function anchorFor(s: MeetingSchedule, now: number): string {
  return localDay(nextMeetingAt({ ...s, everyWeeks: 1, anchorDate: null }, now), s.timezone);
}

/** What a schedule change did, for its reply. */
export interface ScheduleResult {
  club: Club;
  /** Dates of the new schedule left out because they came too soon after a meeting (confirmed). */
  start: ScheduleStart;
}

/**
 * Changes the schedule; a bad cron or zone leaves the old one in place. The meetings not announced yet move in order
 * onto the new dates with their papers and presenters (who are told, by the dispatcher's plan diff); skipped dates
 * stay skipped when they are still meeting dates and are dropped otherwise. When the new schedule's first dates come
 * less than a week after a meeting already announced or held, they are left out: that needs `confirm`, after a
 * preview of every change.
 */
export async function setSchedule(db: Db, club: Club, s: { cron: string; timezone: string; everyWeeks?: number; confirm?: boolean; command?: string }, now: number): Promise<ScheduleResult> {
  const schedule: MeetingSchedule = { cron: s.cron.trim(), timezone: s.timezone, everyWeeks: s.everyWeeks ?? 1, anchorDate: null };
  validateMeetingSchedule(schedule, now);
  const start = await scheduleStart(db, club, schedule, now);
  if (start.tooClose.length && !s.confirm) {
    const preview = await previewPlanChange(db, club, now, async (db) => (await applySchedule(db, club, schedule, now)).club);
    throw new UserError('confirm-schedule', confirmText([collisionText(club, start, schedule)], preview, s.command ?? 'the same command again with confirm:yes'));
  }
  return await db.transaction(async (db) => await applySchedule(db, club, schedule, now));
}

async function applySchedule(db: Db, club: Club, schedule: MeetingSchedule, now: number): Promise<ScheduleResult> {
  const start = await scheduleStart(db, club, schedule, now);
  const anchored = { ...schedule, anchorDate: start.anchorDate };
  // The post of a meeting goes out after the one before: the lead stays below the shortest gap of the new schedule.
  const lead = Math.min(club.announceLeadMinutes, Math.floor(shortestGap(anchored, now) / 60_000) - 60);
  const updated = await updateClub(db, club.id, {
      cron: schedule.cron,
      timezone: schedule.timezone,
      everyWeeks: schedule.everyWeeks,
      anchorDate: start.anchorDate,
      announceLeadMinutes: Math.max(0, lead),
    });
  await redatePlan(db, updated, now);
  await ensurePlan(db, updated, now);
  return { club: updated, start };
}

/** Sets how long before each meeting its post goes out. */
export async function setAnnounceLead(db: Db, club: Club, minutes: number, now: number): Promise<Club> {
  const gap = Math.floor(shortestGap(scheduleOf(club), now) / 60_000);
  if (minutes < 0 || minutes >= gap) {
    const days = Math.floor(gap / DAY_MINUTES);
    throw new UserError('bad-announce', `Announce between 0 and ${days - 1} days ahead: the post must come after the previous meeting.`);
  }
  return await updateClub(db, club.id, { announceLeadMinutes: minutes });
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
 * Skips the next meeting (or the given one): no meeting that date, its paper moves to the following meeting and the
 * papers after it each move one meeting later. An announced meeting can be skipped too (its post is edited).
 * Presenters of the skipped date are released (an unskip gives them back) and told, with the next date offered.
 */
export async function skipMeeting(db: Db, club: Club, now: number, target?: PlannedMeeting): Promise<SkipResult> {
  // With no date named: the next meeting that takes place (a date already off is passed over).
  const next = target ?? (await planUpcoming(db, club, now, HORIZON)).find((m) => m.status !== 'skipped' && m.status !== 'missed');
  if (!next) throw new UserError('nothing-to-skip', 'There is no upcoming meeting to skip.');
  if (next.status === 'skipped' || next.status === 'missed') {
    throw new UserError('already-skipped', `There is no meeting on ${formatSlot(next.slotAt, club.timezone)} already (${next.status}).`);
  }
  if (next.slotAt <= now) throw new UserError('cannot-skip', 'That meeting has already started.');
  return await db.transaction(async (db) => {
    const presenters = await presentersAt(db, club.id, next.slotAt);
    const row = await getMeeting(db, club.id, next.slotAt);
    let announced = false;
    if (row && (row.status === 'posting' || row.status === 'posted')) {
      await skipAnnounced(db, club, row, now);
      announced = true;
    } else {
      const planned = next.plannedId !== undefined ? await plannedById(db, next.plannedId) : null;
      if (!planned) throw new UserError('nothing-to-skip', 'That meeting is no longer planned. See /paper upcoming.');
      await skipPlanned(db, club, planned, { status: 'skipped', reason: 'admin', release: true });
    }
    // The first meeting after the skipped date: where its paper goes, and the date offered to its presenters.
    const after = (await planUpcoming(db, (await getClub(db, club.id))!, now, HORIZON)).find((m) => m.slotAt > next.slotAt && m.status !== 'skipped' && m.status !== 'missed' && m.paper) ?? null;
    const offer = after
      ? ` The next meeting is ${formatSlot(after.slotAt, club.timezone)}${after.paper ? ` (${after.paper.title})` : ''}${
          after.presenters.length < club.presentersPerMeeting ? ` — take it with /signup ${localDate(after.slotAt, club.timezone)}` : ', which already has its presenter'
        }.`
      : '';
    const notices = presenters.map((member) => ({
      member,
      text: `The meeting of ${club.name} on ${formatSlot(next.slotAt, club.timezone)} is skipped, so you are no longer presenting${next.paper ? ` ${next.paper.title}` : ''}.${offer} If the skip is undone, you are presenting again.`,
    }));
    return { skipped: next, next: after, notices, announced };
  });
}

/** What an unskip did, for its reply. */
export interface UnskipResult {
  meeting: PlannedMeeting;
  /** The skip's paper is back on the date (false: it was discussed or pinned elsewhere meanwhile). */
  paperBack: boolean;
  /** It had been announced: its post is edited back. */
  announced: boolean;
  notices: Notice[];
}

/**
 * Undoes a skip of an upcoming meeting exactly: the date gets back its paper (the papers after it move back one
 * meeting), the presenters the skip released (they are told), and an announced meeting its announcement.
 */
export async function unskipMeeting(db: Db, club: Club, slotAt: number, now: number): Promise<UnskipResult> {
  // A past date stays settled: bringing it back would make the scheduler post it late.
  if (slotAt <= now) throw new UserError('week-in-past', 'That date is in the past; only upcoming meetings can be un-skipped.');
  const m = await getMeeting(db, club.id, slotAt);
  if (!m || m.status !== 'skipped') throw new UserError('not-skipped', 'That meeting is not skipped.');
  // A meeting after it already has its post out: bringing this date back would put a meeting before it.
  const later = (await meetingsFrom(db, club.id, slotAt + 1)).find((x) => x.status === 'posting' || x.status === 'posted');
  if (later) {
    throw new UserError(
      'later-announced',
      `The meeting on ${formatSlot(later.slotAt, club.timezone)} is already announced, so this date cannot come back before it. Pick a paper for a later meeting instead.`,
    );
  }
  return await db.transaction(async (db) => {
    const done = await unskip(db, club, m, now);
    const meeting = (await planUpcoming(db, club, now, HORIZON)).find((x) => x.slotAt === slotAt)!;
    const when = formatSlot(slotAt, club.timezone);
    const notices: Array<{ member: Member; text: string }> = [];
    for (const id of done.restored) {
      const member = await memberById(db, id);
      if (member) {
        notices.push({ member, text: `The meeting of ${club.name} on ${when} is back on, and you are presenting again${meeting?.paper ? `: **${meeting.paper.title}**` : ''}. Can't make it? /withdraw ${localDate(slotAt, club.timezone)}` });
      }
    }
    return { meeting, paperBack: done.paperBack, announced: done.announced, notices };
  });
}

/** Skipped dates ahead (for /club unskip and /paper upcoming). */
export async function skippedAhead(db: Db, club: Club, now: number): Promise<Meeting[]> {
  return (await meetingsFrom(db, club.id, now + 1)).filter((m) => m.status === 'skipped');
}

/** Why putting a paper on a meeting needs a yes: it was discussed already, or it takes a pinned paper's place. */
export async function pinQuestions(db: Db, club: Club, paper: Paper, target: PlannedMeeting): Promise<string[]> {
  const out: string[] = [];
  const held = (await meetingsFrom(db, club.id, 0)).find((m) => m.paperId === paper.id && (m.status === 'posting' || m.status === 'posted' || m.status === 'done'));
  if (held) {
    out.push(`**${paper.title}** was already discussed at meeting ${held.number ?? '?'} on ${formatSlot(held.slotAt, held.timezone ?? club.timezone)}.`);
  }
  const row = target.plannedId !== undefined ? await plannedById(db, target.plannedId) : null;
  if (row && isPinned(row.origin) && row.paperId !== null && row.paperId !== paper.id) {
    const had = await getPaper(db, row.paperId);
    out.push(`Meeting ${target.number ?? ''} on ${formatSlot(target.slotAt, club.timezone)} has **${had?.title ?? 'a paper'}** by ${originWords(row.origin)}; it goes back to the list.`);
  }
  // Moving a picked paper is what a move names; taking a vote's winner off its meeting undoes the vote.
  const elsewhere = await plannedWithPaper(db, club.id, paper.id);
  if (elsewhere && elsewhere.id !== target.plannedId && elsewhere.origin === 'vote') {
    out.push(`**${paper.title}** won the vote for the meeting of ${formatSlot(elsewhere.slotAt, club.timezone)}; that meeting takes the list's paper instead.`);
  }
  return out;
}

function originWords(origin: string): string {
  return origin === 'vote' ? 'a vote' : origin === 'move' ? 'a move' : 'a pick';
}

/**
 * Puts a paper on an upcoming meeting (a pick or a move) and pins it there: the papers of the meetings after it move
 * one meeting later (or, when the paper came from later in the plan, those between move one earlier). A paper already
 * discussed, or a meeting that holds a picked, moved or voted paper, needs `confirm`: the question names them and
 * shows every change.
 */
export async function putPaperOnMeeting(db: Db, club: Club, paper: Paper, target: PlannedMeeting, origin: 'pick' | 'move', now: number, confirm: boolean, command = 'the same command again with confirm:yes'): Promise<void> {
  if (target.status !== 'upcoming' || target.plannedId === undefined) {
    throw new UserError('already-announced', `${target.number ? `Meeting ${target.number}` : 'That meeting'} is already announced with its paper. Pick a later meeting from /paper upcoming.`);
  }
  const edit = async (db: Db) => {
    await pinPaper(db, club, (await plannedById(db, target.plannedId!))!, paper.id, origin, now);
    return club;
  };
  const questions = await pinQuestions(db, club, paper, target);
  if (questions.length && !confirm) throw new UserError('confirm-pin', confirmText(questions, await previewPlanChange(db, club, now, edit), command));
  await db.transaction(edit);
}
