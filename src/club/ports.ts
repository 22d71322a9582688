import type { Club, Member } from './types.ts';
import type { PostContent } from '../render/weekly-post.ts';

/** Where the platform put a post: reactions on these messages count as read marks. */
export interface PostedMessage {
  channel: string;
  messageId: string;
}

/**
 * What the scheduler needs from a platform. Each adapter (Discord, Slack, console) implements it;
 * the scheduler never sees discord.js or Bolt.
 */
export interface Delivery {
  platform: Club['platform'];
  /** Publish the weekly post in the club's channel (adds the read emoji, opens a thread where the platform has them). */
  postMeeting(club: Club, post: PostContent): Promise<PostedMessage>;
  /**
   * Look for a post already published under this key (after a crash between send and record).
   * Returns null when it is certain there is none.
   */
  findPost(club: Club, post: PostContent): Promise<PostedMessage | null>;
  /** Remind a presenter privately (DM), falling back to the club channel. */
  remindPresenter(club: Club, presenter: Member, text: string): Promise<void>;
  /** A message to the club channel (call for a presenter, notices). */
  notifyClub(club: Club, text: string): Promise<void>;
}
