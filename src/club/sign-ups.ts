import { findPapers } from '../catalog/paper-finder.ts';
import { UserError } from '../errors.ts';
import { formatSlot, localDate } from '../calendar/slot-text.ts';
import type { Db } from '../store/db.ts';
import { planUpcoming, plannedFromRow } from './planning.ts';
import type { Club, Member, PlannedMeeting } from './types.ts';
import { sequenceIndexOf } from '../store/clubs.ts';
import { getMeeting, pastMeetings } from '../store/meetings.ts';
import { addPresenter, presentersAt, removePresenter } from '../store/sign-ups.ts';
import { communityOf } from '../store/catalog.ts';

const HORIZON = 52;

/** Meetings a member can still sign up for: every meeting ahead (announced or planned) that has a paper. */
export async function signableMeetings(db: Db, club: Club, now: number): Promise<PlannedMeeting[]> {
  return (await planUpcoming(db, club, now, HORIZON)).filter((m) => m.paper);
}

/** 'meeting 5 (LoRA, Wed 9 Dec 2026, 17:00 UTC)'. */
export function describeMeeting(m: PlannedMeeting, club: Club): string {
  const label = m.number ? `meeting ${m.number}` : 'that meeting';
  return `${label} (${m.paper?.title ?? 'no paper'}, ${formatSlot(m.slotAt, club.timezone)})`;
}

/**
 * Finds the meeting a week argument means: a meeting number (`5`), a date in the club's zone (`2026-12-16`), a
 * paper (`lora`), or `@<epoch ms>` (the meeting a button was on). With no argument: the next meeting that still
 * needs a presenter.
 */
export async function resolveMeeting(db: Db, club: Club, now: number, arg: string | number | undefined): Promise<PlannedMeeting> {
  const meetings = await signableMeetings(db, club, now);
  if (arg === undefined || arg === '') {
    const open = meetings.find((m) => m.presenters.length < club.presentersPerMeeting);
    if (!open) throw new UserError('no-open-week', 'Every upcoming meeting has its presenters already. See /paper upcoming.');
    return open;
  }
  const text = String(arg).trim();
  const at = /^@(\d+)$/.exec(text);
  if (at) {
    const slotAt = Number(at[1]);
    const hit = meetings.find((m) => m.slotAt === slotAt);
    if (hit) return hit;
    const row = await getMeeting(db, club.id, slotAt);
    if (row?.status === 'skipped') throw new UserError('meeting-skipped', `The meeting on ${formatSlot(slotAt, club.timezone)} is skipped. See /paper upcoming for the next one.`);
    throw new UserError('meeting-started', `The meeting on ${formatSlot(slotAt, club.timezone)} has already started. Sign up for a later one: /signup.`);
  }
  if (/^-?\d+(\.\d+)?$/.test(text) && !/^\d+$/.test(text)) {
    throw new UserError('bad-meeting-number', `'${text}' is not a meeting number. Use a whole number from /paper upcoming, a date (YYYY-MM-DD) or a paper.`);
  }
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    const hit = meetings.find((m) => m.number === number);
    if (hit) return hit;
    const past = (await pastMeetings(db, club.id, 1_000)).find((m) => m.number === number);
    if (past) throw new UserError('week-in-past', `Meeting ${number} was on ${formatSlot(past.slotAt, past.timezone ?? club.timezone)}. Pick an upcoming meeting from /paper upcoming.`);
    if (number === 0) throw new UserError('bad-meeting-number', "Meetings are numbered from 1. See /paper upcoming.");
    throw new UserError('no-such-week', `There is no meeting ${number} in the next ${HORIZON} meetings. See /paper upcoming.`);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const hit = meetings.find((m) => localDate(m.slotAt, club.timezone) === text);
    if (hit) return hit;
    const skipped = (await planUpcoming(db, club, now, HORIZON)).find((m) => m.status === 'skipped' && localDate(m.slotAt, club.timezone) === text);
    if (skipped) throw new UserError('meeting-skipped', `There is no meeting on ${text}: it is skipped. See /paper upcoming.`);
    if (text < localDate(now, club.timezone)) throw new UserError('week-in-past', `${text} is in the past. Pick an upcoming meeting from /paper upcoming.`);
    throw new UserError('no-meeting-that-day', `There is no meeting on ${text}. See /paper upcoming for the dates.`);
  }
  const paper = await requirePaper(db, text, communityOf(club));
  const hit = meetings.find((m) => m.paper?.id === paper.id);
  if (hit) return hit;
  const held = (await pastMeetings(db, club.id, 1_000)).find((m) => m.paperId === paper.id);
  if (held) {
    throw new UserError('week-in-past', `${paper.title} was meeting ${held.number ?? '?'}, already discussed. Pick an upcoming paper from /paper upcoming.`);
  }
  if ((await sequenceIndexOf(db, club.id, paper.id)) === null) {
    throw new UserError('not-in-sequence', `${paper.title} isn't on this club's schedule. An admin can add it with /club pick.`);
  }
  throw new UserError('not-in-sequence', `${paper.title} is further down the list than the next ${HORIZON} meetings. An admin can bring it forward with /club pick.`);
}

/**
 * Resolves user text to a paper or throws a UserError with a suggestion. With a community, only among the papers it
 * may find (paper-finder.ts applies the scope).
 */
export async function requirePaper(db: Db, query: string, community?: string, opts: { exactOnly?: boolean } = {}) {
  const q = query.trim();
  if (!q) throw new UserError('no-paper', 'Name a paper: its title, nickname (LoRA) or id (2106.09685).');
  const finder = await findPapers(db, community);
  // '#123' is the internal id that buttons and autocomplete carry.
  if (/^#\d+$/.test(q)) {
    const p = await finder.exact(q);
    if (p) return p;
    throw new UserError('unknown-paper', 'That paper is no longer in the catalog.');
  }
  const res = await finder.resolve(q, opts);
  if (res.paper) return res.paper;
  const best = res.suggestions[0];
  const hint = best ? ` — did you mean ${best.nickname ?? best.title}?` : '. Try /paper search.';
  throw new UserError('unknown-paper', `No paper matches '${truncateQuery(q)}'${hint}`);
}

function truncateQuery(q: string): string {
  return q.length > 60 ? `${q.slice(0, 57)}…` : q;
}

/** Claims a meeting for a member; one IMMEDIATE transaction so two racing sign-ups cannot both take the last place. */
export async function signUp(db: Db, club: Club, member: Member, meeting: PlannedMeeting, now: number): Promise<PlannedMeeting> {
  if (!meeting.paper) throw new UserError('no-paper-that-week', 'That meeting has no paper to present.');
  return await db.transaction(async (db) => {
    const current = await presentersAt(db, club.id, meeting.slotAt);
    if (current.some((p) => p.id === member.id)) {
      throw new UserError('already-signed-up', `You are already presenting ${describeMeeting(meeting, club)}.`);
    }
    if (current.length >= club.presentersPerMeeting) {
      throw new UserError(
        'week-taken',
        `${capitalize(describeMeeting(meeting, club))} is taken by ${current.map((p) => p.displayName).join(', ')}. Try another: /paper upcoming.`,
      );
    }
    await addPresenter(db, club.id, meeting.slotAt, member.id, now);
    return { ...meeting, presenters: [...current, member] };
  });
}

/** Frees a member's claim; with no argument, their next one. */
export async function withdraw(db: Db, club: Club, member: Member, now: number, arg: string | number | undefined): Promise<PlannedMeeting> {
  const meetings = await signableMeetings(db, club, now);
  const mine = meetings.filter((m) => m.presenters.some((p) => p.id === member.id));
  let target: PlannedMeeting | undefined;
  if (arg === undefined || arg === '') target = mine[0];
  else {
    const m = await resolveMeeting(db, club, now, arg);
    target = mine.find((x) => x.slotAt === m.slotAt);
    if (!target) throw new UserError('not-signed-up', `You are not presenting ${describeMeeting(m, club)}.`);
  }
  if (!target) throw new UserError('not-signed-up', "You aren't signed up to present any upcoming meeting.");
  await removePresenter(db, club.id, target.slotAt, member.id);
  return target;
}

/** The meeting at `slotAt` as the schedule shows it (row or plan). */
export async function meetingAt(db: Db, club: Club, now: number, slotAt: number): Promise<PlannedMeeting | null> {
  const row = await getMeeting(db, club.id, slotAt);
  if (row) return await plannedFromRow(db, club, row);
  return (await planUpcoming(db, club, now, HORIZON)).find((m) => m.slotAt === slotAt) ?? null;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
