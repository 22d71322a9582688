import { sql } from 'kysely';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { Club } from './types.ts';
import { getClub } from '../store/clubs.ts';

/** A feed token as it appears in the URL: 32 random bytes in base64url (43 characters, 256 bits). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const digest = (token: string) => createHash('sha256').update(token).digest();

/** The club's feed token, made on first use (crypto random); the same one until rotated. */
export async function feedToken(db: Db, clubId: number, now: number): Promise<string> {
  const existing = await db.value(sql`SELECT token FROM calendar_feeds WHERE club_id = ${clubId}`) as string | undefined;
  return existing ?? (await rotateFeedToken(db, clubId, now));
}

/** A new token for the club's feed: the old URL stops working at once (404). */
export async function rotateFeedToken(db: Db, clubId: number, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.run(sql`INSERT INTO calendar_feeds (club_id, token, token_hash, created_at) VALUES (${clubId}, ${token}, ${digest(token)}, ${now})
     ON CONFLICT (club_id) DO UPDATE SET token = excluded.token, token_hash = excluded.token_hash, created_at = excluded.created_at`);
  return token;
}

/**
 * The club a presented token opens, or null. The lookup goes by the token's SHA-256 (so timing says nothing about
 * the stored token's characters) and the match is confirmed with a constant-time comparison.
 */
export async function clubByFeedToken(db: Db, presented: string): Promise<Club | null> {
  if (!TOKEN.test(presented)) return null;
  const hash = digest(presented);
  const row = await db.first(sql`SELECT club_id AS clubId, token_hash AS tokenHash FROM calendar_feeds WHERE token_hash = ${hash}`) as
    | { clubId: number; tokenHash: Buffer }
    | undefined;
  if (!row || row.tokenHash.length !== hash.length || !timingSafeEqual(row.tokenHash, hash)) return null;
  return await getClub(db, row.clubId);
}

/** The public URL of a feed: `<base>/calendar/<token>.ics`. */
export function feedUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/calendar/${token}.ics`;
}
