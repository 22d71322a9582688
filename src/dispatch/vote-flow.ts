import { UserError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { formatSlot } from '../calendar/slot-text.ts';
import type { Db } from '../store/db.ts';
import { channelProblemOf, type Delivery } from '../club/ports.ts';
import type { Club, Member } from '../club/types.ts';
import type { VoteContent } from '../club/vote-content.ts';
import { castBallot, closeVote, replaceBallots, voteFacts, type VoteOutcome } from '../club/votes.ts';
import { renderVote, voteResultText } from '../render/vote-post.ts';
import { getClub, upsertMember } from '../store/clubs.ts';
import { cancelVote, getVote, recordVoteMessage } from '../store/votes.ts';

// A vote on the platform (issue 12): the domain opens, counts and settles it (club/votes.ts); this publishes it
// through the Delivery port, reads the platform's count back and keeps the message up to date.

/** How a vote ended, with the result in words for the channel. */
export interface VoteResult extends VoteOutcome {
  text: string;
}

/**
 * Settles a vote (club/votes.ts closeVote: the winner placed, or the plan kept) and words the result. A vote closed
 * already is refused (UserError).
 */
export async function settleVote(db: Db, voteId: number, now: number, opts: { unreadable?: string } = {}): Promise<VoteResult> {
  const outcome = await closeVote(db, voteId, now, opts);
  return { ...outcome, text: voteResultText(outcome) };
}

/** The vote as the platforms show it (the domain's facts, worded); null when it is gone. */
export async function voteContent(db: Db, club: Club, voteId: number, now: number): Promise<VoteContent | null> {
  const facts = await voteFacts(db, club, voteId, now);
  return facts && renderVote(facts);
}

/**
 * Publishes an opened vote on the club's platform. An adapter may attach `voteAdvice` (what an admin can do) to what
 * it throws. A platform that cannot take it (no permission to post polls)
 * cancels the vote, so the club is never left with a vote nobody can see; the reason is returned for the admin.
 */
export async function publishVote(db: Db, delivery: Delivery | undefined, club: Club, voteId: number, now: number, logger: Logger): Promise<{ ok: true; published: boolean } | { ok: false; reason: string }> {
  const content = await voteContent(db, club, voteId, now);
  if (!content || !delivery?.postVote) return { ok: true, published: false }; // no platform connected (tests, tools): ballots still work by action
  try {
    const message = await delivery.postVote(club, content);
    await recordVoteMessage(db, voteId, { platform: club.platform, channel: message.channel, messageId: message.messageId });
    logger.info('vote published', { clubId: club.id, voteId, messageId: message.messageId });
    return { ok: true, published: true };
  } catch (err) {
    await cancelVote(db, voteId, now);
    logger.warn('vote could not be published: cancelled', { clubId: club.id, voteId, err });
    const problem = channelProblemOf(err);
    const advice = (err as { voteAdvice?: unknown } | null)?.voteAdvice;
    return { ok: false, reason: typeof advice === 'string' ? advice : (problem?.advice ?? 'The vote could not be posted in this channel; nothing was changed. Please try again.') };
  }
}

/**
 * Closes a vote: the platform's own count is read first where it keeps one (Discord), then the winner is placed
 * (settleVote) and the vote's message shows the result. A transient failure to read the platform's count leaves
 * the vote open (thrown) so a later try can settle it with every ballot; a permanent one closes it without a winner.
 */
export async function finishVote(db: Db, delivery: Delivery | undefined, voteId: number, now: number, logger: Logger): Promise<VoteResult> {
  // An admin's /club vote close can race the scheduled close: the second is refused before it reads the platform
  // again, so the vote is settled and its result announced once.
  const closing = closingVotes.get(db.root) ?? closingVotes.set(db.root, new Set()).get(db.root)!;
  if (closing.has(voteId)) throw new UserError('vote-closed', 'That vote is being closed right now; its result follows in a moment.');
  closing.add(voteId);
  try {
    return await closeAndSettle(db, delivery, voteId, now, logger);
  } finally {
    closing.delete(voteId);
  }
}

/** Votes whose close is under way, per database (one bot process settles a vote; see finishVote). */
const closingVotes = new WeakMap<Db, Set<number>>();

async function closeAndSettle(db: Db, delivery: Delivery | undefined, voteId: number, now: number, logger: Logger): Promise<VoteResult> {
  const vote = await getVote(db, voteId);
  const club = vote ? await getClub(db, vote.clubId) : null;
  let unreadable: string | undefined;
  if (vote && club && vote.state === 'open' && vote.messageId && vote.channel && delivery?.closeVote && delivery.platform === vote.platform) {
    const content = (await voteContent(db, club, voteId, now))!;
    let ballots: Awaited<ReturnType<NonNullable<Delivery['closeVote']>>> = null;
    try {
      ballots = await delivery.closeVote(club, { channel: vote.channel, messageId: vote.messageId }, content);
    } catch (err) {
      // Only a person can fix it (channel gone, access lost): settle without a winner rather than stay open forever.
      const problem = channelProblemOf(err);
      if (!problem) throw err;
      unreadable = problem.advice;
      logger.warn('vote poll unreadable: closed without a winner', { clubId: club.id, voteId, cause: problem.cause });
    }
    if (ballots) {
      const members = new Map<string, Member>();
      for (const b of ballots) if (!members.has(b.userId)) members.set(b.userId, await upsertMember(db, club.platform, club.workspace, b.userId, b.displayName || b.userId));
      await replaceBallots(db, voteId, ballots.map((b) => ({ member: members.get(b.userId)!, idx: b.idx })), now);
    }
  }
  const result = await settleVote(db, voteId, now, { unreadable });
  if (club) await showVote(db, delivery, club, voteId, now, logger);
  logger.info('vote closed', { clubId: result.vote.clubId, voteId, total: result.total, winner: result.winner?.paper.key ?? null });
  return result;
}

/** A member's ballot from a button: recorded (changeable), then the vote's message shows the new counts. */
export async function voteByButton(
  db: Db,
  delivery: Delivery | undefined,
  club: Club,
  member: Member,
  voteId: number,
  idx: number,
  now: number,
  logger: Logger,
): Promise<string> {
  const { candidate, changed, vote } = await castBallot(db, club, voteId, member, idx, now);
  if (changed) await showVote(db, delivery, club, voteId, now, logger);
  const closes = formatSlot(vote.closesAt, club.timezone);
  return changed
    ? `You voted for **${candidate.paper.title}**. You can change your vote until the vote closes (${closes}).`
    : `Your vote is already for **${candidate.paper.title}**. The vote closes ${closes}.`;
}

/** Re-renders the vote's message in place (counts, the result, a paper's fetched title); a failed edit is logged, never thrown. */
export async function showVote(db: Db, delivery: Delivery | undefined, club: Club, voteId: number, now: number, logger: Logger): Promise<void> {
  const vote = await getVote(db, voteId);
  if (!vote?.messageId || !vote.channel || !delivery?.updateVote || delivery.platform !== vote.platform) return;
  const content = await voteContent(db, club, voteId, now);
  if (!content) return;
  try {
    await delivery.updateVote(club, { channel: vote.channel, messageId: vote.messageId }, content);
  } catch (err) {
    logger.warn('vote message not updated', { clubId: club.id, voteId, err });
  }
}
