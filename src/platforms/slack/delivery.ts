/** Delivery over the Slack Web API: the weekly post, finding it again after a crash, reminders, notices. */
import type { App } from '@slack/bolt';
import type { Club, Member, Where } from '../../club/types.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelProblem, Delivery, PostedMessage, TextOptions } from '../../club/ports.ts';
import type { PostContent } from '../../render/weekly-post.ts';
import { describeSlackError, reportSlackError, SlackDeliveryError } from './errors.ts';
import { escapeText, slackCommandRefs, toMrkdwn, toPlain } from './mrkdwn.ts';
import { actionsBlock, textMessages } from './render.ts';
import type { ReplyButton } from '../../club/button.ts';
import { dateToken, mention, POST_EVENT_TYPE, readEmojiName, renderSlackPost } from './weekly-post.ts';
import type { VoteContent } from '../../render/vote-post.ts';
import { renderSlackVote } from './vote.ts';
import { DEAD_TOKEN_CODES, singleTokenClients, type SlackClients } from './clients.ts';

type Client = App['client'];

// How far back findPost looks, and how many history pages it reads at most.
const FIND_WINDOW_MS = 14 * 24 * 3600 * 1000;
const FIND_MAX_PAGES = 5;

interface HistoryMessage {
  ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * Slack's Delivery. Failures are logged with context and rethrown as SlackDeliveryError (the scheduler retries). Each
 * send uses the club's workspace's client (`clients`: one token, or each workspace's own with installs by OAuth).
 */
export function createSlackDelivery(deps: { client?: Client; clients?: SlackClients; logger: Logger; commandWords?: readonly string[] }): Delivery {
  const clients = deps.clients ?? singleTokenClients(deps.client!);
  // The core's texts name commands as `/signup 3`; on Slack every command is `/paperclub signup 3`.
  const refs = (text: string) => slackCommandRefs(text, deps.commandWords ?? []);
  const logger = deps.logger.child({ part: 'slack-delivery' });

  /** The workspace's client; a workspace without the app installed fails the send (the scheduler leaves it be). */
  async function clientOf(team: string): Promise<Client> {
    const client = await clients.forTeam(team);
    if (client) return client;
    throw new SlackDeliveryError({ code: 'not_installed', userMessage: 'The app is not installed in this workspace.' }, 'auth', {});
  }

  /** `ctx.team` is the workspace: a dead token there parks it (clients.tokenDead). */
  async function call<T>(method: string, ctx: Record<string, unknown> & { team: string }, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const failure = reportSlackError(logger, err, { method, ...ctx });
      if (DEAD_TOKEN_CODES.has(failure.code)) await clients.tokenDead?.(ctx.team, failure.code);
      throw new SlackDeliveryError(failure, method, { cause: err });
    }
  }

  /** Channel links (`<#C…>`) survive escaping: they notify no one, and advice about a channel should link to it. */
  const channelLinks = (mrkdwn: string): string => mrkdwn.replace(/&lt;#([CG][A-Z0-9]{2,})&gt;/g, '<#$1>');

  /** Mrkdwn with its time as a Slack date token (each reader's own zone), the club-zone words as fallback. */
  const withTime = (mrkdwn: string, opts?: TextOptions): string =>
    opts?.time ? mrkdwn.split(escapeText(opts.time.text)).join(dateToken(new Date(opts.time.at))) : mrkdwn;

  /**
   * Posts the core's text (escaped, command references made Slack's), in as many messages as Slack's limits
   * need; `safePrefix` is mrkdwn we wrote ourselves, such as a presenter's mention. Returns the first ts.
   */
  async function postText(client: Client, channel: string, text: string, ctx: Record<string, unknown> & { team: string }, safePrefix = '', opts?: TextOptions): Promise<string> {
    const own = refs(text);
    let first = '';
    for (const m of textMessages(safePrefix + channelLinks(withTime(toMrkdwn(own), opts)), safePrefix + toPlain(own, 3000))) {
      const res = await call('chat.postMessage', { channel, ...ctx }, () => client.chat.postMessage({ channel, text: m.text, blocks: m.blocks, unfurl_links: false }));
      first ||= res.ts ?? '';
    }
    return first;
  }

  return {
    platform: 'slack',
    ...(clients.serves ? { serves: clients.serves } : {}),

    async postMeeting(club: Club, post: PostContent): Promise<PostedMessage> {
      const ctx = { club: club.id, team: club.workspace, channel: club.channel, key: post.key };
      const client = await clientOf(club.workspace);
      const msg = renderSlackPost(post);
      const res = await call('chat.postMessage', ctx, () =>
        client.chat.postMessage({ channel: club.channel, text: msg.text, blocks: msg.blocks, metadata: msg.metadata, unfurl_links: false }),
      );
      const ts = res.ts!;
      const channel = res.channel ?? club.channel;
      // The post exists now; extras failing must not make the scheduler post it again.
      try {
        await client.reactions.add({ channel, timestamp: ts, name: readEmojiName(club.readEmoji) });
      } catch (err) {
        reportSlackError(logger, err, { method: 'reactions.add', ...ctx });
      }
      try {
        await client.chat.postMessage({
          channel,
          thread_ts: ts,
          text: `Discussion of _${toPlain(post.title, 200)}_ goes here: questions, notes, links.`,
          unfurl_links: false,
        });
      } catch (err) {
        reportSlackError(logger, err, { method: 'chat.postMessage', thread: true, ...ctx });
      }
      logger.info('weekly post sent', { ...ctx, ts });
      return { channel, messageId: ts };
    },

    async findPost(club: Club, post: PostContent): Promise<PostedMessage | null> {
      const ctx = { club: club.id, team: club.workspace, channel: club.channel, key: post.key };
      const client = await clientOf(club.workspace);
      const oldest = String((post.meetingAt.getTime() - FIND_WINDOW_MS) / 1000);
      let cursor: string | undefined;
      for (let page = 0; page < FIND_MAX_PAGES; page++) {
        const res = await call('conversations.history', ctx, () =>
          client.conversations.history({ channel: club.channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
        );
        for (const m of (res.messages ?? []) as HistoryMessage[]) {
          if (m.metadata?.event_type === POST_EVENT_TYPE && m.metadata.event_payload?.key === post.key && m.ts) {
            return { channel: club.channel, messageId: m.ts };
          }
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return null;
      }
      // Too much history to be certain: say so rather than risk a second post.
      throw new SlackDeliveryError({ code: 'history_too_long', userMessage: 'Could not check for an earlier post.' }, 'conversations.history');
    },

    async remindPresenter(club: Club, presenter: Member, text: string, opts?: TextOptions): Promise<void> {
      const ctx = { club: club.id, team: club.workspace, presenter: presenter.userId };
      const client = await clientOf(club.workspace);
      try {
        const dm = await client.conversations.open({ users: presenter.userId });
        const channel = dm.channel?.id;
        if (!channel) throw new Error('conversations.open returned no channel');
        const own = refs(text);
        for (const m of textMessages(withTime(toMrkdwn(own), opts), toPlain(own, 3000))) {
          await client.chat.postMessage({ channel, text: m.text, blocks: m.blocks, unfurl_links: false });
        }
        return;
      } catch (err) {
        reportSlackError(logger, err, { method: 'dm', ...ctx });
      }
      // DMs closed or not allowed: remind them in the club channel, the one mention we mean to send.
      await postText(client, club.channel, text, ctx, `${mention(presenter)} `, opts);
    },

    async notifyClub(club: Club, text: string, opts?: TextOptions): Promise<void> {
      await postText(await clientOf(club.workspace), club.channel, text, { club: club.id, team: club.workspace }, '', opts);
    },

    async checkChannel(where: Where): Promise<ChannelProblem | null> {
      const ctx = { channel: where.channel, channelName: where.channelName };
      const client = await clientOf(where.workspace);
      const problem = (code: string): ChannelProblem => ({ cause: code, advice: describeSlackError({ data: { error: code } }, ctx).userMessage });
      let info: { is_member?: boolean; is_archived?: boolean; is_im?: boolean; name?: string } | undefined;
      try {
        info = (await client.conversations.info({ channel: where.channel })).channel;
      } catch (err) {
        // A private channel the bot is not in looks like no channel at all.
        const failure = reportSlackError(logger, err, { method: 'conversations.info', ...ctx });
        if (failure.code === 'channel_not_found') return problem('channel_not_found');
        throw new SlackDeliveryError(failure, 'conversations.info', { cause: err });
      }
      const named = { ...ctx, channelName: where.channelName ?? info?.name };
      if (info?.is_archived) return { cause: 'is_archived', advice: describeSlackError({ data: { error: 'is_archived' } }, named).userMessage };
      if (!info?.is_member) return { cause: 'not_in_channel', advice: describeSlackError({ data: { error: 'not_in_channel' } }, named).userMessage };
      return null;
    },

    async directMessage(club: Club, userId: string, text: string): Promise<void> {
      const ctx = { club: club.id, team: club.workspace, to: userId };
      const client = await clientOf(club.workspace);
      const dm = await call('conversations.open', ctx, () => client.conversations.open({ users: userId }));
      const channel = dm.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      await postText(client, channel, text, ctx);
    },

    // Rotation & wrap-up (issue 12)
    /** A DM (conversations.open + chat.postMessage) with buttons; no channel fallback: a failure throws. */
    async askPrivately(club: Club, member: Member, text: string, buttons: ReplyButton[], opts?: TextOptions): Promise<void> {
      const ctx = { club: club.id, team: club.workspace, to: member.userId };
      const client = await clientOf(club.workspace);
      const dm = await call('conversations.open', ctx, () => client.conversations.open({ users: member.userId }));
      const channel = dm.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      const own = refs(text);
      const [first] = textMessages(withTime(toMrkdwn(own), opts), toPlain(own, 3000));
      const actions = actionsBlock(buttons, 'paperclub-rotation');
      const blocks = [...first!.blocks, ...(actions ? [actions] : [])];
      await call('chat.postMessage', ctx, () => client.chat.postMessage({ channel, text: first!.text, blocks, unfurl_links: false }));
    },

    /** A reply in the post's thread (thread_ts = the post's ts). */
    async postInThread(club: Club, post: PostedMessage, text: string): Promise<void> {
      const ctx = { club: club.id, team: club.workspace, channel: post.channel, thread: post.messageId };
      const client = await clientOf(club.workspace);
      const own = refs(text);
      for (const m of textMessages(toMrkdwn(own), toPlain(own, 3000))) {
        await call('chat.postMessage', ctx, () => client.chat.postMessage({ channel: post.channel, thread_ts: post.messageId, text: m.text, blocks: m.blocks, unfurl_links: false }));
      }
    },

    /** The weekly post edited in place (chat.update with the delivery renderer, metadata kept for findPost). */
    async updatePost(club: Club, post: PostContent, message: PostedMessage): Promise<void> {
      const msg = renderSlackPost(post);
      const client = await clientOf(club.workspace);
      await call('chat.update', { club: club.id, team: club.workspace, channel: message.channel, ts: message.messageId }, () =>
        client.chat.update({ channel: message.channel, ts: message.messageId, text: msg.text, blocks: msg.blocks, metadata: msg.metadata }),
      );
    },

    // Votes
    async postVote(club: Club, vote: VoteContent): Promise<PostedMessage> {
      const ctx = { club: club.id, team: club.workspace, vote: vote.voteId };
      const client = await clientOf(club.workspace);
      const msg = renderSlackVote(vote, club.timezone);
      const res = await call('chat.postMessage', ctx, () => client.chat.postMessage({ channel: club.channel, text: msg.text, blocks: msg.blocks, unfurl_links: false }));
      return { channel: res.channel ?? club.channel, messageId: res.ts! };
    },

    /** Every ballot edits the vote in place (chat.update), so the channel sees live counts. */
    async updateVote(club: Club, message: PostedMessage, vote: VoteContent): Promise<void> {
      const msg = renderSlackVote(vote, club.timezone);
      const client = await clientOf(club.workspace);
      await call('chat.update', { club: club.id, team: club.workspace, vote: vote.voteId }, () => client.chat.update({ channel: message.channel, ts: message.messageId, text: msg.text, blocks: msg.blocks }));
    },

    async closeVote(): Promise<null> {
      return null; // ballots came through the buttons: the core holds them all
    },
  };
}
