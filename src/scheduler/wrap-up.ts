import { decodeAction } from '../button-actions.ts';
import type { Club } from '../club/types.ts';
import type { Delivery } from '../club/ports.ts';
import type { Logger } from '../logger.ts';
import { renderWeeklyPost, type PostContent } from '../render/weekly-post.ts';
import { errorText, iso, type RunDeps, type RunState } from './types.ts';

/** A started meeting's post gets its wrap-up buttons within this long of the start (after that, the commands remain). */
export const WRAP_UP_WINDOW_MS = 24 * 3_600_000;

/** The meeting that started within the window before `now`, if any (from the slot cache: no query). */
export function startedMeetingAt(deps: RunDeps, club: Pick<Club, 'cron' | 'timezone' | 'everyWeeks' | 'anchorDate'>, now: number): number | null {
  const slot = deps.slots.next(club, now - WRAP_UP_WINDOW_MS);
  return slot <= now ? slot : null;
}

/** Whether a post was made once its meeting had started, with the wrap-up buttons already (posting.ts postFactsFor). */
export function hasWrapUpButtons(post: PostContent): boolean {
  return post.buttons.some((b) => decodeAction(b.action)?.kind === 'attend');
}

/** Whether the wrap-up step may have work: a meeting started within the window and its post is not edited yet. */
export async function wrapUpDue(deps: RunDeps, club: Club, now: number): Promise<boolean> {
  const slot = startedMeetingAt(deps, club, now);
  return slot !== null && !(await deps.port.store.reminderSent(club.id, slot, 'wrap-up'));
}

/**
 * Rotation & wrap-up (issue 12): once a meeting has started, its post swaps "Sign up to present" for "I was there"
 * and "Add slides / recording" (an edit in place, once; also for a club that posts at the meeting time). A failed edit is logged and tried again on the next run within the window; it never fails the run.
 */
export async function openWrapUp(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<void> {
  const store = deps.port.store;
  const slot = startedMeetingAt(deps, club, run.now);
  if (slot === null || (await store.reminderSent(club.id, slot, 'wrap-up'))) return;
  const meeting = await store.getMeeting(club.id, slot);
  const done = async () => await store.recordReminder(club.id, slot, 'wrap-up', run.now);
  if (meeting?.status === 'posting') return; // its post is still being delivered: a later run
  // Skipped, missed or no meeting that day: nothing to edit, and nothing to look at again.
  if (!meeting || meeting.paperId === null || (meeting.status !== 'posted' && meeting.status !== 'done')) return await done();
  if (!delivery.updatePost) return await done();
  const facts = await store.postFactsFor(club, meeting, undefined, undefined, run.now);
  if (!facts) return await done();
  const post = renderWeeklyPost(facts);
  try {
    for (const m of (await store.postsOfMeeting(meeting.id)).filter((p) => p.platform === club.platform)) {
      await delivery.updatePost(club, post, { channel: m.channel, messageId: m.messageId });
    }
    await done();
    log.info('meeting started: post shows the wrap-up buttons', { slot: iso(slot) });
  } catch (err) {
    log.warn('could not add the wrap-up buttons to the post; the next run tries again', { slot: iso(slot), err: errorText(err) });
  }
}
