import { communityOf, getList, listPaperIds } from '../catalog/catalog-store.ts';
import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Club, Member } from './types.ts';
import { flushReadMarks } from './read-mark-writer.ts';

/**
 * Paper ids of the club's meetings so far (whose post went out), newest first. The one place that says what
 * "meetings so far" means, so progress, streaks and the leaderboard all count the same thing.
 */
export function papersSoFar(db: Db, clubId: number): number[] {
  return stmt(db, 
      `SELECT paper_id FROM meetings WHERE club_id = ? AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done')
       GROUP BY paper_id ORDER BY max(slot_at) DESC`,
    )
    .pluck()
    .all(clubId) as number[];
}

/**
 * Paper ids of the club's list: the papers of the reading list it follows, as /paper lists counts them
 * (catalog-store listPaperIds). Papers met on from other lists (a pick, a list followed before) count among the
 * papers posted so far, not here, so the list's size does not grow with every meeting.
 */
export function clubPaperIds(db: Db, club: Pick<Club, 'sequenceSlug' | 'platform' | 'workspace'>): number[] {
  const list = getList(db, club.sequenceSlug, communityOf(club));
  return list ? listPaperIds(db, list.id) : [];
}

/** A member's reading in a club: of its meetings so far, and of all the papers on its list. */
export interface Progress {
  /** Meetings so far whose paper the member read. */
  metRead: number;
  /** The club's meetings so far (distinct papers). */
  met: number;
  /** Papers of the club's list the member read, met on or not yet. */
  listRead: number;
  /** Papers on the club's list (its reading list's entries that are papers: the count /paper lists shows). */
  listTotal: number;
  /** Consecutive most recent meetings whose paper the member read. */
  streak: number;
}

export function progressOf(db: Db, club: Club, memberId: number): Progress {
  flushReadMarks(db);
  const met = papersSoFar(db, club.id);
  const list = clubPaperIds(db, club);
  const read = new Set(
    stmt(db, 'SELECT paper_id FROM read_marks WHERE member_id = ? AND paper_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(memberId, JSON.stringify([...new Set([...met, ...list])])) as number[],
  );
  let streak = 0;
  for (const p of met) {
    if (!read.has(p)) break;
    streak++;
  }
  return {
    metRead: met.filter((p) => read.has(p)).length,
    met: met.length,
    listRead: list.filter((p) => read.has(p)).length,
    listTotal: list.length,
    streak,
  };
}

export interface LeaderboardRow {
  member: Pick<Member, 'id' | 'userId' | 'displayName'>;
  read: number;
  /** Competition ranking: members with the same count share a rank, and the next rank skips (1, 1, 3). */
  rank: number;
}

/**
 * Members of the club's workspace ranked by papers read among the club's meetings; private members are left out.
 * Read from the counters the database keeps (migration 0009: club_read_counts, maintained by triggers on read
 * marks and meetings), not by counting marks: the top of a club of thousands is a short index walk. Members with
 * the same count share a rank and are listed by name.
 */
/** How many of a club's best counters the leaderboard looks at before it looks at them all. */
const SHORTLIST = 50;

export function leaderboard(db: Db, club: Club, limit = 10): LeaderboardRow[] {
  flushReadMarks(db);
  type Row = { id: number; userId: string; displayName: string; read: number };
  // The club's best counts first, from its counters alone; names only for that shortlist. Exact when the shortlist
  // holds every counter, or when everyone left out of it read fewer papers than the last member shown; otherwise
  // (private members or ties crowding it) all of the club's counters are joined with their members.
  const shortlist = stmt(db, `SELECT member_id AS id, read FROM club_read_counts WHERE club_id = ? AND read > 0 ORDER BY read DESC LIMIT ${SHORTLIST}`).all(
    club.id,
  ) as Array<{ id: number; read: number }>;
  const readOf = new Map(shortlist.map((r) => [r.id, r.read]));
  let rows = (
    stmt(db, 'SELECT id, user_id AS userId, display_name AS displayName FROM members WHERE id IN (SELECT value FROM json_each(?)) AND private = 0').all(
      JSON.stringify([...readOf.keys()]),
    ) as Array<Omit<Row, 'read'>>
  )
    .map((m) => ({ ...m, read: readOf.get(m.id)! }))
    .sort((a, b) => b.read - a.read || Buffer.compare(Buffer.from(a.displayName), Buffer.from(b.displayName))) // SQLite's BINARY order
    .slice(0, limit);
  const leftOutBelow = shortlist.length < SHORTLIST || (rows.length === limit && shortlist.at(-1)!.read < rows.at(-1)!.read);
  if (!leftOutBelow) {
    rows = stmt(db,
        `SELECT m.id, m.user_id AS userId, m.display_name AS displayName, c.read
         FROM club_read_counts c JOIN members m ON m.id = c.member_id
         WHERE c.club_id = ? AND c.read > 0 AND m.private = 0
         ORDER BY c.read DESC, m.display_name LIMIT ?`,
      )
      .all(club.id, limit) as Row[];
  }
  // Competition ranking (1, 1, 3): everyone who read more is listed before, so the rows so far give the rank.
  return rows.map((r) => ({
    member: { id: r.id, userId: r.userId, displayName: r.displayName },
    read: r.read,
    rank: rows.findIndex((o) => o.read === r.read) + 1,
  }));
}
