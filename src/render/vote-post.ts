import { encodeAction } from '../button-actions.ts';
import type { Club } from '../club/types.ts';
import { MAX_VOTE_MS, meetingName, type VoteFacts, type VoteOutcome } from '../club/votes.ts';
import type { VoteContent } from '../club/vote-content.ts';
import { formatSlot } from '../calendar/slot-text.ts';
import { truncate } from './format.ts';

// The content types are the domain's (what its Delivery port carries); adapters take them from here too.
export { POLL_LIMITS, type VoteCandidateView, type VoteContent } from '../club/vote-content.ts';

const HOUR = 3_600_000;

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

/** The vote as the platforms show it: question, candidates with who suggested them (never private members), counts. */
export function renderVote(facts: VoteFacts): VoteContent {
  const { vote, club, candidates, counts, suggesters, meeting, now } = facts;
  const question = `Which paper should ${meetingName(club, meeting)} read?`;
  const winnerIdx = vote.winnerPaperId !== null ? (candidates.find((c) => c.paper.id === vote.winnerPaperId)?.idx ?? null) : null;
  return {
    voteId: vote.id,
    clubId: club.id,
    clubName: club.name,
    question: vote.state === 'open' ? question : `Vote of ${club.name}: closed`,
    closesAt: new Date(vote.closesAt),
    pollHours: Math.min(MAX_VOTE_MS / HOUR, Math.max(1, Math.ceil((vote.closesAt - now) / HOUR))),
    candidates: candidates.map((c) => ({
      idx: c.idx,
      title: c.paper.title,
      label: c.paper.nickname && !c.paper.title.startsWith(c.paper.nickname) ? `${c.paper.nickname}: ${c.paper.title}` : c.paper.title,
      url: c.paper.url,
      suggestedBy: suggesters.get(c.paper.id) ?? null,
      votes: counts[c.idx] ?? 0,
    })),
    totalVotes: counts.reduce((a, b) => a + b, 0),
    closed: vote.state !== 'open',
    winnerIdx,
    buttons: candidates.map((c) => ({ action: voteAction(club.id, vote.id, c.idx), label: `${c.idx + 1}` })),
  };
}

/** "It closes Wed 4 Nov 2026, 12:00 UTC." for an open vote (its close time); empty otherwise. */
export function voteClosingText(closesAt: number | null, club: Pick<Club, 'timezone'>): string {
  return closesAt === null ? '' : `It closes ${formatSlot(closesAt, club.timezone)}.`;
}

/** A closed vote's result for the channel: the winner with the counts, or why the plan stays as it is. Names no voter. */
export function voteResultText(outcome: VoteOutcome): string {
  const { club, candidates, counts, total, winner, meeting } = outcome;
  const tally = candidates.map((c) => `${c.paper.nickname ?? c.paper.title} ${counts[c.idx]}`).join(' · ');
  const tie = winner && counts.filter((n) => n === counts[winner.idx]).length > 1 ? ' (a tie, settled by list order, then suggestion order)' : '';
  return outcome.unreadable
    ? `🗳️ The vote is closed, but I could not read its poll, so the plan stays as it is. ${outcome.unreadable}`
    : winner && outcome.placed
    ? `🗳️ The vote is closed: **${winner.paper.title}** wins with ${counts[winner.idx]} of ${total} vote${total === 1 ? '' : 's'}${tie} and is the paper for ${meetingName(club, meeting)}.\nResults: ${tally}`
    : winner
    ? `🗳️ The vote is closed: **${winner.paper.title}** wins with ${counts[winner.idx]} of ${total} vote${total === 1 ? '' : 's'}${tie}, but its meeting is no longer planned, so the plan stays as it is. An admin can /club pick it.\nResults: ${tally}`
    : `🗳️ The vote is closed with no votes, so the plan stays as it is${meeting?.paper ? `: ${meetingName(club, meeting)} reads **${meeting.paper.title}**` : ''}.`;
}
