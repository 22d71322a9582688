import type { Client, Message, SendableChannels } from 'discord.js';
import type { Club, Member } from '../../club/types.ts';
import type { Logger } from '../../logger.ts';
import type { Delivery, PostedMessage } from '../../club/ports.ts';
import type { PostContent } from '../../render/weekly-post.ts';
import type { FailureReporter } from './errors.ts';
import { LIMITS, clip } from './limits.ts';
import { postKeyOf, renderWeeklyPost } from './weekly-post.ts';

/** How far back findPost looks for a post sent just before a crash. */
const FIND_POST_WINDOW = 50;

/** The scheduler's view of Discord: the weekly post, reminders and notices. */
export function createDelivery(client: Client, deps: { logger: Logger; reporter: FailureReporter }): Delivery {
  const logger = deps.logger.child({ part: 'discord-delivery' });

  async function channelOf(club: Club): Promise<SendableChannels> {
    try {
      const ch = await client.channels.fetch(club.channel);
      if (!ch?.isSendable()) throw new Error(`channel ${club.channel} is not a text channel`);
      return ch;
    } catch (err) {
      await deps.reporter.report(err, { op: 'fetch channel', channel: club.channel, guild: club.workspace });
      throw err;
    }
  }

  /** Steps after the post that must not undo it: a failed reaction or thread is reported, the post stands. */
  async function bestEffort(op: string, club: Club, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      await deps.reporter.report(err, { op, channel: club.channel, guild: club.workspace });
    }
  }

  return {
    platform: 'discord',

    async postMeeting(club: Club, post: PostContent): Promise<PostedMessage> {
      const channel = await channelOf(club);
      let message: Message;
      try {
        message = await channel.send(renderWeeklyPost(post));
      } catch (err) {
        await deps.reporter.report(err, { op: 'weekly post', channel: club.channel, guild: club.workspace });
        throw err;
      }
      // The read emoji first, so members only have to click it.
      await bestEffort('read emoji', club, () => message.react(club.readEmoji));
      await bestEffort('discussion thread', club, () =>
        message.startThread({ name: clip(post.threadName, LIMITS.threadName), autoArchiveDuration: 10080 }),
      );
      logger.info('weekly post sent', { clubId: club.id, key: post.key, messageId: message.id });
      return { channel: club.channel, messageId: message.id };
    },

    async findPost(club: Club, post: PostContent): Promise<PostedMessage | null> {
      const channel = await channelOf(club);
      // Throws when we cannot look (no access): "not found" must mean certainly not sent.
      const recent = await channel.messages.fetch({ limit: FIND_POST_WINDOW });
      const hit = recent.find((m) => m.author.id === client.user?.id && postKeyOf(m) === post.key);
      return hit ? { channel: club.channel, messageId: hit.id } : null;
    },

    async remindPresenter(club: Club, presenter: Member, text: string): Promise<void> {
      try {
        const user = await client.users.fetch(presenter.userId);
        await user.send({ content: clip(text, LIMITS.content), allowedMentions: { parse: [] } });
        return;
      } catch (err) {
        await deps.reporter.report(err, { op: 'presenter DM', guild: club.workspace });
      }
      // DMs closed: remind in the club channel, pinging only the presenter.
      const channel = await channelOf(club);
      await channel.send({ content: clip(`<@${presenter.userId}> ${text}`, LIMITS.content), allowedMentions: { parse: [], users: [presenter.userId] } });
    },

    async notifyClub(club: Club, text: string): Promise<void> {
      const channel = await channelOf(club);
      try {
        await channel.send({ content: clip(text, LIMITS.content), allowedMentions: { parse: [] } });
      } catch (err) {
        await deps.reporter.report(err, { op: 'notice', channel: club.channel, guild: club.workspace });
        throw err;
      }
    },
  };
}
