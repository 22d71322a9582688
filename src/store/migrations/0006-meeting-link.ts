import type { Migration } from './migration.ts';

/**
 * A club's meeting link (Zoom, Meet, a voice channel): shown in the post, `/paper now`, the calendar and the Discord
 * event. And the platform event of each announced meeting (Discord scheduled events), recorded before it is created
 * so a restart finds it instead of creating a second one.
 */
const migration: Migration = {
  name: '0006-meeting-link',
  up(db) {
    db.exec(`
      ALTER TABLE clubs ADD COLUMN meeting_link TEXT;  -- http(s) URL, or NULL when the club has none

      CREATE TABLE meeting_events (
        club_id     INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        meeting_at  INTEGER NOT NULL,                -- epoch ms of the meeting
        event_id    TEXT,                            -- the platform's id; NULL while being created
        fingerprint TEXT,                            -- what the event last said (an edit is sent when it differs)
        state       TEXT NOT NULL CHECK (state IN ('creating', 'active', 'cancelled')),
        PRIMARY KEY (club_id, meeting_at)
      ) STRICT;
    `);
  },
};
export default migration;
