import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * The clubs' web pages (issue 28, migration 0019): a row in club_pages means the club's page is on. Tokens are
 * stored with their SHA-256, which requests are looked up by; `leaderboard` is the club's opt-in (0/1).
 */

/** A page as stored: its token and whether it shows the leaderboard. */
export interface StoredPage {
  token: string;
  leaderboard: boolean;
}

/** The club's page, if it is on. */
export async function pageRowOf(db: Db, clubId: number): Promise<StoredPage | undefined> {
  const row = await db.first<{ token: string; leaderboard: number }>(sql`SELECT token, leaderboard FROM club_pages WHERE club_id = ${clubId}`);
  return row ? { token: row.token, leaderboard: row.leaderboard === 1 } : undefined;
}

/** The token of the club's page, if it is on (what a weekly post links). */
export async function pageTokenOf(db: Db, clubId: number): Promise<string | undefined> {
  return await db.value<string>(sql`SELECT token FROM club_pages WHERE club_id = ${clubId}`);
}

/** Stores a page switched on; false when the club's page was on already (nothing changed). */
export async function insertPage(db: Db, clubId: number, token: string, tokenHash: Buffer, leaderboard: boolean, now: number): Promise<boolean> {
  const r = await db.run(sql`INSERT INTO club_pages (club_id, token, token_hash, leaderboard, created_at) VALUES (${clubId}, ${token}, ${tokenHash}, ${leaderboard ? 1 : 0}, ${now})
     ON CONFLICT (club_id) DO NOTHING`);
  return r.changes === 1;
}

/** Sets the page's leaderboard opt-in. */
export async function setPageLeaderboard(db: Db, clubId: number, leaderboard: boolean): Promise<void> {
  await db.run(sql`UPDATE club_pages SET leaderboard = ${leaderboard ? 1 : 0} WHERE club_id = ${clubId}`);
}

/** Replaces the page's token; false when the page is off. */
export async function replacePageToken(db: Db, clubId: number, token: string, tokenHash: Buffer, now: number): Promise<boolean> {
  const r = await db.run(sql`UPDATE club_pages SET token = ${token}, token_hash = ${tokenHash}, created_at = ${now} WHERE club_id = ${clubId}`);
  return r.changes === 1;
}

/** Deletes the page's row (its URL is gone); false when it was off already. */
export async function deletePage(db: Db, clubId: number): Promise<boolean> {
  return (await db.run(sql`DELETE FROM club_pages WHERE club_id = ${clubId}`)).changes === 1;
}

/** The page whose token hashes to this, if any. */
export async function pageByHash(db: Db, tokenHash: Buffer): Promise<{ clubId: number; tokenHash: Buffer; leaderboard: boolean } | undefined> {
  const row = await db.first<{ clubId: number; tokenHash: Buffer; leaderboard: number }>(
    sql`SELECT club_id AS "clubId", token_hash AS "tokenHash", leaderboard FROM club_pages WHERE token_hash = ${tokenHash}`,
  );
  return row ? { clubId: row.clubId, tokenHash: row.tokenHash, leaderboard: row.leaderboard === 1 } : undefined;
}
