import type { ChannelProblem, Club, Member, PostedMessage, Where } from './types.ts';

export type { ChannelProblem, PostedMessage } from './types.ts';
import type { PostContent } from './post-content.ts';
import type { ReplyButton } from './button.ts';
import type { VoteContent } from './vote-content.ts';

/**
 * A delivery error that no retry can fix: only a person can (invite the bot, grant a permission, pick
 * another channel). Adapters attach it to what they throw as `channelProblem`; the scheduler parks the club.
 */
export interface ChannelProblemCarrier {
  channelProblem: ChannelProblem;
}

/** The permanent per-channel problem an adapter attached to a thrown error, or null for a transient failure. */
export function channelProblemOf(err: unknown): ChannelProblem | null {
  const p = (err as Partial<ChannelProblemCarrier> | null | undefined)?.channelProblem;
  return p && typeof p.cause === 'string' && typeof p.advice === 'string' ? p : null;
}

/** Extras for a text message. */
export interface TextOptions {
  /**
   * A time written in the text as `text` (club-zone wording): platforms that can show it in each reader's own
   * time zone put their timestamp there instead (Discord `<t:…:F>`, Slack `<!date^…>`); others keep the words.
   */
  time?: { at: number; text: string };
  /**
   * A name this message keeps however often it is sent (club, meeting and kind): a platform that can refuse a repeat
   * (Discord's enforce_nonce, for a few minutes) makes a re-send after a crash between send and record return the
   * first message instead of posting it twice.
   */
  once?: string;
}

/**
 * What the scheduler needs from a platform. Each adapter (Discord, Slack, console) implements it;
 * the scheduler never sees discord.js or Bolt.
 */
export interface Delivery {
  platform: Club['platform'];
  /**
   * Whether this process delivers for the server or workspace (`club.workspace`): Discord, only for the servers its
   * shards hold; Slack with installs by OAuth, only for workspaces that have the app installed. Absent: every one.
   * The scheduler leaves the other clubs alone (another process, or a reinstall, takes them up).
   */
  serves?(workspace: string): boolean;
  /** Calls `watch` whenever what `serves` answers changes (a Slack workspace installed or removed the app). */
  onServedChange?(watch: () => void): void;
  /** Publish the weekly post in the club's channel (adds the read emoji, opens a thread where the platform has them). */
  postMeeting(club: Club, post: PostContent): Promise<PostedMessage>;
  /**
   * Look for a post already published under this key (after a crash between send and record).
   * Returns null when it is certain there is none.
   */
  findPost(club: Club, post: PostContent): Promise<PostedMessage | null>;
  /** Remind a presenter privately (DM), falling back to the club channel. */
  remindPresenter(club: Club, presenter: Member, text: string, opts?: TextOptions): Promise<void>;
  /** A message to the club channel (call for a presenter, notices). */
  notifyClub(club: Club, text: string, opts?: TextOptions): Promise<void>;
  /**
   * Whether the bot can post, react and open threads in the channel: null when it can, else what to fix.
   * Throws on transient trouble (network, rate limit), so "can't tell" is never taken for "broken".
   */
  checkChannel?(where: Where): Promise<ChannelProblem | null>;
  /** A private message to one person of the club's workspace (an admin told about a broken channel). */
  directMessage?(club: Club, userId: string, text: string): Promise<void>;

  // Rotation & wrap-up
  /**
   * A private message with buttons to one member (the rotation's Accept / Pass). Throws when it cannot be delivered:
   * no channel fallback, since the question is for that member alone.
   */
  askPrivately?(club: Club, member: Member, text: string, buttons: ReplyButton[], opts?: TextOptions): Promise<void>;
  /** A message under a meeting's post: in its thread where the platform has them, else in the club channel. */
  postInThread?(club: Club, post: PostedMessage, text: string): Promise<void>;
  /** Edits a published weekly post in place (its meeting started: the wrap-up buttons replace sign-up). */
  updatePost?(club: Club, post: PostContent, message: PostedMessage): Promise<void>;
  // Votes
  /** Publishes a vote on the next paper in the club's channel (a native poll on Discord, buttons elsewhere). */
  postVote?(club: Club, vote: VoteContent): Promise<PostedMessage>;
  /** Shows a vote's new counts or its result in place (Slack chat.update); platforms that count themselves skip it. */
  updateVote?(club: Club, message: PostedMessage, vote: VoteContent): Promise<void>;
  /**
   * Ends the vote on the platform and returns the ballots the platform counted (Discord's poll voters, by ballot
   * index), or null when the bot recorded every ballot itself (buttons).
   */
  closeVote?(club: Club, message: PostedMessage, vote: VoteContent): Promise<PlatformBallot[] | null>;
}

/**
 * Whether this process runs the club (see Delivery.serves): false only when its platform's delivery serves other
 * servers or workspaces. Without a delivery it is this process's still (its work waits for the platform to connect).
 */
export function servedHere(delivery: Delivery | undefined, club: Pick<Club, 'workspace'>): boolean {
  return delivery?.serves?.(club.workspace) ?? true;
}

/** One member's choice as the platform counted it. */
export interface PlatformBallot {
  userId: string;
  displayName: string;
  /** 0-based ballot index of the chosen candidate. */
  idx: number;
}
