/** A vote on the next paper as a Slack message: one section per candidate with its live count and a Vote button. */
import type { VoteContent } from '../../render/vote-post.ts';
import { formatSlot } from '../../render/format.ts';
import { voteFooter } from '../../render/vote-post.ts';
import { escapeText, link, truncate } from './mrkdwn.ts';
import { ACTION_PREFIX, LIMITS, context, header, section, type Block, type SlackMessage } from './render.ts';
import { dateToken } from './weekly-post.ts';

/**
 * Blocks: the question, a section per candidate (≤ 10, so ≤ 13 blocks, far inside Slack's 50), the footer. Each open
 * candidate carries a button whose value is the core's action; a closed vote has no buttons and marks the winner.
 * Every text is verbatim and escaped: titles can be members' own words (suggestions).
 */
export function renderSlackVote(vote: VoteContent, timezone: string): SlackMessage {
  const blocks: Block[] = [header(`🗳️ ${vote.question}`)];
  for (const c of vote.candidates) {
    const by = c.suggestedBy ? ` — suggested by ${escapeText(c.suggestedBy)}` : '';
    const won = vote.closed && vote.winnerIdx === c.idx ? ' 🏆' : '';
    const text = `*${c.idx + 1}.* ${link(c.url, truncate(c.title, 200))}${by}\n*${c.votes}* vote${c.votes === 1 ? '' : 's'}${won}`;
    const block = section(text) as Extract<Block, { type: 'section' }>;
    const button = vote.buttons[c.idx];
    if (!vote.closed && button) {
      block.accessory = {
        type: 'button',
        action_id: `${ACTION_PREFIX}vote-${c.idx}`,
        text: { type: 'plain_text', text: `Vote ${c.idx + 1}`, emoji: true },
        value: button.action,
      };
    }
    blocks.push(block);
  }
  const closes = formatSlot(vote.closesAt.getTime(), timezone);
  blocks.push(context(escapeText(voteFooter(vote, closes)).split(escapeText(closes)).join(dateToken(vote.closesAt))));
  // The fallback text reaches notifications too: titles escaped like the blocks' (a title can be a member's words).
  const text = truncate(escapeText(`${vote.question} ${vote.candidates.map((c) => `${c.idx + 1}. ${c.title} (${c.votes})`).join('; ')}`), LIMITS.fallbackText);
  return { text, blocks };
}
