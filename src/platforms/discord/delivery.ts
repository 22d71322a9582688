import { createHash } from 'node:crypto';
import type { Client, Message, SendableChannels } from 'discord.js';
import type { Club, Member, Where } from '../../club/types.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelProblem, Delivery, PlatformBallot, PostedMessage, TextOptions } from '../../club/ports.ts';
import type { PostContent } from '../../render/weekly-post.ts';
import { channelProblemFor, withChannelProblem, type FailureReporter } from './errors.ts';
import { LIMITS, clip } from './limits.ts';
import { REQUIRED_PERMISSIONS } from './permissions.ts';
import type { ReplyButton } from '../../club/button.ts';
import { buttonRows } from './render.ts';
import { renderPostEdit } from './post-update.ts';
import { discordTime, postKeyOf, renderWeeklyPost } from './weekly-post.ts';
import type { VoteContent } from '../../render/vote-post.ts';
import { closeVotePoll, sendVotePoll } from './polls.ts';
import { ownsGuild } from './client.ts';

/** The text with its time as a Discord timestamp (each reader's own zone). */
const withTime = (text: string, opts?: TextOptions): string =>
  opts?.time ? text.split(opts.time.text).join(discordTime(new Date(opts.time.at), 'F')) : text;

/**
 * Discord's own guard against a repeated send (Create Message, enforce_nonce): the same nonce from the bot within a few
 * minutes returns the first message. The nonce is at most 25 characters, so it is a digest of the message's name.
 */
function sentOnce(opts: TextOptions | undefined, where: 'dm' | 'channel'): { nonce: string; enforceNonce: true } | Record<string, never> {
  if (!opts?.once) return {};
  return { nonce: createHash('sha256').update(`${where}:${opts.once}`).digest('hex').slice(0, 25), enforceNonce: true };
}

/** findPost pages back through the channel until messages are older than this before the meeting… */
const FIND_POST_WINDOW_MS = 14 * 24 * 3600 * 1000;
/** …reading at most this many pages of 100; past that it cannot be sure, and says so (throws) rather than post twice. */
const FIND_POST_MAX_PAGES = 10;

/** The scheduler's view of Discord: the weekly post, reminders and notices, and whether a channel is usable. */
export function createDelivery(client: Client, deps: { logger: Logger; reporter: FailureReporter }): Delivery {
  const logger = deps.logger.child({ part: 'discord-delivery' });

  /**
   * Reports a failed send in the club channel and rethrows it. A permanent one (10003, 50001, 50013) is marked
   * as a channel problem and only logged here: the scheduler parks the club and tells its admins once.
   */
  async function failed(err: unknown, op: string, club: Club): Promise<never> {
    const permanent = channelProblemFor(err, club.channel) !== null;
    await deps.reporter.report(err, { op, channel: club.channel, guild: club.workspace, quiet: permanent });
    throw withChannelProblem(err, club.channel);
  }

  async function channelOf(club: Club): Promise<SendableChannels> {
    let ch;
    try {
      ch = await client.channels.fetch(club.channel);
    } catch (err) {
      return failed(err, 'fetch channel', club);
    }
    if (!ch?.isSendable()) throw new Error(`channel ${club.channel} is not a text channel`);
    return ch;
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

    /** This process delivers only for the servers its shards hold: their channels and permissions are in its cache. */
    serves: (guildId: string) => ownsGuild(client, guildId),

    async postMeeting(club: Club, post: PostContent): Promise<PostedMessage> {
      const channel = await channelOf(club);
      let message: Message;
      try {
        message = await channel.send(renderWeeklyPost(post));
      } catch (err) {
        return failed(err, 'weekly post', club);
      }
      // The read emoji first, so members only have to click it.
      await bestEffort('read emoji', club, () => message.react(club.readEmoji));
      await bestEffort('discussion thread', club, () =>
        message.startThread({ name: clip(post.threadName, LIMITS.threadName), autoArchiveDuration: 10080 }),
      );
      logger.info('weekly post sent', { clubId: club.id, key: post.key, messageId: message.id });
      return { channel: club.channel, messageId: message.id };
    },

    /**
     * Pages back (100 a page) until the messages are older than the window before the meeting. "Not found"
     * must mean "certainly not sent": when the window holds more than we read, or we cannot look, it throws.
     */
    async findPost(club: Club, post: PostContent): Promise<PostedMessage | null> {
      const channel = await channelOf(club);
      const oldest = post.meetingAt.getTime() - FIND_POST_WINDOW_MS;
      let before: string | undefined;
      for (let page = 0; page < FIND_POST_MAX_PAGES; page++) {
        let batch;
        try {
          batch = await channel.messages.fetch({ limit: 100, ...(before ? { before } : {}), cache: false });
        } catch (err) {
          return failed(err, 'find post', club);
        }
        const hit = batch.find((m) => m.author.id === client.user?.id && postKeyOf(m) === post.key);
        if (hit) return { channel: club.channel, messageId: hit.id };
        const last = batch.last();
        if (batch.size < 100 || !last || last.createdTimestamp < oldest) return null;
        before = last.id;
      }
      throw new Error(`could not check for an earlier post: more than ${FIND_POST_MAX_PAGES * 100} messages since ${new Date(oldest).toISOString()}`);
    },

    async remindPresenter(club: Club, presenter: Member, plain: string, opts?: TextOptions): Promise<void> {
      const text = withTime(plain, opts);
      try {
        const user = await client.users.fetch(presenter.userId);
        await user.send({ content: clip(text, LIMITS.content), allowedMentions: { parse: [] }, ...sentOnce(opts, 'dm') });
        return;
      } catch (err) {
        await deps.reporter.report(err, { op: 'presenter DM', guild: club.workspace });
      }
      // DMs closed: remind in the club channel, pinging only the presenter.
      const channel = await channelOf(club);
      try {
        await channel.send({ content: clip(`<@${presenter.userId}> ${text}`, LIMITS.content), allowedMentions: { parse: [], users: [presenter.userId] }, ...sentOnce(opts, 'channel') });
      } catch (err) {
        await failed(err, 'presenter reminder', club);
      }
    },

    async notifyClub(club: Club, text: string, opts?: TextOptions): Promise<void> {
      const channel = await channelOf(club);
      try {
        await channel.send({ content: clip(withTime(text, opts), LIMITS.content), allowedMentions: { parse: [] }, ...sentOnce(opts, 'channel') });
      } catch (err) {
        await failed(err, 'notice', club);
      }
    },

    /** From the gateway's cache (roles, overwrites, the bot's member): no REST call. */
    async checkChannel(where: Where): Promise<ChannelProblem | null> {
      const channel = client.channels.cache.get(where.channel) ?? (await client.channels.fetch(where.channel).catch(() => null));
      const name = where.channelName ? `#${where.channelName}` : `<#${where.channel}>`;
      if (!channel || !('permissionsFor' in channel) || !client.user) {
        return { cause: 'unknown-channel', advice: `I can't see ${name}. Give me View Channel there, or set the club up in a channel I can see.` };
      }
      const perms = channel.permissionsFor(client.user);
      const missing = REQUIRED_PERMISSIONS.filter(([bit]) => !perms?.has(bit)).map(([, label]) => label);
      if (!missing.length) return null;
      return {
        cause: 'missing-permissions',
        advice: `I'm missing permissions in ${name}: ${missing.join(', ')}. Add them for paperclub in the channel's settings (Permissions), then run the command again.`,
      };
    },

    async directMessage(_club: Club, userId: string, text: string): Promise<void> {
      const user = await client.users.fetch(userId);
      await user.send({ content: clip(text, LIMITS.content), allowedMentions: { parse: [] } });
    },

    // Rotation & wrap-up (issue 12)
    /** A DM with buttons; no channel fallback (a failure throws, and the rotation asks the next volunteer). */
    async askPrivately(club: Club, member: Member, text: string, buttons: ReplyButton[], opts?: TextOptions): Promise<void> {
      const user = await client.users.fetch(member.userId);
      await user.send({ content: clip(withTime(text, opts), LIMITS.content), components: buttonRows(buttons), allowedMentions: { parse: [] } });
      logger.info('rotation ask sent', { clubId: club.id, userId: member.userId });
    },

    /** Into the post's thread (a thread started from a message has that message's id), else the club channel. */
    async postInThread(club: Club, post: PostedMessage, text: string): Promise<void> {
      const thread = await client.channels.fetch(post.messageId).catch(() => null);
      const target = thread?.isThread() && thread.isSendable() ? thread : await channelOf(club);
      try {
        await target.send({ content: clip(text, LIMITS.content), allowedMentions: { parse: [] } });
      } catch (err) {
        await failed(err, 'thread message', club);
      }
    },

    /** The weekly post edited in place (same renderer as after a sign-up: nobody is pinged again). */
    async updatePost(club: Club, post: PostContent, message: PostedMessage): Promise<void> {
      const channel = await channelOf(club);
      try {
        await channel.messages.edit(message.messageId, renderPostEdit(post));
      } catch (err) {
        await failed(err, 'edit weekly post', club);
      }
    },

    // Votes
    async postVote(club: Club, vote: VoteContent): Promise<PostedMessage> {
      const posted = await sendVotePoll(client, club.channel, vote);
      logger.info('vote poll sent', { clubId: club.id, voteId: vote.voteId, messageId: posted.messageId });
      return posted;
    },

    /** Discord counts the poll itself (members see it live); at the close its voters are read. */
    async closeVote(club: Club, message: PostedMessage): Promise<PlatformBallot[]> {
      try {
        return await closeVotePoll(client, message);
      } catch (err) {
        // A permanent problem (channel gone, access lost) is marked so the core can settle the vote without it.
        throw withChannelProblem(err, club.channel);
      }
    },
  };
}
