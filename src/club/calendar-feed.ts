import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { Club } from './types.ts';
import { getClub } from '../store/clubs.ts';
import { feedTokenOf, storeFeedToken, feedByHash } from '../store/calendar.ts';

/** A feed token as it appears in the URL: 32 random bytes in base64url (43 characters, 256 bits). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const digest = (token: string) => createHash('sha256').update(token).digest();

/** The club's feed token, made on first use (crypto random); the same one until rotated. */
export async function feedToken(db: Db, clubId: number, now: number): Promise<string> {
  const existing = await feedTokenOf(db, clubId);
  return existing ?? (await rotateFeedToken(db, clubId, now));
}

/** A new token for the club's feed: the old URL stops working at once (404). */
export async function rotateFeedToken(db: Db, clubId: number, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await storeFeedToken(db, clubId, token, digest(token), now);
  return token;
}

/**
 * The club a presented token opens, or null. The lookup goes by the token's SHA-256 (so timing says nothing about
 * the stored token's characters) and the match is confirmed with a constant-time comparison.
 */
export async function clubByFeedToken(db: Db, presented: string): Promise<Club | null> {
  if (!TOKEN.test(presented)) return null;
  const hash = digest(presented);
  const row = await feedByHash(db, hash);
  if (!row || row.tokenHash.length !== hash.length || !timingSafeEqual(row.tokenHash, hash)) return null;
  return await getClub(db, row.clubId);
}

/** The public URL of a feed: `<base>/calendar/<token>.ics`. */
export function feedUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/calendar/${token}.ics`;
}
