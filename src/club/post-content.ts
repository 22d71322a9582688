import type { Paper } from '../catalog/types.ts';
import type { ReplyButton } from './button.ts';
import type { Club, Member } from './types.ts';

// What the club publishes for a meeting: the facts a weekly post is made of (the domain gathers them, posting.ts)
// and the neutral content the Delivery port carries (render/weekly-post.ts words it).

/** The facts of a meeting's weekly post, as the domain gathers them; render/weekly-post.ts renderWeeklyPost words them. */
export interface WeeklyPostFacts {
  club: Club;
  slotAt: number;
  number: number | null;
  /** The zone the meeting is in (a held meeting keeps the zone it was announced in). */
  timezone?: string | null;
  paper: Paper;
  presenters: Member[];
  lists: string[];
  skipped?: boolean;
  clockNote?: string;
  event?: MeetingEventView | null;
  /** The meeting has started: wrap-up buttons instead of sign-up. */
  started?: boolean;
  /** The club's web page, when it is on. */
  pageUrl?: string | null;
}

/** The weekly post as neutral content; Discord renders an embed, Slack Block Kit, the console text. */
export interface PostContent {
  clubId: number;
  /** Idempotency key of this post: one per club and slot (`club:<id>:<slotAt>`). */
  key: string;
  heading: string;
  /** The club's meeting number (1st, 2nd …). */
  number: number | null;
  /** Name for the post's discussion thread, where the platform has threads. */
  threadName: string;
  /** Set when the meeting was called off after its post went out (the post is edited to say so). */
  skipped?: boolean;
  /** The meeting has started (or been held): sign-up has closed, so a post without presenters calls for none. */
  started?: boolean;
  /** A word about the clock when the meeting's local time is shifted or ambiguous (DST). */
  clockNote?: string;
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
  /** Where members join the meeting (the club's meeting link setting), when set. */
  meetingLink?: string;
  /** The voice or stage channel the meeting is held in (Discord's `/club settings voice:`), when set. */
  meetingChannel?: MeetingChannel;
  /** The meeting's platform event (Discord's Events tab), once it exists: its link and how many are interested. */
  event?: MeetingEventView;
  /** The club's web page (issue 28), when it is on and this bot serves pages. */
  pageUrl?: string;
  howToRead: string;
  buttons: ReplyButton[];
}

/** A meeting's platform event as members see it; `interested` is null until first fetched. */
export interface MeetingEventView {
  link: string;
  interested: number | null;
}

/** A voice or stage channel a club meets in. */
export interface MeetingChannel {
  id: string;
  kind: 'voice' | 'stage';
}

/** The channel a club meets in (Discord's `/club settings voice:`), or null when none is set. */
export function meetingChannelOf(club: Pick<Club, 'meetingChannel' | 'meetingChannelKind'>): MeetingChannel | null {
  return club.meetingChannel && club.meetingChannelKind ? { id: club.meetingChannel, kind: club.meetingChannelKind } : null;
}

