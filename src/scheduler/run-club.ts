import type { Club } from '../club/types.ts';
import type { Logger } from '../logger.ts';
import type { Delivery } from '../club/ports.ts';
import { mayDeliver, sendFailed } from './club-health.ts';
import { deliverPost } from './post-meeting.ts';
import { sendReminders, tellEndOfList } from './reminders.ts';
import { askRotation } from './rotation-asks.ts';
import { openWrapUp, wrapUpDue } from './wrap-up.ts';
import { owedUntil } from './due-scan.ts';
import { iso, type RunDeps, type RunState } from './types.ts';

/**
 * Everything due for one club at `run.now`, in order: finish posts left pending (crash, failed send),
 * settle the slots that came due since the last recorded one (post the latest if within grace, record
 * the rest missed; record them skipped while paused), then reminders. Idempotent: run it as often as you like.
 */
export async function runClub(deps: RunDeps, run: RunState, listed: Club, opts: { scanned?: boolean } = {}): Promise<void> {
  // A sweep's scan (due-scan.ts) already found work for the club; a run for a few clubs asks here.
  if (!opts.scanned && !(await hasWork(deps, run, listed))) return;
  // Re-read: an admin may have paused or rescheduled the club while this run waited its turn.
  const club = await deps.port.store.getClub(listed.id);
  if (!club) return;
  const log = deps.logger.child({ clubId: club.id, platform: club.platform });
  if (!deps.owns(club)) return; // another process's server (or an uninstalled workspace): not ours to run
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
  if (!club.paused && !(await sendReminders(deps, run, club, delivery, log))) await sendFailed(deps, run, club);
  // Rotation & wrap-up (issue 12): separate steps; they never fail the run.
  if (!club.paused) await askRotation(deps, run, club, delivery, log).catch((err) => log.error('rotation step failed', { err }));
  await openWrapUp(deps, run, club, delivery, log).catch((err) => log.error('wrap-up step failed', { err }));
}

/** Anything to do: a pending post, a due slot, or the next meeting within its reminder lead time. */
async function hasWork(deps: RunDeps, run: RunState, club: Club): Promise<boolean> {
  if ((await deps.port.store.pendingPostSlots(club.id)).length) return true;
  if ((await dueSlots(deps, club, run.now)).length) return true;
  // Rotation & wrap-up: a meeting that started within the last day may still need its post's wrap-up buttons.
  if (await wrapUpDue(deps, club, run.now)) return true;
  if (club.paused) return false;
  // Inside the lead time sendReminders decides from the current presenters (they can change: a withdrawal
  // after the presenter's DM still owes the club a call for a presenter), so no cheaper shortcut here.
  const upcoming = deps.slots.next(club, run.now);
  return run.now >= upcoming - club.reminderLeadMinutes * 60_000;
}

async function finishPending(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<boolean> {
  for (const slotAt of await deps.port.store.pendingPostSlots(club.id)) {
    const begun = await deps.port.beginPost(club.id, slotAt); // the same post as before the crash
    if (!begun) continue;
    const slog = log.child({ slot: iso(slotAt) });
    if (run.now > owedUntil(deps, club, slotAt)) {
      // Its meeting has passed: if it landed before a crash, record it; otherwise never send it late.
      const found = await delivery.findPost(club, begun.post).catch(() => null);
      if (found) {
        await deps.port.completePost(club.id, slotAt, found);
        continue;
      }
      if (await deps.port.abandonPost(club.id, slotAt)) {
        run.report.missed.push({ clubId: club.id, slotAt });
        slog.warn('weekly post missed: it could not be delivered before its meeting; not sent late, its paper goes to the next meeting');
      }
      continue;
    }
    slog.info('weekly post pending from an earlier run: checking the platform before re-sending');
    const ok = await deliverPost(deps, run, club, delivery, begun.post, slotAt, { number: begun.meeting.number, mayHaveLanded: true }, slog);
    // Never start a newer post while an older one is undelivered: one pending post per club at most.
    if (!ok) {
      await sendFailed(deps, run, club);
      return false;
    }
  }
  return true;
}

/**
 * Meetings whose post is due — announce time (meeting − lead) at or before `now` — since the club's last recorded
 * meeting, bounded by the club's creation and the look-back. Returned as meeting times, oldest first.
 */
export async function dueSlots(deps: RunDeps, club: Club, now: number): Promise<number[]> {
  const lead = club.announceLeadMinutes * 60_000;
  // Rows ahead of now+lead are skipped dates further out; they must not hide the meetings before them.
  const settled = (await deps.port.store.latestSettledSlot(club.id, now + lead)) ?? -Infinity;
  const horizon = Math.max(club.createdAt, settled, now - deps.lookbackMs);
  return deps.slots.between(club, horizon, now + lead);
}

async function settleDueSlots(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<boolean> {
  const store = deps.port.store;
  const due = await dueSlots(deps, club, run.now);
  if (!due.length) return true;
  if (club.paused) {
    // Meetings that passed while paused are skipped; one whose announcement is due but whose meeting is ahead waits
    // (a resume before the meeting still announces it).
    for (const slotAt of due.filter((s) => s <= run.now)) {
      if (await store.recordNoMeeting(club, slotAt, 'skipped', 'paused')) run.report.skipped.push({ clubId: club.id, slotAt, reason: 'paused' });
      log.info('meeting skipped: club is paused (no paper used)', { slot: iso(slotAt) });
    }
    return true;
  }
  const latest = due[due.length - 1]!;
  for (const slotAt of due) {
    const announceAt = slotAt - club.announceLeadMinutes * 60_000;
    const lateByHours = Math.round(((run.now - announceAt) / 3_600_000) * 10) / 10;
    // Only the latest meeting can still be announced: two papers at once would be worse than one missed week.
    const superseded = slotAt !== latest;
    if (superseded || run.now > owedUntil(deps, club, slotAt)) {
      if (await store.recordNoMeeting(club, slotAt, 'missed', null)) {
        run.report.missed.push({ clubId: club.id, slotAt });
        const cause = missedCause(run, announceAt);
        log.warn(
          `${
            superseded
              ? 'weekly post missed: a later meeting was already due when the bot could post; only the latest is announced (no paper used)'
              : 'weekly post missed: its meeting had started before the bot could post it; never posted late (no paper used)'
          }; ${MISSED_CAUSE[cause]}`,
          {
            slot: iso(slotAt),
            reason: superseded ? 'superseded' : 'meeting-started',
            cause,
            lateByHours,
            lateByMinutes: Math.round((run.now - announceAt) / 6_000) / 10,
            ...(run.upSince !== null && { upSince: iso(run.upSince) }),
          },
        );
      }
      continue;
    }
    const slog = log.child({ slot: iso(slotAt) });
    if ((await store.plannedPaperAt(club, slotAt, run.now)) === null && !(await getMeetingAt(deps, club, slotAt))) {
      if (await store.recordNoMeeting(club, slotAt, 'skipped', 'no-paper')) {
        run.report.skipped.push({ clubId: club.id, slotAt, reason: 'no-paper' });
        slog.warn('no paper left in the list: nothing posted; the club is told');
        await tellEndOfList(deps, club, delivery, slotAt, run.now, slog);
      }
      continue;
    }
    const begun = await deps.port.beginPost(club.id, slotAt);
    if (!begun) continue;
    if (lateByHours >= 0.1) slog.info('catching up a weekly post that came due while the bot was down or busy', { lateByHours });
    const ok = await deliverPost(deps, run, club, delivery, begun.post, slotAt, { number: begun.meeting.number, mayHaveLanded: false }, slog);
    if (!ok) {
      await sendFailed(deps, run, club);
      return false;
    }
  }
  return true;
}

/** The record of a date, if any (a post begun before a crash is finished by finishPending). */
async function getMeetingAt(deps: RunDeps, club: Club, slotAt: number) {
  return await deps.port.store.getMeeting(club.id, slotAt);
}

/** Why a post was missed: only a post that came due before this process started can blame downtime. */
type MissedCause = 'bot-down' | 'not-posted-in-time';

const MISSED_CAUSE: Record<MissedCause, string> = {
  'bot-down': 'the bot was not running when it was due',
  'not-posted-in-time': 'the bot was running but no run could post it in time (platform failing or runs held up)',
};

function missedCause(run: RunState, announceAt: number): MissedCause {
  return run.upSince === null || announceAt < run.upSince ? 'bot-down' : 'not-posted-in-time';
}

/**
 * After an admin changes the club (schedule, pause, resume, setup): slots of the current schedule that
 * already passed unrecorded were never owed under the old settings, so they are recorded skipped instead of
 * being posted late or reported missed. (While the bot runs, owed slots are recorded within minutes, so in
 * practice this only covers slots that passed while the club was paused, or "new" slots of a new schedule.)
 */
export async function settleAfterChange(deps: RunDeps, club: Club, now: number, report?: RunState['report']): Promise<number[]> {
  const settled: number[] = [];
  // Only meetings that already took place; one still ahead whose announce time passed is announced late instead.
  for (const slotAt of (await dueSlots(deps, club, now)).filter((s) => s <= now)) {
    if (!(await deps.port.store.recordNoMeeting(club, slotAt, 'skipped', 'club-changed'))) continue;
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
