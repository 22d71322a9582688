import type { Client } from 'discord.js';
import type { PostUpdate } from '../../commands/types.ts';
import type { Logger } from '../../logger.ts';
import type { PostContent } from '../../render/weekly-post.ts';
import type { FailureReporter } from './errors.ts';
import type { MessagePayload } from './render.ts';
import { renderWeeklyPost } from './weekly-post.ts';

/** The weekly post re-rendered for an edit in place: the delivery renderer, without the send-only nonce. */
export function renderPostEdit(post: PostContent): Omit<MessagePayload, 'flags' | 'files'> {
  const { nonce: _nonce, enforceNonce: _enforce, ...payload } = renderWeeklyPost(post);
  // `{ parse: [] }` and no `users`: the presenter mentions still render, but the edit notifies no one. The post
  // pinged its presenters when it went out and the sign-up reply tells the new one; allowing their ids here would
  // ping again on every sign-up or withdrawal. Same shape as every other reply the bot sends.
  return { ...payload, allowedMentions: { parse: [] } };
}

/**
 * Edits each Discord message of a changed weekly post in place (PATCH /channels/{channel}/messages/{id}).
 * Messages on other platforms are left to their adapters. A failed edit (deleted message, missing permission)
 * is reported and skipped: it never fails the interaction. Returns how many messages were edited.
 */
export async function editPublishedPost(
  client: Client,
  update: PostUpdate,
  ctx: { guild?: string; reporter?: FailureReporter; logger: Logger },
): Promise<number> {
  const payload = renderPostEdit(update.post);
  let edited = 0;
  for (const m of update.messages) {
    if (m.platform !== 'discord') continue;
    try {
      const channel = await client.channels.fetch(m.channel);
      if (!channel?.isTextBased()) throw new Error(`channel ${m.channel} is not a text channel`);
      await channel.messages.edit(m.messageId, payload);
      edited++;
    } catch (err) {
      const where = { op: 'edit weekly post', channel: m.channel, guild: ctx.guild, messageId: m.messageId, key: update.post.key };
      if (ctx.reporter) await ctx.reporter.report(err, where);
      else ctx.logger.warn('editing a weekly post failed', { ...where, err });
    }
  }
  if (edited) ctx.logger.info('weekly post edited', { key: update.post.key, messages: edited });
  return edited;
}
