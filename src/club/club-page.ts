import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import { getClub } from './club-store.ts';
import type { Club } from './types.ts';

/**
 * The club's web page switch and its secret URL (issue 28), in the style of calendar-feed.ts: a row in club_pages
 * means the page is on. Async like the store functions they will become (issue 24).
 */

/** A page token as it appears in the URL: 32 random bytes in base64url (43 characters, 256 bits). */
export const PAGE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const digest = (token: string) => createHash('sha256').update(token).digest();

/** A club's page as switched on: its token and whether it shows the leaderboard. */
export interface ClubPageSwitch {
  token: string;
  leaderboard: boolean;
}

/** The club's page, or null when it is off. */
export async function pageOf(db: Db, clubId: number): Promise<ClubPageSwitch | null> {
  const row = stmt(db, 'SELECT token, leaderboard FROM club_pages WHERE club_id = ?').get(clubId) as { token: string; leaderboard: number } | undefined;
  return row ? { token: row.token, leaderboard: row.leaderboard === 1 } : null;
}

/**
 * Turns the page on (a new token) or keeps it on (the same token); `leaderboard` changes the opt-in when given.
 * `created` says whether the page was off before.
 */
export async function turnPageOn(db: Db, clubId: number, now: number, opts: { leaderboard?: boolean } = {}): Promise<ClubPageSwitch & { created: boolean }> {
  const existing = await pageOf(db, clubId);
  if (existing) {
    if (opts.leaderboard === undefined || opts.leaderboard === existing.leaderboard) return { ...existing, created: false };
    stmt(db, 'UPDATE club_pages SET leaderboard = ? WHERE club_id = ?').run(opts.leaderboard ? 1 : 0, clubId);
    return { ...existing, leaderboard: opts.leaderboard, created: false };
  }
  const token = newToken();
  const leaderboard = opts.leaderboard ?? false;
  stmt(db, 'INSERT INTO club_pages (club_id, token, token_hash, leaderboard, created_at) VALUES (?, ?, ?, ?, ?)').run(clubId, token, digest(token), leaderboard ? 1 : 0, now);
  return { token, leaderboard, created: true };
}

/** A new token for a page that is on (the old URL answers 404 at once); null when the page is off. */
export async function rotatePageToken(db: Db, clubId: number, now: number): Promise<string | null> {
  const token = newToken();
  const changed = stmt(db, 'UPDATE club_pages SET token = ?, token_hash = ?, created_at = ? WHERE club_id = ?').run(token, digest(token), now, clubId).changes;
  return changed ? token : null;
}

/** Turns the page off: its URL answers 404 from now on. False when it was off already. */
export async function turnPageOff(db: Db, clubId: number): Promise<boolean> {
  return stmt(db, 'DELETE FROM club_pages WHERE club_id = ?').run(clubId).changes === 1;
}

/**
 * The club a presented token opens, with its page settings, or null. Looked up by the token's SHA-256 (timing says
 * nothing about the stored token's characters) and confirmed with a constant-time comparison.
 */
export async function clubByPageToken(db: Db, presented: string): Promise<{ club: Club; leaderboard: boolean } | null> {
  if (!PAGE_TOKEN.test(presented)) return null;
  const hash = digest(presented);
  const row = stmt(db, 'SELECT club_id AS clubId, token_hash AS tokenHash, leaderboard FROM club_pages WHERE token_hash = ?').get(hash) as
    | { clubId: number; tokenHash: Buffer; leaderboard: number }
    | undefined;
  if (!row || row.tokenHash.length !== hash.length || !timingSafeEqual(row.tokenHash, hash)) return null;
  const club = getClub(db, row.clubId);
  return club ? { club, leaderboard: row.leaderboard === 1 } : null;
}

/** The public URL of a club's page: `<base>/club/<token>`. */
export function pageUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/club/${token}`;
}

/** Where each database's club pages are served (PAPERCLUB_PUBLIC_URL), registered by the core that serves them. */
const servedAt = new WeakMap<Db, string>();

/** Registers (or with null, forgets) the public base URL the pages of this database are served under. */
export function servePagesAt(db: Db, base: string | null): void {
  if (base) servedAt.set(db, base);
  else servedAt.delete(db);
}

/**
 * The page URL a weekly post links, or null: the page is off, or this process serves no pages (then nothing is
 * read). Synchronous because the post is built synchronously (posting.ts postFor) until the store goes async.
 */
export function pageLinkForPost(db: Db, clubId: number): string | null {
  const base = servedAt.get(db);
  if (!base) return null;
  const token = stmt(db, 'SELECT token FROM club_pages WHERE club_id = ?').pluck().get(clubId) as string | undefined;
  return token ? pageUrl(base, token) : null;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}
