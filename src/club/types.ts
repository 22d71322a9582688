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
  cron: string;
  timezone: string;
  readEmoji: string;
  presentersPerMeeting: number;
  reminderLeadMinutes: number;
  paused: boolean;
  createdAt: number;
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

/** A meeting that happened or is under way (has a row); upcoming ones are planned, see PlannedMeeting. */
export interface Meeting {
  id: number;
  clubId: number;
  slotAt: number;
  week: number | null;
  paperId: number | null;
  status: MeetingStatus;
  postedAt: number | null;
}

/** A meeting as the schedule shows it: past or planned, with its paper and presenters. */
export interface PlannedMeeting {
  clubId: number;
  slotAt: number;
  /** 1-based place of its paper in the club's sequence; null for a skipped week. */
  week: number | null;
  paper: Paper | null;
  presenters: Member[];
  status: MeetingStatus | 'upcoming';
}
