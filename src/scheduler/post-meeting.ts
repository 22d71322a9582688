import type { Club } from '../club/types.ts';
import type { Logger } from '../logger.ts';
import type { Delivery, PostedMessage } from '../club/ports.ts';
import type { PostContent } from '../render/weekly-post.ts';
import { isPermanentFailure, parkIfPermanent } from './club-health.ts';
import { withRetry } from './retry.ts';
import { hasWrapUpButtons } from './wrap-up.ts';
import { errorText, iso, type RunDeps, type RunState } from './types.ts';

/**
 * Sends a begun post and records where it landed. Exactly-once rests on two facts: the meeting row
 * ('posting', unique per club and slot) exists before the send, and any send that may already have
 * landed — a row left from a crash, or a retry after a lost response — first asks the platform
 * (`findPost` by the post's key) instead of sending again. Returns false when it is still undelivered:
 * the row stays 'posting' and the next run tries again; nothing is dropped.
 */
export async function deliverPost(
  deps: RunDeps,
  run: RunState,
  club: Club,
  delivery: Delivery,
  post: PostContent,
  slotAt: number,
  opts: {
    number: number | null;
    mayHaveLanded: boolean;
    /** Records where the post landed; by default at once, in its own commit (announceGroup groups them). */
    record?: (message: PostedMessage) => void;
  },
  log: Logger,
): Promise<boolean> {
  const result = await withRetry(
    deps.retry,
    deps.sleep,
    async (attempt) => {
      if (opts.mayHaveLanded || attempt > 1) {
        const found = await delivery.findPost(club, post);
        if (found) return { message: found, recovered: true };
      }
      return { message: await delivery.postMeeting(club, post), recovered: false };
    },
    (err, attempt, nextDelayMs) =>
      log.warn('weekly post send failed', { attempt, of: deps.retry.attempts, retryInMs: nextDelayMs, err }),
    isPermanentFailure,
  );
  if (!result.ok) {
    run.report.failed.push({ clubId: club.id, slotAt, platform: club.platform, what: 'post', error: errorText(result.error) });
    if (await parkIfPermanent(deps, run, club, delivery, result.error, log)) return false;
    log.error('weekly post not delivered after retries; it stays pending and the next run retries it', {
      attempts: deps.retry.attempts,
      err: result.error,
    });
    return false;
  }
  const { message, recovered } = result.value;
  if (opts.record) opts.record(message);
  else {
    await deps.port.completePost(club.id, slotAt, message);
    // Made once its meeting had started: it already carries the wrap-up buttons, no edit owed (wrap-up.ts).
    if (hasWrapUpButtons(post)) await deps.port.store.recordReminder(club.id, slotAt, 'wrap-up', run.now);
  }
  run.report.posted.push({
    clubId: club.id,
    slotAt,
    platform: club.platform,
    messageId: message.messageId,
    number: opts.number,
    paperKey: post.paperKey,
    recovered,
  });
  log.info(recovered ? 'weekly post found on the platform (sent before a restart); recorded, not re-sent' : 'weekly post sent', {
    meeting: opts.number,
    paper: post.paperKey,
    messageId: message.messageId,
    lateByMs: run.now - slotAt,
    postedAt: iso(run.now),
  });
  return true;
}
