import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { PlanOrigin } from './types.ts';

/** SQL for the planned meetings (the plan ahead as a record), what skips released, and calendar tombstones. */

/** A meeting ahead that is not announced yet, as stored. */
export interface PlannedRow {
  id: number;
  clubId: number;
  slotAt: number;
  /** Null: no paper left on the list for this date. */
  paperId: number | null;
  origin: PlanOrigin;
  uid: string;
  revision: number;
}

/** A pick, a move or a vote pins its paper to its meeting; list papers (and those carried over) follow the list. */
export const isPinned = (origin: PlanOrigin): boolean => origin === 'pick' || origin === 'move' || origin === 'vote';

const COLUMNS = 'id, club_id AS clubId, slot_at AS slotAt, paper_id AS paperId, origin, uid, revision';

/** The club's planned meetings after `from` (exclusive), in date order. */
export function plannedRows(db: Db, clubId: number, from = -Infinity): PlannedRow[] {
  return stmt(db, `SELECT ${COLUMNS} FROM planned_meetings WHERE club_id = ? AND slot_at > ? ORDER BY slot_at`).all(clubId, Number.isFinite(from) ? from : -1e15) as PlannedRow[];
}

/** How many planned meetings the club has after `from`. */
export function plannedCount(db: Db, clubId: number, from: number): number {
  return stmt(db, 'SELECT count(*) FROM planned_meetings WHERE club_id = ? AND slot_at > ?').pluck().get(clubId, from) as number;
}

export function plannedAt(db: Db, clubId: number, slotAt: number): PlannedRow | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM planned_meetings WHERE club_id = ? AND slot_at = ?`).get(clubId, slotAt) as PlannedRow | undefined) ?? null;
}

export function plannedById(db: Db, id: number): PlannedRow | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM planned_meetings WHERE id = ?`).get(id) as PlannedRow | undefined) ?? null;
}

/** The planned meeting that carries `paperId`, if any. */
export function plannedWithPaper(db: Db, clubId: number, paperId: number): PlannedRow | null {
  return (stmt(db, `SELECT ${COLUMNS} FROM planned_meetings WHERE club_id = ? AND paper_id = ? ORDER BY slot_at LIMIT 1`).get(clubId, paperId) as PlannedRow | undefined) ?? null;
}

/** The latest planned date of the club, or null. */
export function lastPlannedSlot(db: Db, clubId: number): number | null {
  return (stmt(db, 'SELECT max(slot_at) FROM planned_meetings WHERE club_id = ?').pluck().get(clubId) as number | null) ?? null;
}

export function insertPlanned(db: Db, r: Omit<PlannedRow, 'id'>): PlannedRow {
  const { lastInsertRowid } = stmt(db, 'INSERT INTO planned_meetings (club_id, slot_at, paper_id, origin, uid, revision) VALUES (?, ?, ?, ?, ?, ?)').run(
    r.clubId,
    r.slotAt,
    r.paperId,
    r.origin,
    r.uid,
    r.revision,
  );
  return { ...r, id: Number(lastInsertRowid) };
}

export function setPlannedPaper(db: Db, id: number, paperId: number | null, origin: PlanOrigin): void {
  stmt(db, 'UPDATE planned_meetings SET paper_id = ?, origin = ? WHERE id = ?').run(paperId, origin, id);
}

/** Re-dates a planned meeting; `bump`: its calendar revision goes up (once per re-dating). */
export function setPlannedSlot(db: Db, id: number, slotAt: number, opts: { bump: boolean }): void {
  stmt(db, `UPDATE planned_meetings SET slot_at = ?, revision = revision + ${opts.bump ? 1 : 0} WHERE id = ?`).run(slotAt, id);
}

export function deletePlanned(db: Db, id: number): void {
  stmt(db, 'DELETE FROM planned_meetings WHERE id = ?').run(id);
}

/**
 * The next papers of the club's list that are on no meeting of the club (held, announced or planned), in list
 * order, leaving out `except`; at most `count`.
 */
export function queuedPapers(db: Db, clubId: number, count: number, except: ReadonlySet<number> = new Set()): number[] {
  if (count <= 0) return [];
  const rows = stmt(
    db,
    `SELECT s.paper_id FROM club_sequence s
     WHERE s.club_id = ?
       AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.club_id = s.club_id AND m.paper_id = s.paper_id)
       AND NOT EXISTS (SELECT 1 FROM planned_meetings p WHERE p.club_id = s.club_id AND p.paper_id = s.paper_id)
     ORDER BY s.idx LIMIT ?`,
  )
    .pluck()
    .all(clubId, count + except.size) as number[];
  const out: number[] = [];
  for (const id of rows) {
    if (except.has(id) || out.includes(id)) continue;
    out.push(id);
    if (out.length === count) break;
  }
  return out;
}

/** Whether a UID is already used by one of the club's meetings (planned or recorded). */
export function uidTaken(db: Db, clubId: number, uid: string): boolean {
  return (
    stmt(db, 'SELECT 1 FROM planned_meetings WHERE club_id = ? AND uid = ? UNION ALL SELECT 1 FROM meetings WHERE club_id = ? AND uid = ? LIMIT 1').get(
      clubId,
      uid,
      clubId,
      uid,
    ) !== undefined
  );
}

// --- what a skip released ------------------------------------------------------------------------

/** Moves the sign-ups of a skipped date aside, so an unskip can give them back; returns how many. */
export function releaseSignUps(db: Db, clubId: number, meetingAt: number): number {
  stmt(
    db,
    `INSERT OR REPLACE INTO released_sign_ups (club_id, meeting_at, member_id, signed_up_at)
     SELECT club_id, meeting_at, member_id, signed_up_at FROM sign_ups WHERE club_id = ? AND meeting_at = ?`,
  ).run(clubId, meetingAt);
  return stmt(db, 'DELETE FROM sign_ups WHERE club_id = ? AND meeting_at = ?').run(clubId, meetingAt).changes;
}

/** Gives a date its released sign-ups back; returns the member ids restored. */
export function restoreSignUps(db: Db, clubId: number, meetingAt: number): number[] {
  const rows = stmt(db, 'SELECT member_id AS memberId, signed_up_at AS at FROM released_sign_ups WHERE club_id = ? AND meeting_at = ? ORDER BY signed_up_at')
    .all(clubId, meetingAt) as Array<{ memberId: number; at: number }>;
  const add = stmt(db, 'INSERT OR IGNORE INTO sign_ups (club_id, meeting_at, member_id, signed_up_at) VALUES (?, ?, ?, ?)');
  const restored = rows.filter((r) => add.run(clubId, meetingAt, r.memberId, r.at).changes === 1).map((r) => r.memberId);
  forgetReleased(db, clubId, meetingAt);
  return restored;
}

export function forgetReleased(db: Db, clubId: number, meetingAt: number): void {
  stmt(db, 'DELETE FROM released_sign_ups WHERE club_id = ? AND meeting_at = ?').run(clubId, meetingAt);
}

/** Moves what is keyed by a meeting's date (sign-ups, released sign-ups, open rotation asks) to its new date. */
export function moveDateKeyed(db: Db, clubId: number, from: number, to: number): void {
  for (const table of ['sign_ups', 'released_sign_ups', 'rotation_asks']) {
    stmt(db, `UPDATE OR IGNORE ${table} SET meeting_at = ? WHERE club_id = ? AND meeting_at = ?`).run(to, clubId, from);
    stmt(db, `DELETE FROM ${table} WHERE club_id = ? AND meeting_at = ?`).run(clubId, from);
  }
}

// --- calendar tombstones -------------------------------------------------------------------------

/** A date that stopped being a meeting: sent as cancelled in the calendar until it has passed. */
export interface Tombstone {
  uid: string;
  slotAt: number;
  revision: number;
}

export function addTombstone(db: Db, clubId: number, t: Tombstone): void {
  stmt(db, 'INSERT OR REPLACE INTO calendar_tombstones (club_id, uid, slot_at, revision) VALUES (?, ?, ?, ?)').run(clubId, t.uid, t.slotAt, t.revision);
}

/** Tombstones still ahead of `now` (older ones are forgotten). */
export function tombstonesAhead(db: Db, clubId: number, now: number): Tombstone[] {
  stmt(db, 'DELETE FROM calendar_tombstones WHERE club_id = ? AND slot_at <= ?').run(clubId, now);
  return stmt(db, 'SELECT uid, slot_at AS slotAt, revision FROM calendar_tombstones WHERE club_id = ? ORDER BY slot_at').all(clubId) as Tombstone[];
}

/** A meeting that came back under the same UID is no longer a tombstone. */
export function dropTombstone(db: Db, clubId: number, uid: string): void {
  stmt(db, 'DELETE FROM calendar_tombstones WHERE club_id = ? AND uid = ?').run(clubId, uid);
}

// --- plan bookkeeping ------------------------------------------------------------------------------

/** 0 until the club's plan was first written as rows (see plan.ts ensurePlan). */
export function planVersion(db: Db, clubId: number): number {
  return (stmt(db, 'SELECT plan_version FROM clubs WHERE id = ?').pluck().get(clubId) as number | undefined) ?? 1;
}

export function setPlanVersion(db: Db, clubId: number, version: number): void {
  stmt(db, 'UPDATE clubs SET plan_version = ? WHERE id = ?').run(version, clubId);
}

/** Open votes deciding the planned meeting `plannedId` follow it to `to` (the next meeting, when it was skipped). */
export function retargetVotes(db: Db, plannedId: number, to: number | null): number {
  return stmt(db, `UPDATE votes SET planned_id = ? WHERE planned_id = ? AND state = 'open'`).run(to, plannedId).changes;
}

/** Open votes of a club from before votes named their meeting: their sequence place. */
export function legacyOpenVotes(db: Db, clubId: number): Array<{ id: number; seqIndex: number }> {
  return stmt(db, `SELECT id, seq_index AS seqIndex FROM votes WHERE club_id = ? AND state = 'open' AND planned_id IS NULL`).all(clubId) as Array<{
    id: number;
    seqIndex: number;
  }>;
}

export function setVotePlanned(db: Db, voteId: number, plannedId: number | null): void {
  stmt(db, 'UPDATE votes SET planned_id = ? WHERE id = ?').run(plannedId, voteId);
}
