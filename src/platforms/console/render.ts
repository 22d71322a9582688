import type { Reply } from '../../commands/types.ts';
import { formatSlot } from '../../render/format.ts';
import { voteFooter, voteText, type VoteContent } from '../../render/vote-post.ts';
import { weeklyPostText, type PostContent } from '../../render/weekly-post.ts';

/** Light markdown stays readable as is in a terminal; we only lay out the parts. */
export function renderReply(reply: Reply): string {
  const out: string[] = [];
  const tag = reply.error ? '⚠ ' : reply.private ? '(only you) ' : '';
  if (reply.title) out.push(`${tag}## ${reply.title}${reply.url ? ` <${reply.url}>` : ''}`);
  out.push(reply.title ? reply.text : `${tag}${reply.text}`);
  for (const f of reply.fields ?? []) out.push(`${f.name}: ${f.value}`);
  if (reply.more) out.push(`(more: ${reply.more})`);
  if (reply.file) out.push(`[attached ${reply.file.name}, ${reply.file.content.length} chars]`);
  if (reply.form) out.push(`(on Discord and Slack a form opens here: ${reply.form.fields.map((f) => f.name).join(', ')})`);
  if (reply.buttons?.length) out.push(reply.buttons.map((b, i) => `[${i + 1}: ${b.label}]`).join(' ') + '  (:click N)');
  return out.join('\n');
}

export function renderPost(post: PostContent, messageId: string): string {
  const buttons = post.buttons.map((b, i) => `[${i + 1}: ${b.label}]`).join(' ');
  // Named by message (m1, m2 … count every message the playground posted, votes too), not by meeting number.
  return [`════ weekly post (message ${messageId}) ════`, weeklyPostText(post), `${buttons}  (:click N, :react ${post.readEmoji})`, '═'.repeat(30)].join('\n');
}

/** A vote: numbered candidates with their counts, and a button per candidate for `:click N`. */
export function renderVote(vote: VoteContent, messageId: string, timezone: string): string {
  const buttons = vote.closed ? '' : `\n${vote.buttons.map((b, i) => `[${i + 1}: ${b.label}]`).join(' ')}  (:click N to vote)`;
  return [`════ vote (message ${messageId}) ════`, `🗳️ ${vote.question}`, voteText(vote, { counts: true }), voteFooter(vote, formatSlot(vote.closesAt.getTime(), timezone)) + buttons, '═'.repeat(30)].join('\n');
}
