import { filterInOrder } from '../in-order.ts';
import type { Paper } from '../catalog/types.ts';
import { UserError } from '../errors.ts';
import { formatSlot } from '../calendar/slot-text.ts';
import { POLL_LIMITS } from './vote-content.ts';
import type { Db } from '../store/db.ts';
import { pinPaper, PLAN_HORIZON } from './plan.ts';
import { announceAt, planUpcoming } from './planning.ts';
import type { Club, Member, PlannedMeeting } from './types.ts';
import { getClub } from '../store/clubs.ts';
import { meetingsFrom } from '../store/meetings.ts';
import { plannedById, plannedRows, queuedPapers } from '../store/plan.ts';
import { type Vote, type VoteCandidate, getVote, openVoteOf, candidatesOf, countsOf } from '../store/votes.ts';
import { memberById, openSuggestions } from '../store/votes.ts';
import { insertVote, insertVoteCandidate, ballotOf, upsertBallot, deleteBallots, closeVoteRow, openVotes, suggestersOf } from '../store/votes.ts';

const HOUR = 3_600_000;
/** Discord polls hold at most 10 answers; every platform gets the same ballot. */
export const MAX_CANDIDATES = POLL_LIMITS.answers;
/** As long as a Discord poll can last, 32 days: every platform closes a vote at the same time. */
export const MAX_VOTE_MS = POLL_LIMITS.hours * HOUR;
/** Discord polls last whole hours, at least one. */
export const MIN_VOTE_MS = HOUR;
export const DEFAULT_VOTE_MS = 48 * HOUR;
/** How many of the list's next papers stand by default (suggestions fill the rest of the ballot). */
const LIST_CANDIDATES = 5;
/** A default close this long before the announcement, so the sweep (every 5 minutes) settles it first. */
const CLOSE_MARGIN_MS = 10 * 60_000;

/** How a vote ended: its counts, the winner (null with no votes) and the meeting it decided. */
export interface VoteOutcome {
  vote: Vote;
  /** The club as it is after the close (the winner pinned). */
  club: Club;
  candidates: VoteCandidate[];
  counts: number[];
  total: number;
  winner: VoteCandidate | null;
  meeting: PlannedMeeting | null;
  /** The winner's meeting was still planned, so the winner became its paper. */
  placed: boolean;
  /** Ballots the platform could not give back: what to fix (the plan stayed as it was). */
  unreadable?: string;
}

/** Ids of the papers on the ballot of the club's open vote (empty when no vote is open). */
export async function papersOnOpenVote(db: Db, clubId: number): Promise<Set<number>> {
  const vote = await openVoteOf(db, clubId);
  return new Set(vote ? (await candidatesOf(db, vote.id)).map((c) => c.paper.id) : []);
}



/** The meeting a vote decides, as the plan shows it; null once it is announced or gone. */
export async function votedMeeting(db: Db, club: Club, vote: Pick<Vote, 'plannedId'>, from: number): Promise<PlannedMeeting | null> {
  if (vote.plannedId === null) return null;
  const row = await plannedById(db, vote.plannedId);
  if (!row) return null;
  return (await planUpcoming(db, club, Math.min(from, row.slotAt - 1), PLAN_HORIZON)).find((m) => m.plannedId === row.id) ?? null;
}

/** What a meeting is called in vote texts: "meeting 5 on Wed 2 Dec 17:00". */
export function meetingName(club: Club, m: PlannedMeeting | null): string {
  if (!m) return 'the next meeting';
  return `${m.number ? `meeting ${m.number}` : 'the meeting'} on ${formatSlot(m.slotAt, club.timezone)}`;
}

/**
 * Opens a vote for the next meeting not announced yet whose paper is not chosen already (picked, moved or voted; the
 * one after, when that one's announcement is due within the hour). Candidates: the papers given, else the plan's next
 * papers plus members' open suggestions (at most 10). It closes `closesInMs` from now (default 2 days, at most 32)
 * and must close before that meeting is announced. One open vote per club.
 */
export async function openVote(
  db: Db,
  club: Club,
  opts: { candidates?: Paper[]; closesInMs?: number; by: string | null; confirm?: boolean },
  now: number,
): Promise<{ vote: Vote; meeting: PlannedMeeting; candidates: VoteCandidate[] }> {
  const existing = await openVoteOf(db, club.id);
  if (existing) {
    throw new UserError('vote-open', `A vote is already open (it closes ${formatSlot(existing.closesAt, club.timezone)}). Close it first with /club vote close.`);
  }
  // The first meeting not announced yet whose announcement leaves time for a vote: with a long announce lead the
  // next one may be due to be announced already, and the vote is then for the one after it.
  // A meeting whose paper was already chosen (picked, moved or voted) is not voted on again: the vote is for the next
  // one that still follows the list.
  const upcoming = (await planUpcoming(db, club, now, PLAN_HORIZON)).filter((m) => m.status === 'upcoming' && (m.origin === 'list' || m.origin === 'carried'));
  const k = upcoming.findIndex((m) => announceAt(club, m.slotAt) - now >= MIN_VOTE_MS + CLOSE_MARGIN_MS);
  if (!upcoming.length) throw new UserError('no-meeting', 'There is no upcoming meeting to vote on. Check /paper upcoming.');
  if (k === -1) {
    const first = upcoming[0]!;
    throw new UserError('too-late', `${capital(meetingName(club, first))} is announced ${formatSlot(announceAt(club, first.slotAt), club.timezone)}: too soon for a vote (it needs at least an hour). Pick its paper with /club pick instead.`);
  }
  const meeting = upcoming[k]!;
  const announce = announceAt(club, meeting.slotAt);
  const when = formatSlot(announce, club.timezone);
  let closesAt: number;
  if (opts.closesInMs !== undefined) {
    if (opts.closesInMs < MIN_VOTE_MS) throw new UserError('vote-too-short', 'A vote stays open at least 1 hour.');
    if (opts.closesInMs > MAX_VOTE_MS) throw new UserError('vote-too-long', 'A vote stays open at most 32 days (768 hours, as long as a Discord poll lasts). Write it like 14d or 36h.');
    closesAt = now + opts.closesInMs;
    if (closesAt >= announce) {
      throw new UserError(
        'closes-after-announce',
        `The vote must close before ${meetingName(club, meeting)} is announced (${when}). Give a shorter time, at most ${hoursText(announce - now - CLOSE_MARGIN_MS)}.`,
      );
    }
  } else {
    closesAt = Math.min(now + DEFAULT_VOTE_MS, announce - CLOSE_MARGIN_MS);
  }
  const candidates = opts.candidates ? namedCandidates(opts.candidates) : await defaultCandidates(db, club, meeting, now);
  if (candidates.length < 2) {
    throw new UserError('few-candidates', 'A vote needs at least two papers. Name them (/club vote lora, bert) or ask members to /suggest some.');
  }
  // A paper the club already discussed is never put to a vote silently.
  const held = new Map((await meetingsFrom(db, club.id, 0)).filter((m) => m.paperId !== null && m.status !== 'skipped' && m.status !== 'missed').map((m) => [m.paperId!, m]));
  const again = candidates.filter((c) => held.has(c.paper.id));
  if (again.length && !opts.confirm) {
    const named = again.map((c) => {
      const m = held.get(c.paper.id)!;
      return `**${c.paper.title}** was discussed at meeting ${m.number ?? '?'} on ${formatSlot(m.slotAt, m.timezone ?? club.timezone)}`;
    });
    throw new UserError('confirm-vote', `${named.join('; ')}. To put ${again.length === 1 ? 'it' : 'them'} to the vote anyway, run the same command again with confirm:yes.`);
  }
  return await db.transaction(async (db) => {
    const id = Number(
      (await insertVote(db, club.id, meeting.plannedId ?? null, opts.by, now, closesAt)).insertId,
    );
    for (const [idx, c] of candidates.entries()) {
      await insertVoteCandidate(db, id, idx, c.paper.id, c.source);
    }
    return { vote: (await getVote(db, id))!, meeting, candidates: await candidatesOf(db, id) };
  });
}

function namedCandidates(papers: Paper[]): Array<Omit<VoteCandidate, 'idx'>> {
  const seen = new Set<number>();
  const out = papers.filter((p) => !seen.has(p.id) && seen.add(p.id)).map((paper) => ({ paper, source: 'admin' as const }));
  if (out.length > MAX_CANDIDATES) throw new UserError('many-candidates', `A vote takes at most ${MAX_CANDIDATES} papers (Discord's poll limit); you named ${out.length}.`);
  return out;
}

/** The plan's papers from the vote's meeting on, then open suggestions (oldest first), without repeats, at most 10. */
async function defaultCandidates(db: Db, club: Club, meeting: PlannedMeeting, now: number): Promise<Array<Omit<VoteCandidate, 'idx'>>> {
  const out: Array<Omit<VoteCandidate, 'idx'>> = [];
  const seen = new Set<number>();
  for (const m of (await planUpcoming(db, club, now, PLAN_HORIZON)).filter((x) => x.status === 'upcoming' && x.slotAt >= meeting.slotAt && x.paper)) {
    if (out.length >= LIST_CANDIDATES) break;
    if (!seen.has(m.paper!.id)) seen.add(m.paper!.id), out.push({ paper: m.paper!, source: 'list' });
  }
  for (const s of await openSuggestions(db, club)) {
    if (out.length >= MAX_CANDIDATES) break;
    if (!seen.has(s.paper.id)) seen.add(s.paper.id), out.push({ paper: s.paper, source: 'suggestion' });
  }
  return out;
}

/**
 * A member's ballot in a vote of `club`: one per vote, changeable until it closes. Returns the candidate voted for and whether the
 * ballot changed (false when they pressed the same choice again).
 */
export async function castBallot(db: Db, club: Club, voteId: number, member: Member, idx: number, now: number): Promise<{ candidate: VoteCandidate; changed: boolean; vote: Vote }> {
  const vote = await getVote(db, voteId);
  // A button acts only in its own club: a crafted action naming another club's vote is stale here.
  if (!vote || vote.clubId !== club.id) throw new UserError('stale-button', 'That button is out of date.');
  if (vote.state !== 'open' || now >= vote.closesAt) throw new UserError('vote-closed', 'This vote has closed.');
  const candidate = (await candidatesOf(db, voteId)).find((c) => c.idx === idx);
  if (!candidate) throw new UserError('stale-button', 'That button is out of date.');
  const before = await ballotOf(db, voteId, member.id);
  if (before === idx) return { candidate, changed: false, vote };
  await upsertBallot(db, voteId, member.id, idx, now);
  return { candidate, changed: true, vote };
}

/** Replaces a vote's ballots with those the platform counted (Discord's poll), read at the close. */
export async function replaceBallots(db: Db, voteId: number, ballots: Array<{ member: Member; idx: number }>, now: number): Promise<void> {
  await db.transaction(async (db) => {
        await deleteBallots(db, voteId);
        for (const b of ballots) {
          await upsertBallot(db, voteId, b.member.id, b.idx, now);
        }
      });
}

/**
 * The candidate with most votes; a tie goes to the one earliest in the club's list (its papers not announced yet),
 * then to the earliest suggestion, then ballot order. Null when nobody voted.
 */
export async function winnerOf(db: Db, club: Club, candidates: VoteCandidate[], counts: number[]): Promise<VoteCandidate | null> {
  const top = Math.max(0, ...counts);
  if (top === 0) return null;
  const tied = candidates.filter((c) => counts[c.idx] === top);
  // The papers not announced yet in the order they come: the plan, then the rest of the list.
  const planned = (await plannedRows(db, club.id)).map((r) => r.paperId).filter((p): p is number => p !== null);
  const queue = [...planned, ...await queuedPapers(db, club.id, 1_000)];
  const suggestedAt = new Map((await openSuggestions(db, club)).map((s) => [s.paper.id, s.firstAt]));
  const rank = (c: VoteCandidate) => {
    const inList = queue.indexOf(c.paper.id);
    return [inList === -1 ? Infinity : inList, suggestedAt.get(c.paper.id) ?? Infinity, c.idx];
  };
  return tied.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  })[0]!;
}

/**
 * Closes a vote: the winner becomes its meeting's paper as /club pick would (pinned to it). No votes, or ballots the
 * platform could not give back (`unreadable`: what to fix): the plan stays as it is. render/vote-post.ts
 * voteResultText words the outcome (it names no voter).
 */
export async function closeVote(db: Db, voteId: number, now: number, opts: { unreadable?: string } = {}): Promise<VoteOutcome> {
  return await db.transaction(async (db) => {
    const vote = await getVote(db, voteId);
    if (!vote || vote.state !== 'open') throw new UserError('vote-closed', 'That vote is already closed.');
    let club = await getClub(db, vote.clubId);
    if (!club) throw new UserError('no-club', 'The club of that vote is gone.');
    const candidates = await candidatesOf(db, voteId);
    const counts = await countsOf(db, voteId, candidates.length);
    const total = counts.reduce((a, b) => a + b, 0);
    // Ballots the platform could not give back: no winner is guessed from a partial count.
    const winner = opts.unreadable ? null : await winnerOf(db, club, candidates, counts);
    const row = vote.plannedId !== null ? await plannedById(db, vote.plannedId) : null;
    const meeting = row ? await votedMeeting(db, club, vote, now) : null;
    if (winner && row) {
      await pinPaper(db, club, row, winner.paper.id, 'vote', now);
      club = (await getClub(db, club.id))!;
    }
    await closeVoteRow(db, winner?.paper.id ?? null, now, voteId);
    const closed = (await getVote(db, voteId))!;
    return { vote: closed, club, candidates, counts, total, winner, meeting, placed: !!row, ...(opts.unreadable ? { unreadable: opts.unreadable } : {}) };
  });
}

/**
 * The outcome of a vote closed earlier, read back from what its close stored (the winner, the ballots): for telling a
 * result the closing process could not tell. Null when its club is gone.
 */
export async function closedVoteOutcome(db: Db, vote: Vote, now: number): Promise<VoteOutcome | null> {
  const club = await getClub(db, vote.clubId);
  if (!club) return null;
  const candidates = await candidatesOf(db, vote.id);
  const counts = await countsOf(db, vote.id, candidates.length);
  const row = vote.plannedId !== null ? await plannedById(db, vote.plannedId) : null;
  return {
    vote,
    club,
    candidates,
    counts,
    total: counts.reduce((a, b) => a + b, 0),
    winner: candidates.find((c) => c.paper.id === vote.winnerPaperId) ?? null,
    meeting: row ? await votedMeeting(db, club, vote, now) : null,
    placed: !!row,
  };
}

/** When the vote closes while it is open; null once it is closed or gone (render/vote-post.ts voteClosingText words it). */
export async function openVoteClosesAt(db: Db, voteId: number): Promise<number | null> {
  const vote = await getVote(db, voteId);
  return vote?.state === 'open' ? vote.closesAt : null;
}

/**
 * Open votes to close at `now`: their time is up, or their meeting's announcement is due (a schedule change can
 * bring it before the close), so the post never goes out ahead of the result.
 */
export async function dueVotes(db: Db, now: number): Promise<Vote[]> {
  const open = await openVotes(db);
  return filterInOrder(open, async (v) => {
    if (v.closesAt <= now) return true;
    const club = await getClub(db, v.clubId);
    if (!club) return false;
    // Its meeting's announcement is due, or there is no meeting left for it: settle it now.
    const row = v.plannedId !== null ? await plannedById(db, v.plannedId) : null;
    return !row || announceAt(club, row.slotAt) <= now;
  });
}

/** What a vote's message is made of: the vote, its ballot, counts, who suggested each paper, the meeting it decides. */
export interface VoteFacts {
  vote: Vote;
  club: Club;
  candidates: VoteCandidate[];
  counts: number[];
  /** The first suggester's name by paper id, for those who did not choose to stay private. */
  suggesters: Map<number, string>;
  /** The meeting an open vote decides; null once closed. */
  meeting: PlannedMeeting | null;
  now: number;
}

/** The facts of the vote as the platforms show it (render/vote-post.ts renderVote words them); null when it is gone. */
export async function voteFacts(db: Db, club: Club, voteId: number, now: number): Promise<VoteFacts | null> {
  const vote = await getVote(db, voteId);
  if (!vote) return null;
  const candidates = await candidatesOf(db, voteId);
  const counts = await countsOf(db, voteId, candidates.length);
  const suggesters = new Map<number, string>();
  for (const s of await openSuggestionsFor(db, club, candidates.map((c) => c.paper.id))) suggesters.set(s.paperId, s.name);
  const meeting = vote.state === 'open' ? await votedMeeting(db, club, vote, now) : null;
  return { vote, club, candidates, counts, suggesters, meeting, now };
}

/** The first suggester of each paper who did not make themselves private (private members are never named). */
async function openSuggestionsFor(db: Db, club: Club, paperIds: number[]): Promise<Array<{ paperId: number; name: string }>> {
  if (!paperIds.length) return [];
  const rows = await suggestersOf(db, club.id, JSON.stringify(paperIds));
  const out = new Map<number, string>();
  for (const r of rows) {
    if (out.has(r.paperId)) continue;
    const m = await memberById(db, r.memberId);
    if (m && !m.private) out.set(r.paperId, m.displayName);
  }
  return [...out].map(([paperId, name]) => ({ paperId, name }));
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function hoursText(ms: number): string {
  const h = Math.floor(ms / HOUR);
  return h >= 48 ? `${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ''}` : `${Math.max(1, h)}h`;
}

/** Parses a vote's length: '36h', '2d', '1d12h', '90m'. Null when it is not one. */
export function parseVoteLength(text: string): number | null {
  const t = text.trim().toLowerCase();
  const m = /^(?:(\d{1,3})\s*d)?\s*(?:(\d{1,4})\s*h)?\s*(?:(\d{1,5})\s*m)?$/.exec(t);
  if (!t || !m || (!m[1] && !m[2] && !m[3])) return null;
  return (Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * HOUR + Number(m[3] ?? 0) * 60_000;
}
