import type { ReplyButton } from './button.ts';

// What the club publishes for a vote: the neutral content the Delivery port carries (render/vote-post.ts builds it).

/** One paper on a vote, as every platform shows it. */
export interface VoteCandidateView {
  /** 0-based place on the ballot (Discord's answer id is idx + 1). */
  idx: number;
  title: string;
  /** Short name for tight spaces (Discord poll answers take 55 characters): nickname, else the title. */
  label: string;
  url: string;
  /** Who suggested it, when they did not choose to stay private; null otherwise. */
  suggestedBy: string | null;
  /** Ballots so far (what the bot recorded; Discord keeps its own poll counts until the close). */
  votes: number;
}

/** A vote on the next paper, platform-neutral: adapters render it as a poll (Discord), buttons (Slack) or text. */
export interface VoteContent {
  voteId: number;
  clubId: number;
  clubName: string;
  /** "Which paper for meeting 5, Wed 2 Dec 17:00?" — within Discord's 300-character poll question. */
  question: string;
  closesAt: Date;
  /** Whole hours from now to the close, 1..768: a Discord poll's duration (the bot ends it at the close itself). */
  pollHours: number;
  candidates: VoteCandidateView[];
  totalVotes: number;
  closed: boolean;
  /** Set once closed with at least one vote. */
  winnerIdx: number | null;
  /** One per candidate, in ballot order; routed back through ClubCore.runAction. */
  buttons: ReplyButton[];
}

/**
 * Discord's poll limits (https://discord.com/developers/docs/resources/poll#poll-media-object): question, answer
 * text, answers; and a duration of 1 to 768 hours, 32 days (poll create request, since mid-2024).
 */
export const POLL_LIMITS = { question: 300, answer: 55, answers: 10, hours: 768 } as const;
