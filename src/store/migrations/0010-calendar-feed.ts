import type { Migration } from './migration.ts';

/**
 * Issue 11, second part. A club's voice or stage channel where its meetings are held (Discord: the event is then in
 * that channel instead of at an external link). What members see of a meeting's platform event (its web link and how many are interested,
 * shown in the weekly post and `/paper now`); events still to cancel after their club was removed (the club's rows
 * are gone with it, so the ids wait here until the platform has cancelled them); and each club's calendar feed
 * token (the secret part of `GET /calendar/<token>.ics`, rotated by `/club calendar-link rotate:yes`).
 */
const migration: Migration = {
  name: '0010-calendar-feed',
  up(db) {
    db.exec(`
      ALTER TABLE clubs ADD COLUMN meeting_channel TEXT;        -- Discord voice or stage channel id, or NULL
      ALTER TABLE clubs ADD COLUMN meeting_channel_kind TEXT CHECK (meeting_channel_kind IN ('voice', 'stage'));

      ALTER TABLE meeting_events ADD COLUMN link TEXT;            -- where members open the event (Discord: discord.com/events/…)
      ALTER TABLE meeting_events ADD COLUMN interested INTEGER;   -- members interested, as last fetched; NULL = not known yet

      CREATE TABLE orphan_meeting_events (
        platform  TEXT NOT NULL,
        workspace TEXT NOT NULL,
        event_id  TEXT NOT NULL,
        PRIMARY KEY (platform, event_id)
      ) STRICT;

      CREATE TABLE calendar_feeds (
        club_id    INTEGER PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
        token      TEXT NOT NULL,                       -- 32 random bytes, base64url: shown to admins
        token_hash BLOB NOT NULL UNIQUE,                -- SHA-256 of the token: requests are looked up by it
        created_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
export default migration;
