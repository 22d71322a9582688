import type { Migration } from './migration.ts';

/**
 * Issue 28: each club's web page (`GET /club/<token>`), switched on by `/club page on`. A row means the page is on;
 * `off` deletes it, so the old URL answers 404 at once and turning it on again makes a new one. `leaderboard` is the
 * club's opt-in to show its leaderboard (public members only) on the page.
 */
const migration: Migration = {
  name: '0016-club-pages',
  up(db) {
    db.exec(`
      CREATE TABLE club_pages (
        club_id     INTEGER PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
        token       TEXT NOT NULL,                      -- 32 random bytes, base64url: shown to admins
        token_hash  BLOB NOT NULL UNIQUE,               -- SHA-256 of the token: requests are looked up by it
        leaderboard INTEGER NOT NULL DEFAULT 0 CHECK (leaderboard IN (0, 1)),
        created_at  INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
export default migration;
