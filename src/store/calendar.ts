import { sql } from 'kysely';
import type { Db, RunResult } from './db.ts';

/** The club's calendar feed token, if it has one. */
export async function feedTokenOf(db: Db, clubId: number): Promise<string | undefined> {
  return (await db.value(sql`SELECT token FROM calendar_feeds WHERE club_id = ${clubId}`)) as string | undefined;
}

/** Sets the club's feed token (and the hash requests are looked up by). */
export async function storeFeedToken(db: Db, clubId: number, token: string, tokenHash: NonSharedBuffer, now: number): Promise<RunResult> {
  return await db.run(sql`INSERT INTO calendar_feeds (club_id, token, token_hash, created_at) VALUES (${clubId}, ${token}, ${tokenHash}, ${now})
     ON CONFLICT (club_id) DO UPDATE SET token = excluded.token, token_hash = excluded.token_hash, created_at = excluded.created_at`);
}

/** The club whose feed token hashes to this. */
export async function feedByHash(db: Db, hash: NonSharedBuffer): Promise<| { clubId: number; tokenHash: Buffer }
    | undefined> {
  return (await db.first(sql`SELECT club_id AS clubId, token_hash AS tokenHash FROM calendar_feeds WHERE token_hash = ${hash}`)) as | { clubId: number; tokenHash: Buffer }
    | undefined;
}

