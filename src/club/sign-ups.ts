import { getPaper, resolvePaper } from '../catalog/catalog-store.ts';
import { UserError } from '../errors.ts';
import { formatSlot, localDate } from '../render/format.ts';
import type { Db } from '../store/db.ts';
import { sequenceIndexOf } from './club-store.ts';
import { currentMeeting, planUpcoming, plannedFromRow } from './planning.ts';
import { addPresenter, presentersOf, removePresenter } from './presenters.ts';
import type { Club, Member, PlannedMeeting } from './types.ts';

const HORIZON = 52;

/** Meetings a member can still present: the one under way, then the upcoming ones. */
export function signableMeetings(db: Db, club: Club, now: number): PlannedMeeting[] {
  const current = currentMeeting(db, club);
  const upcoming = planUpcoming(db, club, now, HORIZON).filter((m) => m.paper);
  return current && current.paperId !== null ? [plannedFromRow(db, club, current), ...upcoming] : upcoming;
}

/**
 * Finds the meeting a `week` argument means: a week number of the sequence, a date (YYYY-MM-DD),
 * or a paper; with no argument, the next upcoming meeting that still needs a presenter.
 */
export function resolveMeeting(db: Db, club: Club, now: number, arg: string | number | undefined): PlannedMeeting {
  const meetings = signableMeetings(db, club, now);
  const current = meetings[0]?.status === 'posted' || meetings[0]?.status === 'posting' ? meetings[0] : null;
  if (arg === undefined || arg === '') {
    const open = meetings.find((m) => m !== current && m.presenters.length < club.presentersPerMeeting);
    if (!open) throw new UserError('no-open-week', 'Every upcoming week has a presenter already. See /paper upcoming.');
    return open;
  }
  const text = String(arg).trim();
  if (/^\d+$/.test(text)) {
    const week = Number(text);
    const hit = meetings.find((m) => m.week === week);
    if (hit) return hit;
    if (week <= club.position) throw new UserError('week-in-past', `Week ${week} is in the past. Pick an upcoming week from /paper upcoming.`);
    throw new UserError('no-such-week', `There is no week ${week} in the next ${HORIZON} meetings. See /paper upcoming.`);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const hit = meetings.find((m) => localDate(m.slotAt, club.timezone) === text);
    if (hit) return hit;
    if (text < localDate(now, club.timezone)) throw new UserError('week-in-past', `${text} is in the past. Pick an upcoming week from /paper upcoming.`);
    throw new UserError('no-meeting-that-day', `There is no meeting on ${text}. See /paper upcoming for the dates.`);
  }
  const paper = requirePaper(db, text);
  const hit = meetings.find((m) => m.paper?.id === paper.id);
  if (hit) return hit;
  const idx = sequenceIndexOf(db, club.id, paper.id);
  if (idx !== null && idx < club.position) {
    throw new UserError('week-in-past', `${paper.title} was week ${idx + 1}, already discussed. Pick an upcoming paper from /paper upcoming.`);
  }
  throw new UserError('not-in-sequence', `${paper.title} isn't on this club's schedule. An admin can add it with /club pick.`);
}

/** Resolves user text to a paper or throws a UserError with a suggestion. */
export function requirePaper(db: Db, query: string) {
  const q = query.trim();
  if (!q) throw new UserError('no-paper', 'Name a paper: its title, nickname (LoRA) or id (2106.09685).');
  // '#123' is the internal id that buttons and autocomplete carry.
  const internal = /^#(\d+)$/.exec(q);
  if (internal) {
    const p = getPaper(db, Number(internal[1]));
    if (p) return p;
    throw new UserError('unknown-paper', 'That paper is no longer in the catalog.');
  }
  const res = resolvePaper(db, q);
  if (res.paper) return res.paper;
  const best = res.suggestions[0];
  const hint = best ? ` — did you mean ${best.nickname ?? best.title}?` : '. Try /paper search.';
  throw new UserError('unknown-paper', `No paper matches '${truncateQuery(q)}'${hint}`);
}

function truncateQuery(q: string): string {
  return q.length > 60 ? `${q.slice(0, 57)}…` : q;
}

function describe(m: PlannedMeeting, club: Club): string {
  const week = m.week ? `week ${m.week}` : 'that week';
  return `${week} (${m.paper?.title ?? 'no paper'}, ${formatSlot(m.slotAt, club.timezone)})`;
}

/** Claims a meeting for a member; one transaction so two racing sign-ups cannot both take the last place. */
export function signUp(db: Db, club: Club, member: Member, meeting: PlannedMeeting, now: number): PlannedMeeting {
  const paper = meeting.paper;
  if (!paper) throw new UserError('no-paper-that-week', 'That week has no paper to present.');
  return db.transaction(() => {
    const current = presentersOf(db, club.id, paper.id);
    if (current.some((p) => p.id === member.id)) {
      throw new UserError('already-signed-up', `You are already presenting ${describe(meeting, club)}.`);
    }
    if (current.length >= club.presentersPerMeeting) {
      throw new UserError(
        'week-taken',
        `${capitalize(describe(meeting, club))} is taken by ${current.map((p) => p.displayName).join(', ')}. Try another week: /paper upcoming.`,
      );
    }
    addPresenter(db, club.id, paper.id, member.id, now);
    return { ...meeting, presenters: [...current, member] };
  }).immediate();
}

/** Frees a member's claim; with no argument, their next one. */
export function withdraw(db: Db, club: Club, member: Member, now: number, arg: string | number | undefined): PlannedMeeting {
  const meetings = signableMeetings(db, club, now);
  const mine = meetings.filter((m) => m.presenters.some((p) => p.id === member.id));
  let target: PlannedMeeting | undefined;
  if (arg === undefined || arg === '') target = mine[0];
  else {
    const m = resolveMeeting(db, club, now, arg);
    target = mine.find((x) => x.slotAt === m.slotAt);
    if (!target) throw new UserError('not-signed-up', `You are not presenting ${describe(m, club)}.`);
  }
  if (!target?.paper) throw new UserError('not-signed-up', "You aren't signed up to present any upcoming week.");
  removePresenter(db, club.id, target.paper.id, member.id);
  return target;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
