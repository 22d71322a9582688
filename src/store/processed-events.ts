import { sql } from 'kysely';
import type { Db } from './db.ts';

/** How long a claimed event id is kept: longer than any platform re-sends it (Slack retries within the hour). */
export const CLAIM_KEEP_MS = 2 * 24 * 3_600_000;

/**
 * Claims a platform event once across every process on the database: true for the first claim of `source`/`eventId`,
 * false for every later one. One statement, so two processes racing for the same id cannot both win (the primary key
 * decides). Used where one event may reach several processes: a Discord interaction sent to every session of a shard
 * that two processes run.
 */
export async function claimOnce(db: Db, source: string, eventId: string, at: number): Promise<boolean> {
  const r = await db.run(sql`INSERT INTO processed_events (source, event_id, processed_at) VALUES (${source}, ${eventId}, ${at}) ON CONFLICT DO NOTHING`);
  return r.changes === 1;
}

/** Whether an event was claimed already (the read-mark writer checks first, then claims with its group's commit). */
export async function eventClaimed(db: Db, source: string, eventId: string): Promise<boolean> {
  return (await db.first(sql`SELECT 1 FROM processed_events WHERE source = ${source} AND event_id = ${eventId}`)) !== undefined;
}

/** Forgets claims older than `keepMs` (the table would otherwise grow with every interaction). */
export async function forgetOldClaims(db: Db, now: number, keepMs = CLAIM_KEEP_MS): Promise<number> {
  return (await db.run(sql`DELETE FROM processed_events WHERE processed_at < ${now - keepMs}`)).changes;
}
