import { encodeAction } from '../button-actions.ts';
import type { ReplyButton } from './button.ts';
import { truncate } from './format.ts';

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

/** The button action of a ballot's candidate. */
export function voteAction(clubId: number, voteId: number, idx: number): string {
  return encodeAction({ kind: 'vote', clubId, voteId, idx });
}

/** The vote's body as light markdown: numbered candidates with links, who suggested them, and the counts. */
export function voteText(v: VoteContent, opts: { counts: boolean }): string {
  const lines = v.candidates.map((c) => {
    const by = c.suggestedBy ? ` — suggested by ${c.suggestedBy}` : '';
    const count = opts.counts ? ` · **${c.votes}** vote${c.votes === 1 ? '' : 's'}` : '';
    const won = v.closed && v.winnerIdx === c.idx ? ' 🏆' : '';
    return `${c.idx + 1}. [${truncate(c.title, 200)}](${c.url})${by}${count}${won}`;
  });
  return lines.join('\n');
}

/** The line under the vote: how to vote and when it closes, or that it is closed. */
export function voteFooter(v: VoteContent, closesText: string): string {
  if (v.closed) return `Vote closed · ${v.totalVotes} vote${v.totalVotes === 1 ? '' : 's'}`;
  return `One vote each, change it any time · closes ${closesText}`;
}
