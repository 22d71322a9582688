import { sql } from 'kysely';
import { insertReturningId, type Db } from './db.ts';
import type { PlanOrigin } from '../club/types.ts';


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
export async function plannedRows(db: Db, clubId: number, from = -Infinity, limit?: number): Promise<PlannedRow[]> {
  // The first `limit` only, when the caller shows a few (a year of rows read to show one cost a reminder run most of its time).
  const first = limit === undefined ? sql`` : sql` LIMIT ${limit}`;
  return await db.all(sql`SELECT ${sql.raw(COLUMNS)} FROM planned_meetings WHERE club_id = ${clubId} AND slot_at > ${Number.isFinite(from) ? from : -1e15} ORDER BY slot_at${first}`) as PlannedRow[];
}

/**
 * What ensurePlan checks before it writes, in one query (it runs before every command that shows the plan): the
 * club's plan version, how many planned meetings come after `now`, whether the last of them has no paper, and
 * whether any planned meeting is at or before `staleAt`.
 */
export async function planState(db: Db, clubId: number, now: number, staleAt: number): Promise<{ version: number; ahead: number; endsEmpty: boolean; hasStale: boolean }> {
  const row = (await db.first(sql`SELECT c.plan_version AS version,
      (SELECT count(*) FROM planned_meetings p WHERE p.club_id = c.id AND p.slot_at > ${now}) AS ahead,
      (SELECT CASE WHEN p.paper_id IS NULL THEN 1 ELSE 0 END FROM planned_meetings p WHERE p.club_id = c.id AND p.slot_at > ${now} ORDER BY p.slot_at DESC LIMIT 1) AS endsEmpty,
      (SELECT count(*) FROM planned_meetings p WHERE p.club_id = c.id AND p.slot_at <= ${staleAt}) AS stale
    FROM clubs c WHERE c.id = ${clubId}`)) as { version: number; ahead: number; endsEmpty: number | null; stale: number } | undefined;
  if (!row) return { version: 1, ahead: 0, endsEmpty: false, hasStale: false };
  return { version: Number(row.version), ahead: Number(row.ahead), endsEmpty: row.endsEmpty === 1, hasStale: Number(row.stale) > 0 };
}

/** How many planned meetings the club has after `from`. */
export async function plannedCount(db: Db, clubId: number, from: number): Promise<number> {
  return await db.value(sql`SELECT count(*) FROM planned_meetings WHERE club_id = ${clubId} AND slot_at > ${from}`) as number;
}

export async function plannedAt(db: Db, clubId: number, slotAt: number): Promise<PlannedRow | null> {
  return (await db.first(sql`SELECT ${sql.raw(COLUMNS)} FROM planned_meetings WHERE club_id = ${clubId} AND slot_at = ${slotAt}`) as PlannedRow | undefined) ?? null;
}

export async function plannedById(db: Db, id: number): Promise<PlannedRow | null> {
  return (await db.first(sql`SELECT ${sql.raw(COLUMNS)} FROM planned_meetings WHERE id = ${id}`) as PlannedRow | undefined) ?? null;
}

/** The planned meeting that carries `paperId`, if any. */
export async function plannedWithPaper(db: Db, clubId: number, paperId: number): Promise<PlannedRow | null> {
  return (await db.first(sql`SELECT ${sql.raw(COLUMNS)} FROM planned_meetings WHERE club_id = ${clubId} AND paper_id = ${paperId} ORDER BY slot_at LIMIT 1`) as PlannedRow | undefined) ?? null;
}

/** The latest planned date of the club, or null. */
export async function lastPlannedSlot(db: Db, clubId: number): Promise<number | null> {
  return (await db.value(sql`SELECT max(slot_at) FROM planned_meetings WHERE club_id = ${clubId}`) as number | null) ?? null;
}

export async function insertPlanned(db: Db, r: Omit<PlannedRow, 'id'>): Promise<PlannedRow> {
  const insertId = await insertReturningId(db, sql`INSERT INTO planned_meetings (club_id, slot_at, paper_id, origin, uid, revision) VALUES (${r.clubId}, ${r.slotAt}, ${r.paperId}, ${r.origin}, ${r.uid}, ${r.revision})`);
  return { ...r, id: insertId };
}

export async function setPlannedPaper(db: Db, id: number, paperId: number | null, origin: PlanOrigin): Promise<void> {
  await db.run(sql`UPDATE planned_meetings SET paper_id = ${paperId}, origin = ${origin} WHERE id = ${id}`);
}

/** Re-dates a planned meeting; `bump`: its calendar revision goes up (once per re-dating). */
export async function setPlannedSlot(db: Db, id: number, slotAt: number, opts: { bump: boolean }): Promise<void> {
  await db.run(sql`UPDATE planned_meetings SET slot_at = ${slotAt}, revision = revision + ${opts.bump ? 1 : 0} WHERE id = ${id}`);
}

export async function deletePlanned(db: Db, id: number): Promise<void> {
  await db.run(sql`DELETE FROM planned_meetings WHERE id = ${id}`);
}

/**
 * The next papers of the club's list that are on no meeting of the club (held, announced or planned), in list
 * order, leaving out `except`; at most `count`.
 */
export async function queuedPapers(db: Db, clubId: number, count: number, except: ReadonlySet<number> = new Set()): Promise<number[]> {
  if (count <= 0) return [];
  const rows = await db.values(sql`SELECT s.paper_id FROM club_sequence s
     WHERE s.club_id = ${clubId}
       AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.club_id = s.club_id AND m.paper_id = s.paper_id)
       AND NOT EXISTS (SELECT 1 FROM planned_meetings p WHERE p.club_id = s.club_id AND p.paper_id = s.paper_id)
     ORDER BY s.idx LIMIT ${count + except.size}`) as number[];
  const out: number[] = [];
  for (const id of rows) {
    if (except.has(id) || out.includes(id)) continue;
    out.push(id);
    if (out.length === count) break;
  }
  return out;
}

/** Whether a UID is already used by one of the club's meetings (planned or recorded). */
export async function uidTaken(db: Db, clubId: number, uid: string): Promise<boolean> {
  return (
    await db.first(sql`SELECT 1 FROM planned_meetings WHERE club_id = ${clubId} AND uid = ${uid} UNION ALL SELECT 1 FROM meetings WHERE club_id = ${clubId} AND uid = ${uid} LIMIT 1`) !== undefined
  );
}

// --- what a skip released ------------------------------------------------------------------------

/** Moves the sign-ups of a skipped date aside, so an unskip can give them back; returns how many. */
export async function releaseSignUps(db: Db, clubId: number, meetingAt: number): Promise<number> {
  await db.run(sql`INSERT INTO released_sign_ups (club_id, meeting_at, member_id, signed_up_at)
     SELECT club_id, meeting_at, member_id, signed_up_at FROM sign_ups WHERE club_id = ${clubId} AND meeting_at = ${meetingAt}
     ON CONFLICT (club_id, meeting_at, member_id) DO UPDATE SET signed_up_at = excluded.signed_up_at`);
  return (await db.run(sql`DELETE FROM sign_ups WHERE club_id = ${clubId} AND meeting_at = ${meetingAt}`)).changes;
}

/** Gives a date its released sign-ups back; returns the member ids restored. */
export async function restoreSignUps(db: Db, clubId: number, meetingAt: number): Promise<number[]> {
  const rows = await db.all(sql`SELECT member_id AS memberId, signed_up_at AS at FROM released_sign_ups WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} ORDER BY signed_up_at`) as Array<{ memberId: number; at: number }>;
  const restored: number[] = [];
  for (const r of rows) {
    const added = await db.run(sql`INSERT INTO sign_ups (club_id, meeting_at, member_id, signed_up_at) VALUES (${clubId}, ${meetingAt}, ${r.memberId}, ${r.at}) ON CONFLICT DO NOTHING`);
    if (added.changes === 1) restored.push(r.memberId);
  }
  await forgetReleased(db, clubId, meetingAt);
  return restored;
}

export async function forgetReleased(db: Db, clubId: number, meetingAt: number): Promise<void> {
  await db.run(sql`DELETE FROM released_sign_ups WHERE club_id = ${clubId} AND meeting_at = ${meetingAt}`);
}

/**
 * Moves a date's rows of a table keyed (club, date, member) to another date, leaving those whose member already
 * has a row there (SQLite's UPDATE OR IGNORE, which PostgreSQL lacks).
 */
export async function moveDate(db: Db, table: 'sign_ups' | 'released_sign_ups' | 'rotation_asks', clubId: number, from: number, to: number): Promise<void> {
  const t = sql.raw(table);
  await db.run(sql`UPDATE ${t} SET meeting_at = ${to} WHERE club_id = ${clubId} AND meeting_at = ${from}
     AND member_id NOT IN (SELECT x.member_id FROM ${t} x WHERE x.club_id = ${clubId} AND x.meeting_at = ${to})`);
}

/** Moves what is keyed by a meeting's date (sign-ups, released sign-ups, open rotation asks) to its new date. */
export async function moveDateKeyed(db: Db, clubId: number, from: number, to: number): Promise<void> {
  for (const table of ['sign_ups', 'released_sign_ups', 'rotation_asks'] as const) {
    await moveDate(db, table, clubId, from, to);
    await db.run(sql`DELETE FROM ${sql.raw(table)} WHERE club_id = ${clubId} AND meeting_at = ${from}`);
  }
}

// --- calendar tombstones -------------------------------------------------------------------------

/** A date that stopped being a meeting: sent as cancelled in the calendar until it has passed. */
export interface Tombstone {
  uid: string;
  slotAt: number;
  revision: number;
}

export async function addTombstone(db: Db, clubId: number, t: Tombstone): Promise<void> {
  await db.run(sql`INSERT INTO calendar_tombstones (club_id, uid, slot_at, revision) VALUES (${clubId}, ${t.uid}, ${t.slotAt}, ${t.revision})
     ON CONFLICT (club_id, uid) DO UPDATE SET slot_at = excluded.slot_at, revision = excluded.revision`);
}

/** Tombstones still ahead of `now` (older ones are forgotten). */
export async function tombstonesAhead(db: Db, clubId: number, now: number): Promise<Tombstone[]> {
  await db.run(sql`DELETE FROM calendar_tombstones WHERE club_id = ${clubId} AND slot_at <= ${now}`);
  return await db.all(sql`SELECT uid, slot_at AS slotAt, revision FROM calendar_tombstones WHERE club_id = ${clubId} ORDER BY slot_at`) as Tombstone[];
}

/** A meeting that came back under the same UID is no longer a tombstone. */
export async function dropTombstone(db: Db, clubId: number, uid: string): Promise<void> {
  await db.run(sql`DELETE FROM calendar_tombstones WHERE club_id = ${clubId} AND uid = ${uid}`);
}

// --- plan bookkeeping ------------------------------------------------------------------------------

/** 0 until the club's plan was first written as rows (see plan.ts ensurePlan). */
export async function planVersion(db: Db, clubId: number): Promise<number> {
  return (await db.value(sql`SELECT plan_version FROM clubs WHERE id = ${clubId}`) as number | undefined) ?? 1;
}

export async function setPlanVersion(db: Db, clubId: number, version: number): Promise<void> {
  await db.run(sql`UPDATE clubs SET plan_version = ${version} WHERE id = ${clubId}`);
}

/** Open votes deciding the planned meeting `plannedId` follow it to `to` (the next meeting, when it was skipped). */
export async function retargetVotes(db: Db, plannedId: number, to: number | null): Promise<number> {
  return (await db.run(sql`UPDATE votes SET planned_id = ${to} WHERE planned_id = ${plannedId} AND state = 'open'`)).changes;
}

/** Open votes of a club from before votes named their meeting: their sequence place. */
export async function legacyOpenVotes(db: Db, clubId: number): Promise<Array<{ id: number; seqIndex: number }>> {
  return await db.all(sql`SELECT id, seq_index AS seqIndex FROM votes WHERE club_id = ${clubId} AND state = 'open' AND planned_id IS NULL`) as Array<{
    id: number;
    seqIndex: number;
  }>;
}

export async function setVotePlanned(db: Db, voteId: number, plannedId: number | null): Promise<void> {
  await db.run(sql`UPDATE votes SET planned_id = ${plannedId} WHERE id = ${voteId}`);
}
