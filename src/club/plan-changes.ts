import { formatSlot, localDate } from '../render/format.ts';
import type { Db } from '../store/db.ts';
import { planUpcoming } from './planning.ts';
import type { Club, Member, PlannedMeeting } from './types.ts';

const HORIZON = 52;

/** A private word to one member (DM, with a channel fallback where DMs fail). */
export interface Notice {
  member: Member;
  text: string;
}

/** The club's plan as presenters see it: for each of their sign-ups, the date and the paper. */
export interface PlanSnapshot {
  club: Club;
  meetings: PlannedMeeting[];
}

/** The plan ahead; empty when the stored schedule is unusable (a bad row an admin is fixing). */
export function snapshotPlan(db: Db, club: Club, now: number): PlanSnapshot {
  try {
    return { club, meetings: planUpcoming(db, club, now, HORIZON) };
  } catch {
    return { club, meetings: [] };
  }
}

/**
 * What changed for each presenter between two plans: the paper of their meeting, its date (a schedule change moves
 * meetings; sign-ups follow their meeting), or their sign-up is gone (a skip — the skip explains itself, see
 * skipMeeting). Every presenter whose talk changed gets exactly one notice.
 */
export function presenterNotices(before: PlanSnapshot, after: PlanSnapshot): Notice[] {
  const tzBefore = before.club.timezone;
  const tzAfter = after.club.timezone;
  const slotsOf = (plan: PlanSnapshot, memberId: number) =>
    plan.meetings.filter((m) => m.status !== 'skipped' && m.presenters.some((p) => p.id === memberId));
  const members = new Map<number, Member>();
  for (const m of before.meetings) for (const p of m.presenters) members.set(p.id, p);
  const notices: Notice[] = [];
  for (const member of members.values()) {
    const was = slotsOf(before, member.id);
    const now = slotsOf(after, member.id);
    for (let i = 0; i < was.length; i++) {
      const old = was[i]!;
      const same = now.find((m) => m.slotAt === old.slotAt);
      const moved = same ?? now.find((m) => !was.some((w) => w.slotAt === m.slotAt));
      if (!moved) continue; // gone: the action that removed it (skip) tells them itself
      const dateChanged = moved.slotAt !== old.slotAt;
      const paperChanged = (moved.paper?.id ?? null) !== (old.paper?.id ?? null);
      if (!dateChanged && !paperChanged) continue;
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
