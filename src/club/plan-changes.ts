import { formatSlot, localDate } from '../calendar/slot-text.ts';
import { plural } from '../plural.ts';
import type { Db } from '../store/db.ts';
import { PLAN_HORIZON } from './plan.ts';
import { planUpcoming } from './planning.ts';
import type { Club, Member, PlannedMeeting } from './types.ts';
import { tombstonesAhead } from '../store/plan.ts';

/** A private word to one member (DM, with a channel fallback where DMs fail). */
export interface Notice {
  member: Member;
  text: string;
}

/** The club's plan ahead at one moment, by meeting identity (calendar UID), to compare before and after an edit. */
export interface PlanSnapshot {
  club: Club;
  meetings: PlannedMeeting[];
  /** Dates that stopped being meetings (dropped skips), still ahead. */
  dropped: Set<string>;
}

/** The plan ahead; empty when the stored schedule is unusable (a bad row an admin is fixing). */
export async function snapshotPlan(db: Db, club: Club, now: number): Promise<PlanSnapshot> {
  try {
    return { club, meetings: await planUpcoming(db, club, now, PLAN_HORIZON), dropped: new Set((await tombstonesAhead(db, club.id, now)).map((t) => t.uid)) };
  } catch {
    return { club, meetings: [], dropped: new Set() };
  }
}

/**
 * Runs an edit on the plan without keeping it: what it would change, in the words of describePlanChanges. For the
 * previews of edits that change more than the admin named (they then ask for confirm:yes).
 */
/** `edit` runs on the handle it is given (the preview's transaction, rolled back). */
export async function previewPlanChange(db: Db, club: Club, now: number, edit: (db: Db) => Promise<Club>): Promise<string[]> {
  const before = await snapshotPlan(db, club, now);
  const undo = Symbol('preview');
  let lines: string[] = [];
  try {
    await db.transaction(async (db) => {
            lines = describePlanChanges(before, await snapshotPlan(db, await edit(db), now));
            throw undo;
          });
  } catch (err) {
    if (err !== undo) throw err;
  }
  return lines;
}

const off = (m: PlannedMeeting) => m.status === 'skipped' || m.status === 'missed';

/** "Meeting 5 on Thu 7 Jan 2027, 18:30 (Europe/Berlin)". */
function named(m: PlannedMeeting, tz: string): string {
  return `${m.number ? `Meeting ${m.number}` : 'The meeting'} on ${formatSlot(m.slotAt, tz)}`;
}

/** Change lines past this are summed up (the plan shows the rest). */
const MAX_LINES = 8;
/** A run of this many like changes in a row (papers that each moved one meeting, dates moved alike) is one line. */
const RUN = 3;

type Change = { kind: 'line'; text: string } | { kind: 'later' | 'earlier' | 'empty' | 'moved'; m: PlannedMeeting; old: PlannedMeeting; text: string };

/**
 * What changed between two plans, meeting by meeting (by identity, so a re-dated meeting is one change): dates
 * moved, papers that changed meeting, skips added, removed or dropped. In date order; a run of like changes (papers
 * that each moved one meeting after a skip or a pick, meetings moved to the new weekday) is summed up in one line.
 */
export function describePlanChanges(before: PlanSnapshot, after: PlanSnapshot): string[] {
  const tzBefore = before.club.timezone;
  const tz = after.club.timezone;
  const was = new Map(before.meetings.map((m) => [m.uid, m]));
  const horizonEnd = before.meetings.at(-1)?.slotAt ?? -Infinity;
  // The papers before, in meeting order, to tell a paper that moved one meeting from one that changed otherwise.
  const oldOrder = before.meetings.filter((m) => !off(m) && m.paper).map((m) => m.paper!.id);
  const changes: Change[] = [];
  for (const m of after.meetings) {
    const old = was.get(m.uid);
    if (!old) {
      // New at the end of the plan (it grows as time passes) is no change; a skipped date is.
      if (m.status === 'skipped' && m.slotAt <= horizonEnd) changes.push({ kind: 'line', text: `No meeting on ${formatSlot(m.slotAt, tz)} (skipped).` });
      continue;
    }
    if (off(m) && !off(old)) {
      changes.push({ kind: 'line', text: `No meeting on ${formatSlot(m.slotAt, tz)} (${m.status === 'missed' ? 'missed' : 'skipped'}).` });
      continue;
    }
    if (!off(m) && off(old)) {
      changes.push({ kind: 'line', text: `${formatSlot(m.slotAt, tz)} is back on${m.paper ? `: ${m.number ? `meeting ${m.number}, ` : ''}**${m.paper.title}**` : ''}.` });
      continue;
    }
    if (off(m)) {
      if (m.slotAt !== old.slotAt) changes.push({ kind: 'line', text: `The skipped date ${formatSlot(old.slotAt, tzBefore)} is now ${formatSlot(m.slotAt, tz)}.` });
      continue;
    }
    const moved = m.slotAt !== old.slotAt;
    const paperChanged = (m.paper?.id ?? null) !== (old.paper?.id ?? null);
    if (moved) {
      const paperText = paperChanged ? `, and its paper is now ${m.paper ? `**${m.paper.title}**` : 'none'} (was ${old.paper?.title ?? 'none'})` : '';
      const text = `${m.number ? `Meeting ${m.number}` : 'A meeting'}${m.paper ? ` (**${m.paper.title}**)` : ''} moves from ${formatSlot(old.slotAt, tzBefore)} to ${formatSlot(m.slotAt, tz)}${paperText}.`;
      changes.push(paperChanged ? { kind: 'line', text } : { kind: 'moved', m, old, text });
    } else if (paperChanged) {
      // A date that had no paper (the list had run out) is past the end of the old order.
      const at = old.paper ? oldOrder.indexOf(old.paper.id) : oldOrder.length;
      const kind = !m.paper ? 'empty' : at > 0 && oldOrder[at - 1] === m.paper.id ? 'later' : at >= 0 && oldOrder[at + 1] === m.paper.id ? 'earlier' : 'line';
      const text = m.paper ? `${named(m, tz)} now reads **${m.paper.title}** (was ${old.paper?.title ?? 'no paper'}).` : `${named(m, tz)} has no paper left (was ${old.paper?.title ?? 'none'}).`;
      changes.push(kind === 'line' ? { kind, text } : { kind, m, old, text });
    }
  }
  for (const m of before.meetings) {
    if (after.meetings.some((x) => x.uid === m.uid)) continue;
    if (off(m) && after.dropped.has(m.uid)) changes.push({ kind: 'line', text: `${formatSlot(m.slotAt, tzBefore)} is no longer a meeting date, so its skip is dropped.` });
  }
  const lines = summed(changes);
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), `…and ${plural(lines.length - MAX_LINES + 1, 'more change')}: see /paper upcoming.`] : lines;
}

/** Runs of like changes in one line each. */
function summed(changes: Change[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < changes.length; ) {
    const c = changes[i]!;
    let j = i + 1;
    while (c.kind !== 'line' && j < changes.length && changes[j]!.kind === c.kind) j++;
    const run = changes.slice(i, j) as Array<Extract<Change, { m: PlannedMeeting }>>;
    if (c.kind === 'line' || run.length < RUN) {
      out.push(...changes.slice(i, j).map((x) => x.text));
    } else {
      const [first, second] = [run[0]!, run[1]!];
      const last = run.at(-1)!;
      const rest = second.m.number && last.m.number ? `meetings ${second.m.number}–${last.m.number}` : `the ${plural(run.length - 1, 'meeting')} after it`;
      out.push(first.text);
      if (c.kind === 'moved') out.push(`${capital(rest)} move the same way, each to the next date of the new schedule.`);
      else if (c.kind === 'empty') out.push(`${capital(rest)} have no paper left either (the list has run out).`);
      else out.push(`The papers of ${rest} each move one meeting ${c.kind} too.`);
    }
    i = j;
  }
  return out;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * What changed for each presenter between two plans: the paper of their meeting or its date (a schedule change
 * re-dates meetings; sign-ups go with their meeting). A meeting that went (a skip) tells its presenters itself.
 * Every presenter whose talk changed gets exactly one notice per talk.
 */
export function presenterNotices(before: PlanSnapshot, after: PlanSnapshot): Notice[] {
  const tzBefore = before.club.timezone;
  const tzAfter = after.club.timezone;
  const later = new Map(after.meetings.map((m) => [m.uid, m]));
  const notices: Notice[] = [];
  for (const old of before.meetings) {
    if (off(old)) continue;
    const moved = later.get(old.uid);
    if (!moved || off(moved)) continue;
    const dateChanged = moved.slotAt !== old.slotAt;
    const paperChanged = (moved.paper?.id ?? null) !== (old.paper?.id ?? null);
    if (!dateChanged && !paperChanged) continue;
    for (const member of old.presenters) {
      if (!moved.presenters.some((p) => p.id === member.id)) continue;
      const when = formatSlot(moved.slotAt, tzAfter);
      const parts: string[] = [];
      if (dateChanged) parts.push(`your talk moved from ${formatSlot(old.slotAt, tzBefore)} to **${when}**`);
      if (paperChanged) {
        parts.push(
          moved.paper
            ? `the paper ${dateChanged ? 'is now' : `for ${when} is now`} **${moved.paper.title}** (was ${old.paper?.title ?? 'none'})`
            : `there is no paper left for ${when} yet (was ${old.paper?.title ?? 'none'}); an admin can /club pick one`,
        );
      }
      const undo = `Can't make it? /withdraw ${localDate(moved.slotAt, tzAfter)}`;
      notices.push({ member, text: `Schedule change in ${after.club.name}: ${parts.join(', and ')}. ${undo}` });
    }
  }
  return notices;
}

/** The change lines and who was told, as a reply section; empty when nothing changed. */
export function changesSection(lines: string[], notices: Notice[]): string {
  const told = [...new Set(notices.map((n) => n.member.displayName))];
  const all = [...lines, ...(told.length ? [`Told privately: ${told.join(', ')}.`] : [])];
  return all.length ? `\n\nWhat changed:\n${all.map((l) => `• ${l}`).join('\n')}` : '';
}
