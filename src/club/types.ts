import type { Paper } from '../catalog/types.ts';

export type Platform = 'discord' | 'slack' | 'console';

/** Where something happens: a channel of a workspace (Discord guild, Slack team, or 'local'). */
export interface Where {
  platform: Platform;
  workspace: string;
  channel: string;
  /** Human name of the channel when the platform gives one, for messages. */
  channelName?: string;
}

/** One club per chat channel. */
export interface Club {
  id: number;
  platform: Platform;
  workspace: string;
  channel: string;
  name: string;
  sequenceSlug: string;
  /** 0-based index in the club's sequence of the next paper to post. */
  position: number;
  /** Meeting time as cron (usually the weekly form `M H * * D`), in `timezone`, every `everyWeeks` weeks. */
  cron: string;
  timezone: string;
  everyWeeks: number;
  /** Local date of one meeting of the series (which weeks count when everyWeeks > 1). */
  anchorDate: string | null;
  /** The weekly post goes out this long before its meeting (0: at the meeting time). */
  announceLeadMinutes: number;
  /** The admin who set the club up (told when something only an admin can fix goes wrong). */
  setupBy: string | null;
  readEmoji: string;
  presentersPerMeeting: number;
  reminderLeadMinutes: number;
  paused: boolean;
  createdAt: number;
  /** Where members join (Zoom, Meet, a voice channel link): an http(s) URL; null or absent when none is set. */
  meetingLink?: string | null;
  /** A Discord voice or stage channel the meetings are held in (the event is placed there); null when none. */
  meetingChannel?: string | null;
  meetingChannelKind?: 'voice' | 'stage' | null;
}

export interface Member {
  id: number;
  platform: Platform;
  workspace: string;
  userId: string;
  displayName: string;
  private: boolean;
}

export type MeetingStatus = 'posting' | 'posted' | 'done' | 'skipped' | 'missed';

/** Why an upcoming meeting has its paper: the list's order, an admin's pick or move, a vote, or carried over from a skipped date. */
export type PlanOrigin = 'list' | 'pick' | 'move' | 'vote' | 'carried';

/** Why a date has no meeting: an admin skipped it, the club was paused, the list had no paper left, or a club change. */
export type SkipReason = 'admin' | 'paused' | 'no-paper' | 'club-changed';

/** A meeting with a record: announced, held, skipped or missed. Others are planned, see PlannedMeeting. */
export interface Meeting {
  id: number;
  clubId: number;
  /** When the meeting is (epoch ms); its post goes out `announceLeadMinutes` earlier. */
  slotAt: number;
  /** The club's 1st, 2nd … meeting; null for a skipped or missed date. */
  number: number | null;
  /** The zone the meeting was held in (history shows it as it was). */
  timezone: string | null;
  paperId: number | null;
  status: MeetingStatus;
  postedAt: number | null;
  /** Calendar identity (fixed when the meeting was first planned); null on rows from before it was kept. */
  uid: string | null;
  /** How often its date or status changed (iCalendar SEQUENCE). */
  revision: number;
  /** A skipped date: why. */
  skipReason: SkipReason | null;
  /** A skipped date: what the skip took away, so an unskip gives it back. */
  skippedPaperId: number | null;
  skippedOrigin: PlanOrigin | null;
  skippedStatus: 'planned' | 'posting' | 'posted' | null;
  skippedNumber: number | null;
}

/** A meeting as the schedule shows it: past or planned, with its paper and presenters. */
export interface PlannedMeeting {
  clubId: number;
  slotAt: number;
  /** The club's 1st, 2nd … meeting; null for a skipped date or one with no paper left. */
  number: number | null;
  paper: Paper | null;
  presenters: Member[];
  status: MeetingStatus | 'upcoming';
  /** The meeting's identity in calendars and change reports: the same through any re-dating. */
  uid: string;
  /** Calendar revision (SEQUENCE): goes up when the date or the status changes. */
  revision: number;
  /** Upcoming meetings: why it has its paper. */
  origin?: PlanOrigin;
  /** Upcoming meetings: the stored plan row. */
  plannedId?: number;
  /** Skipped dates: why there is no meeting. */
  skipReason?: SkipReason | null;
}

/** How a read mark was made. */
export type ReadVia = 'reaction' | 'command' | 'button';

/** Where the platform put a post: reactions on these messages count as read marks. */
export interface PostedMessage {
  channel: string;
  messageId: string;
}

/**
 * Why the bot cannot use a club's channel, in words an organiser can act on. `cause` is stable per kind of
 * problem (Slack's `not_in_channel`, Discord's `missing-permissions`): admins are told once per cause.
 */
export interface ChannelProblem {
  cause: string;
  /** What to do, e.g. "I'm not in #papers yet — invite me first (/invite @paperclub)". */
  advice: string;
}
