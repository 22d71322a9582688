/**
 * Votes as native Discord polls (https://discord.com/developers/docs/resources/poll): the message carries the
 * numbered candidates with their links, the poll one answer per candidate in ballot order. At the close the poll is
 * ended (POST /channels/{c}/polls/{m}/expire) and its voters read per answer (GET …/answers/{a}, pages of 100).
 */
import { DiscordAPIError, Routes, type APIMessage, type APIUser, type Client, type MessageCreateOptions } from 'discord.js';
import type { PlatformBallot, PostedMessage } from '../../club/ports.ts';
import { POLL_LIMITS, voteText, type VoteContent } from '../../render/vote-post.ts';
import { LIMITS, clip } from './limits.ts';
import { discordTime } from './weekly-post.ts';

/** Discord's JSON error codes for polls (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
const POLL_EXPIRED = 520001;
const UNKNOWN_MESSAGE = 10008;
const MISSING_PERMISSIONS = 50013;

/** The vote as a message with a poll; no one is pinged whatever the titles or names say. */
export function renderVotePoll(vote: VoteContent): MessageCreateOptions {
  const body = voteText(vote, { counts: false }).replace(/\]\((https?:[^)]+)\)/g, '](<$1>)'); // no link previews
  const head = `🗳️ **${vote.question}** Vote in the poll below; it closes ${discordTime(vote.closesAt, 'R')}.`;
  return {
    content: clip(`${head}\n${body}`, LIMITS.content),
    poll: {
      question: { text: clip(vote.question, POLL_LIMITS.question) },
      answers: vote.candidates.map((c) => ({ text: clip(`${c.idx + 1}. ${c.label}`, POLL_LIMITS.answer) })),
      duration: vote.pollHours,
      allowMultiselect: false,
    },
    allowedMentions: { parse: [] },
  };
}

/** Publishes the poll; a channel that refuses polls says what the admin can do (`voteAdvice`). */
export async function sendVotePoll(client: Client, channelId: string, vote: VoteContent): Promise<PostedMessage> {
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) throw new Error(`channel ${channelId} is not a text channel`);
  try {
    const message = await channel.send(renderVotePoll(vote));
    return { channel: channelId, messageId: message.id };
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === MISSING_PERMISSIONS) {
      throw Object.assign(new Error('missing permission to post a poll', { cause: err }), {
        voteAdvice: `I may not post polls in <#${channelId}>. Give my role **Send Polls** there (channel settings → Permissions), then open the vote again.`,
      });
    }
    throw err;
  }
}

/**
 * Ends the poll and reads who chose what. Answers map to candidates by their order in the poll (Discord numbers
 * them, but asks clients not to rely on the numbering). A poll message deleted meanwhile counts no ballots.
 */
export async function closeVotePoll(client: Client, message: PostedMessage): Promise<PlatformBallot[]> {
  const { channel, messageId } = message;
  try {
    await client.rest.post(Routes.expirePoll(channel, messageId));
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === UNKNOWN_MESSAGE) return [];
    // Already over (its own duration ran out): its voters can still be read.
    if (!(err instanceof DiscordAPIError && err.code === POLL_EXPIRED)) throw err;
  }
  const poll = ((await client.rest.get(Routes.channelMessage(channel, messageId))) as APIMessage).poll;
  const ballots: PlatformBallot[] = [];
  for (const [idx, answer] of (poll?.answers ?? []).entries()) {
    let after: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '100', ...(after ? { after } : {}) });
      const page = (await client.rest.get(Routes.pollAnswerVoters(channel, messageId, answer.answer_id), { query })) as { users: APIUser[] };
      for (const u of page.users) if (!u.bot) ballots.push({ userId: u.id, displayName: u.global_name ?? u.username, idx });
      if (page.users.length < 100) break;
      after = page.users.at(-1)!.id;
    }
  }
  return ballots;
}
