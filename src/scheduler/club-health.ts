import { channelProblemOf, type ChannelProblem, type Delivery } from '../club/ports.ts';
import type { Club } from '../club/types.ts';
import type { Logger } from '../logger.ts';
import type { RunDeps, RunState } from './types.ts';

/** A parked club's channel is checked again at most this often (one cheap API call; no retry storm). */
export const PARKED_CHECK_EVERY_MS = 60 * 60_000;

/** Whether a failed send should stop retrying: the adapter said only a person can fix it. */
export const isPermanentFailure = (err: unknown): boolean => channelProblemOf(err) !== null;

/**
 * Before any send for a club: a parked club waits (deferred 'parked') until an admin acts or, at most hourly,
 * a check finds the channel usable again, which unparks it. Returns true when the club may send.
 */
export async function mayDeliver(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<boolean> {
  const parked = await deps.port.store.parkedClub(club.id);
  if (!parked) return true;
  const defer = () => {
    run.report.deferred.push({ clubId: club.id, platform: club.platform, reason: 'parked' });
    return false;
  };
  if (!delivery.checkChannel || (parked.checkedAt !== null && run.now - parked.checkedAt < PARKED_CHECK_EVERY_MS)) return defer();
  let problem: ChannelProblem | null;
  try {
    problem = await delivery.checkChannel({ platform: club.platform, workspace: club.workspace, channel: club.channel });
  } catch (err) {
    log.warn('could not check a parked club channel; trying later', { err });
    await deps.port.store.markChecked(club.id, run.now);
    return defer();
  }
  if (!problem) {
    await deps.port.store.unparkClub(club.id);
    log.info('club channel usable again: unparked', { cause: parked.cause });
    return true;
  }
  await park(deps, run, club, delivery, problem, log);
  return defer();
}

/**
 * After a send failed for good: when the adapter said the channel is unusable (not invited, deleted,
 * missing permissions), park the club and tell its admins once per cause. Returns true when parked.
 */
export async function parkIfPermanent(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, err: unknown, log: Logger): Promise<boolean> {
  const problem = channelProblemOf(err);
  if (!problem) return false;
  await park(deps, run, club, delivery, problem, log);
  return true;
}

/** Marks the platform down for the rest of the run, unless the failure was this club's own channel (parked). */
export async function sendFailed(deps: RunDeps, run: RunState, club: Club): Promise<void> {
  if (!(await deps.port.store.parkedClub(club.id))) run.down.add(club.platform);
}

async function park(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, problem: ChannelProblem, log: Logger): Promise<void> {
  const store = deps.port.store;
  const mustTell = await store.parkClub(club.id, problem, run.now);
  if (!run.report.parked.some((p) => p.clubId === club.id)) run.report.parked.push({ clubId: club.id, cause: problem.cause });
  log.warn('club parked: its channel cannot be used until an admin fixes it', { cause: problem.cause });
  if (!mustTell) return;
  const text = `⚠️ Paper club "${club.name}" is paused by me: ${problem.advice} Then run any /club command there (or wait: I check again every hour).`;
  let told = false;
  const admin = await store.adminToTell(club);
  if (admin && delivery.directMessage) {
    try {
      await delivery.directMessage(club, admin, text);
      told = true;
    } catch (err) {
      log.warn('could not DM the club admin', { admin, err });
    }
  }
  try {
    // Often fails for the very reason the club is parked; worth one try (e.g. reactions refused but posting works).
    await delivery.notifyClub(club, text);
    told = true;
  } catch (err) {
    log.info('channel notice about the parked club not delivered', { err: err instanceof Error ? err.message : String(err) });
  }
  if (told) await store.markTold(club.id, problem.cause);
  else log.error('nobody could be told that the club is parked; it stays parked until an admin acts', { cause: problem.cause });
}
