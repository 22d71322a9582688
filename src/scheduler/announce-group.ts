import type { Club } from '../club/types.ts';
import type { PostedMessage } from '../club/ports.ts';
import { sendFailed } from './club-health.ts';
import { deliverPost } from './post-meeting.ts';
import { sendReminders } from './reminders.ts';
import { askRotation } from './rotation-asks.ts';
import { hasWrapUpButtons, openWrapUp } from './wrap-up.ts';
import { iso, type RunDeps, type RunState } from './types.ts';
import type { ClubTimings } from '../dispatch/scheduler-port.ts';

const RECORD_EVERY_MS = 100;

/**
 * Announces one meeting for each club of a group (the scan's `announce` list): the posts are recorded in one commit
 * before any is sent, sent `concurrency` at a time, and where they landed recorded in one commit after. Exactly-once
 * is unchanged: every record is committed before its send, and a post sent but not yet recorded (a crash in
 * between) is a 'posting' row the next run first looks for on the platform. A club the group cannot begin (paused
 * meanwhile, no paper left, settled by a command) goes to `fallback`, the full per-club run.
 */
export async function announceGroup(
  deps: RunDeps,
  run: RunState,
  items: ReadonlyArray<{ club: ClubTimings; slotAt: number }>,
  concurrency: number,
  fallback: (club: ClubTimings) => Promise<void>,
): Promise<void> {
  const ready = items.filter(({ club }) => {
    if (!deps.deliveries.has(club.platform)) run.report.deferred.push({ clubId: club.id, platform: club.platform, reason: 'no-delivery' });
    else if (run.down.has(club.platform)) run.report.deferred.push({ clubId: club.id, platform: club.platform, reason: 'platform-down' });
    else return true;
    return false;
  });
  const begun = await deps.port.beginPosts(ready.map(({ club, slotAt }) => ({ clubId: club.id, slotAt })));
  let landed: Array<{ clubId: number; slotAt: number; message: PostedMessage }> = [];
  // Where posts landed is recorded at most RECORD_EVERY_MS after the send: until then a reaction on the post is
  // not a read mark yet, so records wait for company only briefly.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const recordLanded = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const group = landed;
    landed = [];
    if (!group.length) return;
    try {
      await deps.port.completePosts(group);
    } catch (err) {
      // Left 'posting': the next run finds these posts on the platform and records them then.
      deps.logger.error('could not record where posts landed; the next run looks for them', { posts: group.length, err });
    }
  };
  const posted: Club[] = [];
  const started: Array<{ clubId: number; slotAt: number; kind: string }> = [];
  const unsent: Array<{ clubId: number; slotAt: number }> = [];
  const later: ClubTimings[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ready.length) {
      const i = next++;
      const { slotAt } = ready[i]!;
      const b = begun[i];
      if (!b) {
        later.push(ready[i]!.club);
        continue;
      }
      // The club as read in the transaction that began its post (the scan read only its timings).
      const club = b.club;
      const delivery = deps.deliveries.get(club.platform)!;
      if (run.down.has(club.platform)) {
        // Never sent: taken back below, so no paper is used by a post that waits for the next run.
        unsent.push({ clubId: club.id, slotAt });
        run.report.deferred.push({ clubId: club.id, platform: club.platform, reason: 'platform-down' });
        continue;
      }
      const log = deps.logger.child({ clubId: club.id, platform: club.platform, slot: iso(slotAt) });
      const lateByHours = Math.round(((run.now - (slotAt - club.announceLeadMinutes * 60_000)) / 3_600_000) * 10) / 10;
      if (lateByHours >= 0.1) log.info('catching up a weekly post that came due while the bot was down or busy', { lateByHours });
      const ok = await deliverPost(deps, run, club, delivery, b.post, slotAt, {
        number: b.meeting.number,
        mayHaveLanded: false,
        record: (message) => {
          landed.push({ clubId: club.id, slotAt, message });
          timer ??= setTimeout(recordLanded, RECORD_EVERY_MS);
        },
      }, log);
      if (ok) {
        posted.push(club);
        if (hasWrapUpButtons(b.post)) started.push({ clubId: club.id, slotAt, kind: 'wrap-up' });
      }
      else await sendFailed(deps, run, club);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, ready.length) }, worker));
  } finally {
    await recordLanded();
    if (unsent.length) await deps.port.withdrawPosts(unsent);
  }
  // Posts made once their meeting had started already carry the wrap-up buttons: no edit owed (wrap-up.ts).
  if (started.length) await deps.port.store.recordReminders(started, run.now);
  const wrappedUp = new Set(started.map((s) => s.clubId));
  for (const club of later) await fallback(club);
  // As runClub does after a post: the reminders of the next meeting, if it is already inside their window.
  for (const club of posted) {
    if (run.down.has(club.platform)) break;
    const log = deps.logger.child({ clubId: club.id, platform: club.platform });
    if (!(await sendReminders(deps, run, club, deps.deliveries.get(club.platform)!, log))) await sendFailed(deps, run, club);
    // Rotation & wrap-up (issue 12): the same steps as runClub's, which never fail the run.
    const delivery = deps.deliveries.get(club.platform)!;
    await askRotation(deps, run, club, delivery, log).catch((err) => log.error('rotation step failed', { err }));
    if (!wrappedUp.has(club.id)) await openWrapUp(deps, run, club, delivery, log).catch((err) => log.error('wrap-up step failed', { err }));
  }
}
