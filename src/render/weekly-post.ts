import { encodeAction } from '../button-actions.ts';
import { formatSlot } from './format.ts';
import type { ReplyButton } from '../club/button.ts';
import type { BegunPostFacts } from '../club/posting.ts';
import type { Club, Meeting } from '../club/types.ts';
import { meetingChannelOf, type MeetingChannel, type MeetingEventView, type PostContent, type WeeklyPostFacts } from '../club/post-content.ts';

// The content types are the domain's (what its Delivery port carries); renderers and adapters take them from here too.
export type { MeetingChannel, MeetingEventView, PostContent, WeeklyPostFacts } from '../club/post-content.ts';

/** "3 interested" for an event, or null while the count is not known. */
export function interestedText(event: MeetingEventView): string | null {
  return event.interested === null ? null : `${event.interested} interested`;
}

/** Stable idempotency key of the post for a club's slot. */
export function postKey(clubId: number, slotAt: number): string {
  return `club:${clubId}:${slotAt}`;
}

/**
 * The two buttons of a meeting's paper; ClubCore.runAction parses these action strings. Sign-up carries the
 * meeting's time so the click signs up for that meeting (and is refused once it has started).
 */
export function paperButtons(clubId: number, paperId: number, meetingAt: number): ReplyButton[] {
  return [
    { action: encodeAction({ kind: 'signup', clubId, paperId, meetingAt }), label: 'Sign up to present', style: 'primary' },
    { action: encodeAction({ kind: 'read', clubId, paperId }), label: 'Mark read', style: 'secondary' },
  ];
}

// Rotation & wrap-up (issue 12)
/**
 * The buttons of a post once its meeting has started: sign-up has closed; members mark the paper read, say they
 * were there, and the presenters add slides or a recording (a form). ClubCore.runAction parses the actions.
 */
export function wrapUpButtons(clubId: number, paperId: number, meetingAt: number): ReplyButton[] {
  return [
    { action: encodeAction({ kind: 'read', clubId, paperId }), label: 'Mark read', style: 'secondary' },
    { action: encodeAction({ kind: 'attend', clubId, meetingAt }), label: 'I was there', style: 'primary' },
    { action: encodeAction({ kind: 'links', clubId, meetingAt }), label: 'Add slides / recording', style: 'secondary' },
  ];
}

/** Builds the weekly post for a meeting: the one renderer every platform shares. */
export function renderWeeklyPost(input: WeeklyPostFacts): PostContent {
  const { club, paper, number } = input;
  const when = formatSlot(input.slotAt, input.timezone ?? club.timezone);
  const heading = input.skipped
    ? `📄 Paper club — no meeting on ${when} (skipped)`
    : number
      ? `📄 Paper club — meeting ${number}`
      : '📄 Paper club — next meeting';
  const channel = meetingChannelOf(club);
  return {
    clubId: club.id,
    key: postKey(club.id, input.slotAt),
    heading,
    number,
    threadName: number ? `Meeting ${number}: ${paper.title}` : paper.title,
    ...(input.skipped ? { skipped: true } : {}),
    ...(input.started ? { started: true } : {}),
    ...(input.clockNote ? { clockNote: input.clockNote } : {}),
    paperKey: paper.key,
    title: paper.title,
    url: paper.url,
    summary: paper.summary,
    footnote: paper.footnote,
    presenters: input.presenters.map((m) => ({ userId: m.userId, displayName: m.displayName })),
    lists: input.lists,
    meetingAt: new Date(input.slotAt),
    timezone: input.timezone ?? club.timezone,
    readEmoji: club.readEmoji,
    ...(club.meetingLink && !input.skipped ? { meetingLink: club.meetingLink } : {}),
    ...(channel && !input.skipped ? { meetingChannel: channel } : {}),
    ...(input.event && !input.skipped ? { event: input.event } : {}),
    ...(input.pageUrl ? { pageUrl: input.pageUrl } : {}),
    howToRead: input.skipped
      ? `This meeting is skipped; ${paper.title} moves to the next meeting. See /paper upcoming.`
      : `React with ${club.readEmoji} once you've read it (remove the reaction to un-mark), or use /read.`,
    buttons: input.skipped
      ? []
      : input.started
        ? wrapUpButtons(club.id, paper.id, input.slotAt)
        : // A meeting with all its presenters takes no more sign-ups: its post offers only Mark read.
          paperButtons(club.id, paper.id, input.slotAt).slice(input.presenters.length >= club.presentersPerMeeting ? 1 : 0),
  };
}

/** The presenter line of a post without presenters: a call for one, or (once the meeting has started) none. */
export function noPresenterText(post: Pick<PostContent, 'started'>, call: string): string {
  return post.started ? 'No presenter' : call;
}

/** The meeting's voice or stage channel as a channel mention (a link on the platform that has them). */
export function meetingChannelText(c: MeetingChannel): string {
  return `<#${c.id}> (${c.kind} channel)`;
}

/** Plain-text rendering (console playground, fallbacks, notification text). */
export function weeklyPostText(post: PostContent): string {
  const lines = [`**${post.heading}**`, `**[${post.title}](${post.url})**`];
  if (post.summary) lines.push(`> ${post.summary}${post.footnote ? `*` : ''}`);
  if (post.footnote) lines.push(`> _*${post.footnote}_`);
  lines.push(
    post.presenters.length
      ? `Presenting: ${post.presenters.map((p) => p.displayName).join(', ')}`
      : noPresenterText(post, 'No presenter yet — sign up to present!'),
  );
  if (post.lists.length) lines.push(`On: ${post.lists.join(', ')}`);
  lines.push(`Meeting: ${formatSlot(post.meetingAt.getTime(), post.timezone)}`);
  if (post.meetingChannel) lines.push(`Where: ${meetingChannelText(post.meetingChannel)}`);
  if (post.meetingLink) lines.push(`Join: ${post.meetingLink}`);
  if (post.event) lines.push(`Event: ${post.event.link}${post.event.interested === null ? '' : ` (${interestedText(post.event)})`}`);
  if (post.pageUrl) lines.push(`Club page: ${post.pageUrl}`);
  if (post.clockNote) lines.push(post.clockNote);
  lines.push(post.howToRead);
  return lines.join('\n');
}

/** A begun post worded: what the scheduler sends, and the meeting row recorded before the send. */
export interface BegunPost {
  post: PostContent;
  meeting: Meeting;
  club: Club;
}

/** Words the post that club/posting.ts beginPost began (null stays null: nothing to send). */
export function renderBegunPost(begun: BegunPostFacts | null): BegunPost | null {
  return begun && { post: renderWeeklyPost(begun.facts), meeting: begun.meeting, club: begun.club };
}
