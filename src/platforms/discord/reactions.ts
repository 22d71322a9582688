import { Events, type Client, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { DiscordDeps } from './types.ts';

/**
 * Reactions -> read marks. With partials on, reactions on posts the client has never cached (made
 * before a restart) still arrive as partial structures. We do not fetch them: the core recognises a
 * meeting post by channel and message id alone, so a fetch would only cost a REST call per reaction.
 */
export function registerReactions(client: Client, deps: DiscordDeps): void {
  const logger = deps.logger.child({ part: 'discord-reactions' });
  const on = (added: boolean) => async (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
    try {
      const input = reactionInput(client, reaction, user, added);
      if (!input) return;
      const result = await deps.core.reaction(input);
      logger.debug('reaction', { messageId: input.messageId, added, applied: result.applied, reason: result.reason });
    } catch (err) {
      logger.error('reaction failed', { messageId: reaction.message.id, err });
    }
  };
  client.on(Events.MessageReactionAdd, on(true));
  client.on(Events.MessageReactionRemove, on(false));
}

/** The core's reaction request, or null for reactions that never count (the bot's own, other bots', DMs). */
export function reactionInput(client: Client, reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser, added: boolean) {
  if (user.id === client.user?.id || user.bot) return null;
  const message = reaction.message;
  const guildId = message.guildId;
  if (!guildId) return null;
  const member = message.guild?.members.cache.get(user.id);
  if (member?.user.bot) return null;
  // Custom emoji are named <:name:id> (animated: <a:name:id>, as /club settings stores them) so they can never
  // be mistaken for a unicode read emoji.
  const e = reaction.emoji;
  const emoji = e.id ? `<${'animated' in e && e.animated ? 'a' : ''}:${e.name}:${e.id}>` : (e.name ?? '');
  return {
    platform: 'discord' as const,
    workspace: guildId,
    channel: message.channelId,
    messageId: message.id,
    user: { userId: user.id, displayName: member?.displayName ?? user.globalName ?? user.username ?? user.id },
    emoji,
    added,
  };
}
