import { getClub } from '../club/club-store.ts';
import { recordEmptySlot } from '../club/club-store.ts';
import type { Club } from '../club/types.ts';
import type { Logger } from '../logger.ts';
import type { Delivery } from '../club/ports.ts';
import { mayDeliver, sendFailed } from './club-health.ts';
import { deliverPost } from './post-meeting.ts';
import { sendReminders } from './reminders.ts';
import { latestSettledSlot, papersLeft, pendingPostSlots } from './scheduler-store.ts';
import { iso, type RunDeps, type RunState } from './types.ts';

/**
 * Everything due for one club at `run.now`, in order: finish posts left pending (crash, failed send),
 * settle the slots that came due since the last recorded one (post the latest if within grace, record
 * the rest missed; record them skipped while paused), then reminders. Idempotent: run it as often as you like.
 */
export async function runClub(deps: RunDeps, run: RunState, listed: Club): Promise<void> {
  if (!hasWork(deps, run, listed)) return; // most clubs, most runs: two indexed lookups and a cached slot
  // Re-read: an admin may have paused or rescheduled the club while this run waited its turn.
  const club = getClub(deps.core.db, listed.id);
  if (!club) return;
  const log = deps.logger.child({ clubId: club.id, platform: club.platform });
  const delivery = deps.deliveries.get(club.platform);
  if (!delivery) {
    run.report.deferred.push({ clubId: club.id, platform: club.platform, reason: 'no-delivery' });
    return;
  }
  if (run.down.has(club.platform)) {
    run.report.deferred.push({ clubId: club.id, platform: club.platform, reason: 'platform-down' });
    return;
  }
  if (!(await mayDeliver(deps, run, club, delivery, log))) return; // parked on a broken channel
  if (!(await finishPending(deps, run, club, delivery, log))) return;
  if (!(await settleDueSlots(deps, run, club, delivery, log))) return;
  if (!club.paused && !(await sendReminders(deps, run, club, delivery, log))) sendFailed(deps, run, club);
}

/** Anything to do: a pending post, a due slot, or the next meeting within its reminder lead time. */
function hasWork(deps: RunDeps, run: RunState, club: Club): boolean {
  if (pendingPostSlots(deps.core.db, club.id).length) return true;
  if (dueSlots(deps, club, run.now).length) return true;
  if (club.paused) return false;
  // Inside the lead time sendReminders decides from the current presenters (they can change: a withdrawal
  // after the presenter's DM still owes the club a call for a presenter), so no cheaper shortcut here.
  const upcoming = deps.slots.next(club, run.now);
  return run.now >= upcoming - club.reminderLeadMinutes * 60_000;
}

async function finishPending(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<boolean> {
  for (const slotAt of pendingPostSlots(deps.core.db, club.id)) {
    const begun = deps.core.beginPost(club.id, slotAt); // the same post as before the crash
    if (!begun) continue;
    const slog = log.child({ slot: iso(slotAt) });
    slog.info('weekly post pending from an earlier run: checking the platform before re-sending');
    const ok = await deliverPost(deps, run, club, delivery, begun.post, slotAt, { week: begun.meeting.week, mayHaveLanded: true }, slog);
    // Never start a newer post while an older one is undelivered: one pending post per club at most.
    if (!ok) {
      sendFailed(deps, run, club);
      return false;
    }
  }
  return true;
}

/** Slots due since the club's last recorded slot (bounded by creation time and the look-back). */
export function dueSlots(deps: RunDeps, club: Club, now: number): number[] {
  const settled = latestSettledSlot(deps.core.db, club.id, now) ?? -Infinity;
  const horizon = Math.max(club.createdAt, settled, now - deps.lookbackMs);
  return deps.slots.between(club, horizon, now);
}

async function settleDueSlots(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<boolean> {
  const db = deps.core.db;
  const due = dueSlots(deps, club, run.now);
  if (!due.length) return true;
  if (club.paused) {
    for (const slotAt of due) {
      if (recordEmptySlot(db, club.id, slotAt, 'skipped')) run.report.skipped.push({ clubId: club.id, slotAt, reason: 'paused' });
      log.info('slot skipped: club is paused (no paper used)', { slot: iso(slotAt) });
    }
    return true;
  }
  const latest = due[due.length - 1]!;
  const graceHours = deps.graceMs / 3_600_000;
  for (const slotAt of due) {
    const lateByHours = Math.round(((run.now - slotAt) / 3_600_000) * 10) / 10;
    // Only the latest slot can still be posted: two papers at once would be worse than one missed week.
    if (slotAt !== latest || run.now - slotAt > deps.graceMs) {
      if (recordEmptySlot(db, club.id, slotAt, 'missed')) run.report.missed.push({ clubId: club.id, slotAt });
      log.warn('weekly post missed: the bot was not running when it was due; no paper used', { slot: iso(slotAt), lateByHours, graceHours });
      continue;
    }
    const slog = log.child({ slot: iso(slotAt) });
    if (papersLeft(db, club.id, club.position) === 0) {
      if (recordEmptySlot(db, club.id, slotAt, 'skipped')) run.report.skipped.push({ clubId: club.id, slotAt, reason: 'no-paper' });
      slog.warn('no paper left in the sequence: nothing posted (an admin can /club import or /club setup another list)');
      continue;
    }
    const begun = deps.core.beginPost(club.id, slotAt);
    if (!begun) continue;
    if (lateByHours >= 0.1) slog.info('catching up a weekly post that came due while the bot was down', { lateByHours, graceHours });
    const ok = await deliverPost(deps, run, club, delivery, begun.post, slotAt, { week: begun.meeting.week, mayHaveLanded: false }, slog);
    if (!ok) {
      sendFailed(deps, run, club);
      return false;
    }
  }
  return true;
}

/**
 * After an admin changes the club (schedule, pause, resume, setup): slots of the current schedule that
 * already passed unrecorded were never owed under the old settings, so they are recorded skipped instead of
 * being posted late or reported missed. (While the bot runs, owed slots are recorded within minutes, so in
 * practice this only covers slots that passed while the club was paused, or "new" slots of a new schedule.)
 */
export function settleAfterChange(deps: RunDeps, club: Club, now: number, report?: RunState['report']): number[] {
  const settled: number[] = [];
  for (const slotAt of dueSlots(deps, club, now)) {
    if (!recordEmptySlot(deps.core.db, club.id, slotAt, 'skipped')) continue;
    settled.push(slotAt);
    report?.skipped.push({ clubId: club.id, slotAt, reason: 'club-changed' });
    deps.logger.info('slot passed before an admin change to the club: recorded skipped, not posted late', {
      clubId: club.id,
      platform: club.platform,
      slot: iso(slotAt),
    });
  }
  return settled;
}
