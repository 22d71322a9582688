/** A reply that carries a weekly post (e.g. an admin's "post now"): publish it in the club channel and record it. */
import type { Reply } from '../../../commands/types.ts';
import type { Where } from '../../../club/types.ts';
import type { Logger } from '../../../logger.ts';
import { SlackDeliveryError } from '../errors.ts';
import type { ListenerDeps } from './deps.ts';

export async function publishPost(deps: ListenerDeps, where: Where, reply: Reply, logger: Logger): Promise<void> {
  const post = reply.post;
  if (!post) return;
  const club = deps.core.clubFor(where);
  if (!club || club.id !== post.clubId) return;
  try {
    const message = await deps.delivery.postMeeting(club, post);
    // The post's slot is its meeting time (see renderWeeklyPost).
    deps.core.completePost(club.id, post.meetingAt.getTime(), message);
  } catch (err) {
    // Turn the reply into the reason, so the admin knows what to fix ("invite me first").
    const why = err instanceof SlackDeliveryError ? err.failure.userMessage : 'Posting failed; it has been logged.';
    logger.warn('publishing a post from a command failed', { club: club.id, key: post.key, err });
    reply.private = true;
    reply.error = true;
    reply.text = why;
    reply.buttons = undefined;
  }
}
