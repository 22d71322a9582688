import type { Migration } from './migration.ts';

/**
 * Club life (issue 12): the presenter rotation (who volunteers, whom the bot asked for which meeting and what they
 * answered), the links a meeting left behind (slides, recording, code, summary), and who was at each meeting.
 * Meetings are keyed by (club, date) as sign-ups are. New tables only.
 */
const migration: Migration = {
  name: '0011-club-life',
  up(db) {
    db.exec(`
      -- A row means the rotation is on for the club; asked members have answer_minutes to accept or pass.
      CREATE TABLE club_rotation (
        club_id        INTEGER PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
        answer_minutes INTEGER NOT NULL,
        enabled_at     INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE rotation_volunteers (
        club_id   INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (club_id, member_id)
      ) STRICT;

      -- One ask per (meeting, member): a round never asks anyone twice.
      CREATE TABLE rotation_asks (
        id          INTEGER PRIMARY KEY,
        club_id     INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        meeting_at  INTEGER NOT NULL,                -- epoch ms of the meeting
        member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        asked_at    INTEGER NOT NULL,
        answer_by   INTEGER NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('asking', 'accepted', 'passed', 'timed-out', 'withdrawn', 'undeliverable')),
        answered_at INTEGER,
        UNIQUE (club_id, meeting_at, member_id)
      ) STRICT;

      CREATE TABLE meeting_links (
        id         INTEGER PRIMARY KEY,
        club_id    INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        meeting_at INTEGER NOT NULL,
        url        TEXT NOT NULL,
        kind       TEXT NOT NULL,                    -- slides | recording | code | summary | link
        label      TEXT NOT NULL,
        added_by   INTEGER REFERENCES members(id) ON DELETE SET NULL,
        added_at   INTEGER NOT NULL,
        UNIQUE (club_id, meeting_at, url)
      ) STRICT;

      CREATE TABLE attendance (
        club_id    INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        meeting_at INTEGER NOT NULL,
        member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        marked_at  INTEGER NOT NULL,
        PRIMARY KEY (club_id, meeting_at, member_id)
      ) STRICT;
      CREATE INDEX attendance_member ON attendance(member_id);
    `);
  },
};
export default migration;
