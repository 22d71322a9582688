import { createHash } from 'node:crypto';
import { interestedText, noPresenterText, type PostContent } from '../../render/weekly-post.ts';
import { LIMITS, clip } from './limits.ts';
import { buttonRows, fitEmbed, type MessagePayload } from './render.ts';

/** Footer prefix that marks our weekly posts; findPost looks for it after a crash between send and record. */
export const POST_KEY_PREFIX = 'paperclub ';

/** A Discord timestamp: every reader sees it in their own time zone. */
export function discordTime(at: Date, style: 'F' | 'R' | 'f' | 'D' = 'F'): string {
  return `<t:${Math.floor(at.getTime() / 1000)}:${style}>`;
}

/**
 * Message nonce (≤ 25 chars) derived from the post key: with enforce_nonce Discord returns the first
 * message instead of creating a second one when a send is retried within a few minutes.
 */
export function postNonce(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

/** The weekly post: presenter mention in content (embeds never ping), the paper in an embed, two buttons. */
export function renderWeeklyPost(post: PostContent): Omit<MessagePayload, 'flags'> & { nonce: string; enforceNonce: true } {
  const mentions = post.presenters.map((p) => `<@${p.userId}>`);
  const presenter = mentions.length ? mentions.join(', ') : noPresenterText(post, 'No presenter yet — press **Sign up to present**');
  const description = [post.summary ? `> ${post.summary}${post.footnote ? '*' : ''}` : null, post.footnote ? `_*${post.footnote}_` : null, '', post.howToRead]
    .filter((l) => l !== null)
    .join('\n');
  const embed = fitEmbed({
    title: post.title,
    url: post.url,
    description: description.trim(),
    color: 0x5865f2,
    fields: [
      { name: 'Presenter', value: presenter, inline: true },
      { name: 'Meeting', value: `${discordTime(post.meetingAt, 'F')} (${discordTime(post.meetingAt, 'R')})${post.clockNote ? `\n${post.clockNote}` : ''}`, inline: true },
      ...(post.meetingChannel ? [{ name: 'Where', value: `<#${post.meetingChannel.id}>`, inline: true }] : []),
      ...(post.meetingLink ? [{ name: 'Join', value: post.meetingLink }] : []),
      // The Events tab entry: members press Interested there and get Discord's own reminder.
      ...(post.event ? [{ name: 'Event', value: `[${interestedText(post.event) ?? 'Open the event'}](${post.event.link})`, inline: true }] : []),
      ...(post.lists.length ? [{ name: 'On the lists', value: post.lists.join(', ') }] : []),
      ...(post.pageUrl ? [{ name: 'Club page', value: `[Schedule, history and reading list](${post.pageUrl})` }] : []),
    ],
    footer: { text: `${POST_KEY_PREFIX}${post.key}` },
  });
  const content = clip(mentions.length ? `**${post.heading}** — presenting: ${mentions.join(', ')}` : `**${post.heading}**`, LIMITS.content);
  return {
    content,
    embeds: [embed],
    components: buttonRows(post.buttons),
    // Only the presenters may be pinged; never roles, @everyone or @here.
    allowedMentions: { parse: [], users: post.presenters.map((p) => p.userId) },
    nonce: postNonce(post.key),
    enforceNonce: true,
  };
}

/** The key a message carries, if it is one of our weekly posts. */
export function postKeyOf(message: { embeds: Array<{ footer?: { text: string } | null }> }): string | null {
  const text = message.embeds[0]?.footer?.text;
  return text?.startsWith(POST_KEY_PREFIX) ? text.slice(POST_KEY_PREFIX.length) : null;
}
