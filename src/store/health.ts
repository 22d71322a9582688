import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { ChannelProblem } from '../club/types.ts';
import type { Club } from '../club/types.ts';


/** SQL for club health (migration 0005): whether a club is parked on a broken channel, and who to tell. */

/** A club parked on a permanent channel problem: no sends until an admin acts or a check finds the channel usable. */
export interface ParkedClub extends ChannelProblem {
  parkedAt: number;
  /** The admins were already told about this cause. */
  told: boolean;
  /** When the scheduler last checked whether the channel works again (null: never). */
  checkedAt: number | null;
}

interface HealthRow {
  parked_cause: string | null;
  parked_advice: string | null;
  parked_at: number | null;
  told_cause: string | null;
  checked_at: number | null;
}

async function row(db: Db, clubId: number): Promise<HealthRow | undefined> {
  return await db.first(sql`SELECT parked_cause, parked_advice, parked_at, told_cause, checked_at FROM club_health WHERE club_id = ${clubId}`) as
    | HealthRow
    | undefined;
}

/** Who to tell when the club's channel breaks: whoever set it up, else its first club admin (clubs from before that was recorded). */
export async function adminToTell(db: Db, club: Club): Promise<string | null> {
  return club.setupBy ?? ((await db.value(sql`SELECT user_id FROM club_admins WHERE club_id = ${club.id} ORDER BY rowid LIMIT 1`) as string | undefined) ?? null);
}

/** The club's parking, or null when it may post. */
export async function parkedClub(db: Db, clubId: number): Promise<ParkedClub | null> {
  const r = await row(db, clubId);
  if (!r?.parked_cause) return null;
  return { cause: r.parked_cause, advice: r.parked_advice ?? '', parkedAt: r.parked_at ?? 0, told: r.told_cause === r.parked_cause, checkedAt: r.checked_at };
}

/**
 * Parks the club on `problem`. Returns true when the admins still need telling about this cause; `told`
 * records that they already were (e.g. the /club setup reply said it).
 */
export async function parkClub(db: Db, clubId: number, problem: ChannelProblem, now: number, opts: { told?: boolean } = {}): Promise<boolean> {
  await db.run(sql`INSERT INTO club_health (club_id, parked_cause, parked_advice, parked_at, checked_at) VALUES (${clubId}, ${problem.cause}, ${problem.advice}, ${now}, ${now})
     ON CONFLICT(club_id) DO UPDATE SET parked_cause = excluded.parked_cause, parked_advice = excluded.parked_advice,
       parked_at = CASE WHEN club_health.parked_cause IS excluded.parked_cause THEN club_health.parked_at ELSE excluded.parked_at END,
       checked_at = excluded.checked_at`);
  if (opts.told) await markTold(db, clubId, problem.cause);
  return (await row(db, clubId))?.told_cause !== problem.cause;
}

/** The admins were told about `cause`: not again until the cause changes or the club was fixed and broke again. */
export async function markTold(db: Db, clubId: number, cause: string): Promise<void> {
  await db.run(sql`UPDATE club_health SET told_cause = ${cause} WHERE club_id = ${clubId}`);
}

/** A later check of a parked channel found it still broken. */
export async function markChecked(db: Db, clubId: number, now: number): Promise<void> {
  await db.run(sql`UPDATE club_health SET checked_at = ${now} WHERE club_id = ${clubId}`);
}

/** Lets the club post again (an admin acted, or the channel works again). Returns true when it was parked. */
export async function unparkClub(db: Db, clubId: number): Promise<boolean> {
  const res = await db.run(sql`UPDATE club_health SET parked_cause = NULL, parked_advice = NULL, parked_at = NULL, told_cause = NULL, checked_at = NULL WHERE club_id = ${clubId} AND parked_cause IS NOT NULL`);
  return res.changes > 0;
}
