/** Edits a published weekly post in place (chat.update) when a reply says its presenters changed. */
import type { App } from '@slack/bolt';
import type { PostUpdate } from '../../commands/types.ts';
import type { Logger } from '../../logger.ts';
import { reportSlackError } from './errors.ts';
import { renderSlackPost } from './weekly-post.ts';

type Client = App['client'];

/**
 * Edits the Slack messages of a changed post; returns how many were edited. Never throws. `via`: the listener's
 * client (its workspace's token); without it, the updater's own.
 */
export type PostUpdater = (update: PostUpdate | undefined, via?: Client) => Promise<number>;

/**
 * Re-renders the post with the delivery renderer (same blocks, fallback text and metadata, so findPost still finds it)
 * and updates each Slack message of it. Messages on other platforms are left to their adapters. A failed update
 * (message_not_found, cant_update_message, not_in_channel, ratelimited) is logged with context and skipped.
 */
export function createPostUpdater(deps: { client?: Client; logger: Logger }): PostUpdater {
  const logger = deps.logger.child({ part: 'slack-post-update' });
  return async (update, via) => {
    const client = via ?? deps.client;
    const targets = update?.messages.filter((m) => m.platform === 'slack') ?? [];
    if (!update || !targets.length || !client) return 0;
    const ctx = { club: update.post.clubId, key: update.post.key };
    let edited = 0;
    for (const m of targets) {
      try {
        const msg = renderSlackPost(update.post);
        await client.chat.update({ channel: m.channel, ts: m.messageId, text: msg.text, blocks: msg.blocks, metadata: msg.metadata });
        edited++;
      } catch (err) {
        reportSlackError(logger, err, { method: 'chat.update', channel: m.channel, ts: m.messageId, ...ctx });
      }
    }
    if (edited) logger.info('weekly post updated', { ...ctx, messages: edited });
    return edited;
  };
}
