import { formatSlot } from './format.ts';
import type { Paper } from '../catalog/types.ts';
import type { Club, Member } from '../club/types.ts';
import type { ReplyButton } from './button.ts';

/** The weekly post as neutral content; Discord renders an embed, Slack Block Kit, the console text. */
export interface PostContent {
  clubId: number;
  /** Idempotency key of this post: one per club and slot (`club:<id>:<slotAt>`). */
  key: string;
  heading: string;
  week: number | null;
  paperKey: string;
  title: string;
  url: string;
  summary: string | null;
  footnote: string | null;
  /** Presenters to mention (the only mentions the bot ever sends). Empty means: call for a presenter. */
  presenters: Array<Pick<Member, 'userId' | 'displayName'>>;
  /** Names of the reading lists the paper is on. */
  lists: string[];
  meetingAt: Date;
  /** The club's IANA time zone, for renderers that cannot show each reader their own time. */
  timezone: string;
  readEmoji: string;
  howToRead: string;
  buttons: ReplyButton[];
}

/** Stable idempotency key of the post for a club's slot. */
export function postKey(clubId: number, slotAt: number): string {
  return `club:${clubId}:${slotAt}`;
}

/** The two buttons of a meeting's paper; ClubCore.runAction parses these action strings. */
export function paperButtons(clubId: number, paperId: number): ReplyButton[] {
  return [
    { action: `signup:${clubId}:${paperId}`, label: 'Sign up to present', style: 'primary' },
    { action: `read:${clubId}:${paperId}`, label: 'Mark read', style: 'secondary' },
  ];
}

/** Builds the weekly post for a meeting: the one renderer every platform shares. */
export function renderWeeklyPost(input: {
  club: Club;
  slotAt: number;
  week: number | null;
  paper: Paper;
  presenters: Member[];
  lists: string[];
}): PostContent {
  const { club, paper, week } = input;
  return {
    clubId: club.id,
    key: postKey(club.id, input.slotAt),
    heading: week ? `📄 Paper club — week ${week}` : '📄 Paper club — this week',
    week,
    paperKey: paper.key,
    title: paper.title,
    url: paper.url,
    summary: paper.summary,
    footnote: paper.footnote,
    presenters: input.presenters.map((m) => ({ userId: m.userId, displayName: m.displayName })),
    lists: input.lists,
    meetingAt: new Date(input.slotAt),
    timezone: club.timezone,
    readEmoji: club.readEmoji,
    howToRead: `React with ${club.readEmoji} once you've read it (remove the reaction to un-mark), or use /read.`,
    buttons: paperButtons(club.id, paper.id),
  };
}

/** Plain-text rendering (console playground, fallbacks, notification text). */
export function weeklyPostText(post: PostContent): string {
  const lines = [`**${post.heading}**`, `**[${post.title}](${post.url})**`];
  if (post.summary) lines.push(`> ${post.summary}${post.footnote ? `*` : ''}`);
  if (post.footnote) lines.push(`> _*${post.footnote}_`);
  lines.push(
    post.presenters.length
      ? `Presenting: ${post.presenters.map((p) => p.displayName).join(', ')}`
      : 'No presenter yet — sign up to present!',
  );
  if (post.lists.length) lines.push(`On: ${post.lists.join(', ')}`);
  lines.push(`Meeting: ${formatSlot(post.meetingAt.getTime(), post.timezone)} (${post.timezone})`);
  lines.push(post.howToRead);
  return lines.join('\n');
}
