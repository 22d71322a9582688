import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { getClub } from '../store/clubs.ts';
import { deletePage, insertPage, pageByHash, pageRowOf, pageTokenOf, replacePageToken, setPageLeaderboard } from '../store/club-pages.ts';
import type { Club } from './types.ts';

/** The club's web page switch and its secret URL (issue 28), in the style of calendar-feed.ts. */

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
  return (await pageRowOf(db, clubId)) ?? null;
}

/**
 * Turns the page on (a new token) or keeps it on (the same token); `leaderboard` changes the opt-in when given.
 * `created` says whether the page was off before.
 */
export async function turnPageOn(db: Db, clubId: number, now: number, opts: { leaderboard?: boolean } = {}): Promise<ClubPageSwitch & { created: boolean }> {
  return await db.transaction(async (tx) => {
    const existing = await pageOf(tx, clubId);
    if (existing) {
      if (opts.leaderboard === undefined || opts.leaderboard === existing.leaderboard) return { ...existing, created: false };
      await setPageLeaderboard(tx, clubId, opts.leaderboard);
      return { ...existing, leaderboard: opts.leaderboard, created: false };
    }
    const token = newToken();
    const leaderboard = opts.leaderboard ?? false;
    await insertPage(tx, clubId, token, digest(token), leaderboard, now);
    return { token, leaderboard, created: true };
  });
}

/** A new token for a page that is on (the old URL answers 404 at once); null when the page is off. */
export async function rotatePageToken(db: Db, clubId: number, now: number): Promise<string | null> {
  const token = newToken();
  return (await replacePageToken(db, clubId, token, digest(token), now)) ? token : null;
}

/** Turns the page off: its URL answers 404 from now on. False when it was off already. */
export async function turnPageOff(db: Db, clubId: number): Promise<boolean> {
  return await deletePage(db, clubId);
}

/**
 * The club a presented token opens, with its page settings, or null. Looked up by the token's SHA-256 (timing says
 * nothing about the stored token's characters) and confirmed with a constant-time comparison.
 */
export async function clubByPageToken(db: Db, presented: string): Promise<{ club: Club; leaderboard: boolean } | null> {
  if (!PAGE_TOKEN.test(presented)) return null;
  const hash = digest(presented);
  const row = await pageByHash(db, hash);
  if (!row || row.tokenHash.length !== hash.length || !timingSafeEqual(row.tokenHash, hash)) return null;
  const club = await getClub(db, row.clubId);
  return club ? { club, leaderboard: row.leaderboard } : null;
}

/** The public URL of a club's page: `<base>/club/<token>`. */
export function pageUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/club/${token}`;
}

/** Where each database's club pages are served (PAPERCLUB_PUBLIC_URL), by the database's outer handle. */
const servedAt = new WeakMap<Db, string>();

/** Registers (or with null, forgets) the public base URL the pages of this database are served under. */
export function servePagesAt(db: Db, base: string | null): void {
  if (base) servedAt.set(db.root, base);
  else servedAt.delete(db.root);
}

/** The page URL a weekly post links, or null: the page is off, or this process serves no pages (then nothing is read). */
export async function pageLinkForPost(db: Db, clubId: number): Promise<string | null> {
  const base = servedAt.get(db.root);
  if (!base) return null;
  const token = await pageTokenOf(db, clubId);
  return token ? pageUrl(base, token) : null;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}
