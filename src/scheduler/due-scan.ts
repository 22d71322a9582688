import type { Club } from '../club/types.ts';
import { iso, type RunDeps } from './types.ts';
import { startedMeetingAt } from './wrap-up.ts';
import type { ClubTimings } from '../dispatch/scheduler-port.ts';

/** What a sweep has to do, club by club. */
export interface DueWork {
  /**
   * Clubs that need the full per-club run (runClub): a post left pending, several meetings due at once, a paused or
   * parked club with a meeting due, a meeting whose post is overdue, reminders owed, or data the scan could not read.
   */
  full: Club[];
  /**
   * Clubs whose only work is to announce one meeting now, the common case: their posts are recorded in groups. Their
   * timings only: beginning the post reads the whole club in its transaction.
   */
  announce: Array<{ club: ClubTimings; slotAt: number }>;
}

/**
 * Finds the clubs with anything due at `now` with a handful of set queries (the clubs due a check, posts pending,
 * each club's latest recorded meeting, parked clubs, the reminders and sign-ups of the meeting dates inside a
 * reminder window) and meeting dates shared per schedule, instead of several queries per club. For each club found
 * idle it records when it next may have work (clubs.next_check_at), so the next sweeps do not read it until then.
 * It decides no outcome: every club it returns goes through the same rules as before.
 */
/** `onlyClubIds`: a job's clubs (null: the sweep, every club). */
export async function scanDue(deps: RunDeps, now: number, onlyClubIds: number[] | null = null): Promise<DueWork> {
  const store = deps.port.store;
  // Another process's clubs (its shards' servers) are neither run nor marked idle here.
  let clubs = (await store.clubsDueACheck(now)).filter((c) => deps.owns(c));
  if (onlyClubIds) {
    const wanted = new Set(onlyClubIds);
    clubs = clubs.filter((c) => wanted.has(c.id));
  }
  const pending = await store.clubsWithPendingPosts();
  const settled = await store.latestSettledSlots(now);
  const parked = await store.parkedClubIds();
  // Decided on timings alone; the whole rows are read at the end, for the clubs with work only.
  const work = { full: [] as ClubTimings[], announce: [] as Array<{ club: ClubTimings; slotAt: number }> };
  const remindAt = new Map<number, ClubTimings[]>(); // meeting date → clubs inside their reminder window for it
  const idle: Array<{ clubId: number; at: number }> = []; // clubs with nothing due, and when they next may have
  const idleIfReminded = new Map<number, number>();
  const startedAt = new Map<number, ClubTimings[]>(); // meeting date that started within a day → its clubs (wrap-up)
  for (const club of clubs) {
    try {
      if (pending.has(club.id)) {
        work.full.push(club);
        continue;
      }
      const lead = club.announceLeadMinutes * 60_000;
      const horizon = Math.max(club.createdAt, settled.get(club.id) ?? -Infinity, now - deps.lookbackMs);
      const first = deps.slots.next(club, horizon);
      if (first <= now + lead) {
        const simple = !club.paused && !parked.has(club.id) && deps.slots.next(club, first) > now + lead && now <= owedUntil(deps, club, first);
        if (simple) work.announce.push({ club, slotAt: first });
        else work.full.push(club);
        continue;
      }
      // Rotation & wrap-up: a meeting that started within the last day may still need its post's wrap-up buttons.
      const started = startedMeetingAt(deps, club, now);
      if (started !== null) {
        const group = startedAt.get(started);
        if (group) group.push(club);
        else startedAt.set(started, [club]);
      }
      const announceAt = first - lead;
      if (club.paused) {
        idle.push({ clubId: club.id, at: announceAt });
        continue;
      }
      const upcoming = deps.slots.next(club, now);
      const windowAt = upcoming - club.reminderLeadMinutes * 60_000;
      if (now < windowAt) {
        idle.push({ clubId: club.id, at: Math.min(announceAt, windowAt) });
        continue;
      }
      // Inside the window: idle if every reminder owed is sent; looked at again when this meeting starts at the latest.
      idleIfReminded.set(club.id, Math.min(announceAt, upcoming));
      const group = remindAt.get(upcoming);
      if (group) group.push(club);
      else remindAt.set(upcoming, [club]);
    } catch (err) {
      // Bad data in one club (e.g. a cron edited into the database): the full run reports it and goes on.
      deps.logger.debug('due scan could not read a club; it gets a full run', { clubId: club.id, at: iso(now), err });
      work.full.push(club);
    }
  }
  for (const [slotAt, group] of remindAt) {
    const sent = await store.remindersAtSlot(slotAt);
    const presenters = await store.presenterIdsAtSlot(slotAt);
    for (const club of group) {
      // The reminders owed follow from who presents now (a withdrawal after the DM owes a call for a presenter).
      const ids = presenters.get(club.id);
      const owed = ids?.length ? ids.map((id) => `presenter:${id}`) : ['call-for-presenter'];
      const done = sent.get(club.id);
      if (!owed.every((kind) => done?.has(kind))) work.full.push(club);
      else idle.push({ clubId: club.id, at: idleIfReminded.get(club.id)! });
    }
  }
  // Rotation & wrap-up: one query per started meeting date, as for reminders. A club whose post still needs its
  // wrap-up buttons gets a full run and is not idle (it is looked at again until the edit is recorded).
  const full = new Set(work.full.map((c) => c.id));
  for (const [slotAt, group] of startedAt) {
    const sent = await store.remindersAtSlot(slotAt);
    for (const club of group) {
      if (!full.has(club.id) && !sent.get(club.id)?.has('wrap-up')) {
        work.full.push(club);
        full.add(club.id);
      }
    }
  }
  // Written now, in the same synchronous step as the reads: nothing can change in between. Any later change to
  // what they were computed from clears them (triggers, migration 0007).
  await store.setNextChecks(idle.filter((c) => c.at > now && !full.has(c.clubId)));
  const whole = await store.clubsByIds([...full]);
  return { full: work.full.flatMap((c) => whole.get(c.id) ?? []), announce: work.announce };
}

/**
 * Until when a meeting's post is still worth sending: an announcement is owed until its meeting starts; a club
 * that posts at the meeting time (lead 0) still posts within the grace period, never after the meeting is over.
 */
export function owedUntil(deps: Pick<RunDeps, 'graceMs' | 'meetingDurationMs'>, club: Pick<Club, 'announceLeadMinutes'>, slotAt: number): number {
  const announceAt = slotAt - club.announceLeadMinutes * 60_000;
  return Math.max(slotAt, Math.min(announceAt + deps.graceMs, slotAt + deps.meetingDurationMs));
}
