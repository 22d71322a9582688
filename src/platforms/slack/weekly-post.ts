/** The weekly post (neutral PostContent) as a Block Kit message with metadata that lets findPost find it again. */
import { emojiName } from '../../club/emoji.ts';
import { noPresenterText, type PostContent } from '../../render/weekly-post.ts';
import { escapeText, link, truncate } from './mrkdwn.ts';
import { actionsBlock, context, header, LIMITS, section, type Block } from './render.ts';

/** event_type of the message metadata carried by every weekly post. */
export const POST_EVENT_TYPE = 'paperclub_post';

export interface SlackPost {
  text: string;
  blocks: Block[];
  metadata: { event_type: string; event_payload: { key: string } };
}

// Only real Slack user ids become mentions; anything else is shown as an escaped name.
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `<@U…>` for a Slack user id, the escaped display name otherwise. */
export function mention(p: { userId: string; displayName: string }): string {
  return SLACK_USER_ID.test(p.userId) ? `<@${p.userId}>` : escapeText(p.displayName);
}

/** A Slack date token: each reader sees the meeting in their own time zone; the fallback is UTC. */
export function dateToken(at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = at.toUTCString().replace(/:00 GMT$/, ' UTC');
  return `<!date^${unix}^{date_long_pretty} at {time}|${fallback}>`;
}

/** The Slack short name of the club's read emoji (falls back to white_check_mark). */
export function readEmojiName(readEmoji: string): string {
  return emojiName(readEmoji) ?? 'white_check_mark';
}

/** Renders the weekly post: header, title link, one-liner, presenter or call, time, lists, how to read, buttons. */
export function renderSlackPost(post: PostContent): SlackPost {
  const emoji = readEmojiName(post.readEmoji);
  const blocks: Block[] = [header(post.heading)];
  blocks.push(section(`*${link(post.url, post.title)}*`));
  if (post.summary) {
    const star = post.footnote ? '*' : '';
    blocks.push(section(`> ${escapeText(truncate(post.summary, 2800))}${star}`));
  }
  if (post.footnote) blocks.push(context(`_*${escapeText(truncate(post.footnote, 2800))}_`));
  const who = post.presenters.length
    ? `*Presenting:* ${post.presenters.map(mention).join(', ')}`
    : noPresenterText(post, '*Presenter wanted!* Nobody has signed up yet — press *Sign up to present* below.');
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: truncate(who, LIMITS.fieldText), verbatim: true },
      { type: 'mrkdwn', text: `*Meeting:* ${dateToken(post.meetingAt)}`, verbatim: true },
    ],
  });
  if (post.clockNote) blocks.push(context(escapeText(post.clockNote)));
  if (post.meetingLink) blocks.push(context(`Join: <${post.meetingLink.replace(/[<>|]/g, encodeURIComponent)}>`));
  if (post.lists.length) blocks.push(context(`On: ${escapeText(post.lists.join(' · '))}`));
  if (post.pageUrl) blocks.push(context(`Club page: ${link(post.pageUrl, 'schedule, history and reading list')}`));
  blocks.push(context(`React with :${emoji}: once you've read it (remove it to un-mark), press *Mark read*, or use \`/paperclub read\`. Discuss in the thread.`));
  const actions = actionsBlock(post.buttons, 'paperclub-post-actions');
  if (actions) blocks.push(actions);

  const presenting = post.presenters.length ? ` — presenting: ${post.presenters.map((p) => escapeText(p.displayName)).join(', ')}` : ' — presenter wanted';
  return {
    text: truncate(`${escapeText(post.heading)}: ${escapeText(post.title)}${presenting}`, 300),
    blocks,
    metadata: { event_type: POST_EVENT_TYPE, event_payload: { key: post.key } },
  };
}
