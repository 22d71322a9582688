import { sql } from 'kysely';
import type { Paper } from '../catalog/types.ts';
import { idList, insertReturningId, type Db, type RunResult } from './db.ts';
import type { Platform, Club, Member } from '../club/types.ts';
import { papersSoFar } from './marks.ts';
import { getPaper } from './catalog.ts';
import { scopeChanged } from './paper-scope.ts';

export type VoteState = 'open' | 'closed' | 'cancelled';

/** A vote on the paper of one planned meeting. */
export interface Vote {
  id: number;
  clubId: number;
  /**
   * The planned meeting whose paper it decides: a schedule change re-dates that meeting, and the vote with it; a skip
   * of it hands the vote to the next meeting. Null once no meeting is left for it.
   */
  plannedId: number | null;
  state: VoteState;
  openedBy: string | null;
  openedAt: number;
  closesAt: number;
  platform: Platform | null;
  channel: string | null;
  messageId: string | null;
  winnerPaperId: number | null;
  closedAt: number | null;
}

/** A paper on a vote's ballot. */
export interface VoteCandidate {
  idx: number;
  paper: Paper;
  source: 'list' | 'suggestion' | 'admin';
}

export const VOTE_COLUMNS = `id, club_id AS clubId, planned_id AS plannedId, state, opened_by AS openedBy, opened_at AS openedAt, closes_at AS closesAt,
  platform, channel, message_id AS messageId, winner_paper_id AS winnerPaperId, closed_at AS closedAt`;

export async function getVote(db: Db, id: number): Promise<Vote | null> {
  return (await db.first(sql`SELECT ${sql.raw(VOTE_COLUMNS)} FROM votes WHERE id = ${id}`) as Vote | undefined) ?? null;
}

/** The club's votes, oldest first. */
export async function votesOf(db: Db, clubId: number): Promise<Vote[]> {
  return await db.all(sql`SELECT ${sql.raw(VOTE_COLUMNS)} FROM votes WHERE club_id = ${clubId} ORDER BY opened_at, id`) as Vote[];
}

/** The club's open vote, if any (at most one). */
export async function openVoteOf(db: Db, clubId: number): Promise<Vote | null> {
  return (await db.first(sql`SELECT ${sql.raw(VOTE_COLUMNS)} FROM votes WHERE club_id = ${clubId} AND state = 'open'`) as Vote | undefined) ?? null;
}

export async function candidatesOf(db: Db, voteId: number): Promise<VoteCandidate[]> {
  const rows = await db.all(sql`SELECT idx, paper_id AS paperId, source FROM vote_candidates WHERE vote_id = ${voteId} ORDER BY idx`) as Array<{
    idx: number;
    paperId: number;
    source: VoteCandidate['source'];
  }>;
  const out: VoteCandidate[] = [];
  for (const r of rows) {
    const paper = await getPaper(db, r.paperId);
    if (paper) out.push({ idx: r.idx, paper, source: r.source });
  }
  return out;
}

/** Ballots per candidate, in ballot order. */
export async function countsOf(db: Db, voteId: number, size: number): Promise<number[]> {
  const counts = Array.from({ length: size }, () => 0);
  for (const r of await db.all(sql`SELECT idx, count(*) AS n FROM vote_ballots WHERE vote_id = ${voteId} GROUP BY idx`) as Array<{ idx: number; n: number }>) {
    if (r.idx >= 0 && r.idx < size) counts[r.idx] = r.n;
  }
  return counts;
}

/** Marks a vote cancelled (its message could not be published); nothing else changes. */
export async function cancelVote(db: Db, voteId: number, now: number): Promise<void> {
  await db.run(sql`UPDATE votes SET state = 'cancelled', closed_at = ${now} WHERE id = ${voteId} AND state = 'open'`);
}

/** Records where the platform published the vote. */
export async function recordVoteMessage(db: Db, voteId: number, where: { platform: Platform; channel: string; messageId: string }): Promise<void> {
  await db.run(sql`UPDATE votes SET platform = ${where.platform}, channel = ${where.channel}, message_id = ${where.messageId} WHERE id = ${voteId}`);
}


/** A paper members suggested for a vote: who first suggested it (for the vote's text) and how many did. */
export interface OpenSuggestion {
  paper: Paper;
  /** The first member who suggested it. */
  by: Member;
  firstAt: number;
  count: number;
}

/** Records a member's suggestion; false when they had already suggested this paper to this club. */
export async function addSuggestion(db: Db, club: Club, member: Member, paperId: number, now: number): Promise<boolean> {
  const info = await db.run(sql`INSERT INTO suggestions (club_id, paper_id, member_id, suggested_at) VALUES (${club.id}, ${paperId}, ${member.id}, ${now}) ON CONFLICT DO NOTHING`);
  // A title another community added is now one of this community's papers too (paper-scope.ts).
  if (info.changes > 0) scopeChanged(db);
  return info.changes > 0;
}

/** Takes back a member's suggestion of a paper to a club; false when they had not suggested it. */
export async function withdrawSuggestion(db: Db, clubId: number, memberId: number, paperId: number): Promise<boolean> {
  return (await db.run(sql`DELETE FROM suggestions WHERE club_id = ${clubId} AND paper_id = ${paperId} AND member_id = ${memberId}`)).changes > 0;
}

/** Ids of the papers a member has suggested to a club (waiting or not), in the order suggested. */
export async function papersSuggestedBy(db: Db, clubId: number, memberId: number): Promise<Set<number>> {
  return new Set(await db.values(sql`SELECT paper_id FROM suggestions WHERE club_id = ${clubId} AND member_id = ${memberId} ORDER BY suggested_at, id`) as number[]);
}

/**
 * Suggestions still waiting for a vote, oldest first: a paper leaves once the club has met on it or a vote
 * chose it.
 */
export async function openSuggestions(db: Db, club: Club): Promise<OpenSuggestion[]> {
  const met = new Set(await papersSoFar(db, club.id));
  const rows = await db.all(sql`SELECT s.paper_id AS paperId, min(s.suggested_at) AS firstAt, count(*) AS count,
            (SELECT member_id FROM suggestions f WHERE f.club_id = s.club_id AND f.paper_id = s.paper_id ORDER BY suggested_at, id LIMIT 1) AS byId
     FROM suggestions s
     WHERE s.club_id = ${club.id} AND s.paper_id NOT IN (SELECT winner_paper_id FROM votes WHERE club_id = ${club.id} AND winner_paper_id IS NOT NULL)
     GROUP BY s.club_id, s.paper_id ORDER BY firstAt, min(s.id)`) as Array<{ paperId: number; firstAt: number; count: number; byId: number }>;
  const out: OpenSuggestion[] = [];
  for (const r of rows) {
    if (met.has(r.paperId)) continue;
    const paper = await getPaper(db, r.paperId);
    const by = await memberById(db, r.byId);
    if (paper && by) out.push({ paper, by, firstAt: r.firstAt, count: r.count });
  }
  return out;
}

/** A member by id. */
export async function memberById(db: Db, id: number): Promise<Member | null> {
  const r = await db.first(sql`SELECT id, platform, workspace, user_id AS userId, display_name AS displayName, private FROM members WHERE id = ${id}`) as
    | (Omit<Member, 'private'> & { private: number })
    | undefined;
  return r ? { ...r, private: r.private === 1 } : null;
}

/** The club's suggestions, oldest first: the paper, who suggested it (private members unnamed) and when. */
export async function suggestionsOf(db: Db, clubId: number): Promise<Array<{ paperId: number; by: string | null; at: number }>> {
  return await db.all(sql`SELECT s.paper_id AS paperId, CASE WHEN m.private = 1 THEN NULL ELSE m.display_name END AS by, s.suggested_at AS at
     FROM suggestions s JOIN members m ON m.id = s.member_id WHERE s.club_id = ${clubId} ORDER BY s.suggested_at, s.id`) as Array<{ paperId: number; by: string | null; at: number }>;
}

/** A vote opened (its candidates are inserted apart); returns the insert. */
export async function insertVote(db: Db, clubId: number, plannedId: number | null, by: string | null, now: number, closesAt: number): Promise<RunResult> {
  const id = await insertReturningId(db, sql`INSERT INTO votes (club_id, seq_index, planned_id, state, opened_by, opened_at, closes_at) VALUES (${clubId}, 0, ${plannedId}, 'open', ${by}, ${now}, ${closesAt})`);
  return { changes: 1, insertId: id };
}

/** One paper on a vote's ballot. */
export async function insertVoteCandidate(db: Db, voteId: number, idx: number, paperId: number, source: "list" | "suggestion" | "admin"): Promise<RunResult> {
  return await db.run(sql`INSERT INTO vote_candidates (vote_id, idx, paper_id, source) VALUES (${voteId}, ${idx}, ${paperId}, ${source})`);
}

/** The member's ballot in a vote, if any. */
export async function ballotOf(db: Db, voteId: number, id: number): Promise<number | undefined> {
  return (await db.value(sql`SELECT idx FROM vote_ballots WHERE vote_id = ${voteId} AND member_id = ${id}`)) as number | undefined;
}

/** A member's ballot, cast or changed. */
export async function upsertBallot(db: Db, voteId: number, id: number, idx: number, now: number): Promise<RunResult> {
  return await db.run(sql`INSERT INTO vote_ballots (vote_id, member_id, idx, cast_at) VALUES (${voteId}, ${id}, ${idx}, ${now})
     ON CONFLICT (vote_id, member_id) DO UPDATE SET idx = excluded.idx, cast_at = excluded.cast_at`);
}

/** Every ballot of a vote (the platform's count replaces them). */
export async function deleteBallots(db: Db, voteId: number): Promise<RunResult> {
  return await db.run(sql`DELETE FROM vote_ballots WHERE vote_id = ${voteId}`);
}

/** Closes a vote with its winner. */
export async function closeVoteRow(db: Db, winnerPaperId: number | null, now: number, voteId: number): Promise<RunResult> {
  return await db.run(sql`UPDATE votes SET state = 'closed', winner_paper_id = ${winnerPaperId}, closed_at = ${now} WHERE id = ${voteId}`);
}

/** The kind under which a vote's told result is recorded among reminders (migration 0021), at its closing time. */
export const voteResultKind = (voteId: number): string => `vote-result:${voteId}`;

/**
 * Closed votes whose result no process recorded as told (the one that closed it died before it could), among those
 * due to close since `since` (the index on state and closing time keeps this to recent votes). Oldest first.
 */
export async function closedVotesUntold(db: Db, since: number): Promise<Vote[]> {
  return (await db.all(sql`SELECT ${sql.raw(VOTE_COLUMNS)} FROM votes v WHERE v.state = 'closed' AND v.closes_at >= ${since}
    AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.club_id = v.club_id AND r.slot_at = v.closes_at AND r.kind = 'vote-result:' || v.id)
    ORDER BY v.closed_at`)) as Vote[];
}

/** Every open vote, soonest to close first. */
export async function openVotes(db: Db): Promise<Vote[]> {
  return (await db.all(sql`SELECT ${sql.raw(VOTE_COLUMNS)} FROM votes WHERE state = 'open' ORDER BY closes_at`)) as Vote[];
}

/** Who suggested which of these papers (a JSON array of ids) in the club, oldest first. */
export async function suggestersOf(db: Db, clubId: number, paperIdsJson: string): Promise<Array<{ paperId: number; memberId: number }>> {
  return (await db.all(sql`SELECT s.paper_id AS paperId, s.member_id AS memberId FROM suggestions s
     WHERE s.club_id = ${clubId} AND s.paper_id IN ${idList(db, paperIdsJson)} ORDER BY s.suggested_at, s.id`)) as Array<{ paperId: number; memberId: number }>;
}

/** Open votes (any club) with this paper on the ballot: their messages show its title. */
export async function openVotesWithPaper(db: Db, paperId: number): Promise<Array<{ id: number; clubId: number }>> {
  return await db.all(sql`SELECT v.id, v.club_id AS clubId FROM votes v JOIN vote_candidates c ON c.vote_id = v.id WHERE v.state = 'open' AND c.paper_id = ${paperId}`) as Array<{
    id: number;
    clubId: number;
  }>;
}
