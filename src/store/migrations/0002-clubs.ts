import type { Migration } from './migration.ts';

/** Clubs, their sequences and meetings, members, presenters, read marks, notes, and delivery bookkeeping. */
const migration: Migration = {
  name: '0002-clubs',
  up(db) {
    db.exec(`
      CREATE TABLE clubs (
        id                     INTEGER PRIMARY KEY,
        platform               TEXT NOT NULL,            -- 'discord' | 'slack' | 'console'
        workspace              TEXT NOT NULL,            -- guild id, team id, or 'local'
        channel                TEXT NOT NULL,
        name                   TEXT NOT NULL,
        sequence_slug          TEXT NOT NULL,            -- the list the sequence was copied from
        position               INTEGER NOT NULL DEFAULT 0, -- index in club_sequence of the next paper to post
        cron                   TEXT NOT NULL,
        timezone               TEXT NOT NULL,
        read_emoji             TEXT NOT NULL,
        presenters_per_meeting INTEGER NOT NULL DEFAULT 1,
        reminder_lead_minutes  INTEGER NOT NULL DEFAULT 2880,
        paused                 INTEGER NOT NULL DEFAULT 0,
        created_at             INTEGER NOT NULL,
        UNIQUE (platform, workspace, channel)
      ) STRICT;

      -- The club's own copy of its sequence, so reorder and pick never touch the shared list.
      CREATE TABLE club_sequence (
        club_id  INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        idx      INTEGER NOT NULL,                        -- 0-based; week number is idx + 1
        paper_id INTEGER NOT NULL REFERENCES papers(id),
        PRIMARY KEY (club_id, idx)
      ) STRICT;
      CREATE INDEX club_sequence_paper ON club_sequence(paper_id);

      CREATE TABLE club_admins (
        club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        PRIMARY KEY (club_id, user_id)
      ) STRICT;

      CREATE TABLE members (
        id           INTEGER PRIMARY KEY,
        platform     TEXT NOT NULL,
        workspace    TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        display_name TEXT NOT NULL,
        private      INTEGER NOT NULL DEFAULT 0,          -- opted out of leaderboard and who-read lists
        UNIQUE (platform, workspace, user_id)
      ) STRICT;

      CREATE TABLE meetings (
        id        INTEGER PRIMARY KEY,
        club_id   INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        slot_at   INTEGER NOT NULL,                       -- epoch ms of the scheduled slot (meeting time)
        week      INTEGER,                                -- 1-based place of its paper in the sequence
        paper_id  INTEGER REFERENCES papers(id),
        status    TEXT NOT NULL CHECK (status IN ('posting', 'posted', 'done', 'skipped', 'missed')),
        posted_at INTEGER,
        UNIQUE (club_id, slot_at)
      ) STRICT;
      CREATE INDEX meetings_club_status ON meetings(club_id, status, slot_at);

      -- Reactions on any of these messages are read marks for the meeting's paper.
      CREATE TABLE meeting_posts (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        platform   TEXT NOT NULL,
        channel    TEXT NOT NULL,
        message_id TEXT NOT NULL,
        PRIMARY KEY (platform, channel, message_id)
      ) STRICT;
      CREATE INDEX meeting_posts_meeting ON meeting_posts(meeting_id);

      -- Presenters claim a paper of the club's sequence; they follow it if weeks are skipped.
      CREATE TABLE presenters (
        club_id      INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        paper_id     INTEGER NOT NULL REFERENCES papers(id),
        member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        signed_up_at INTEGER NOT NULL,
        PRIMARY KEY (club_id, paper_id, member_id)
      ) STRICT;
      CREATE INDEX presenters_member ON presenters(member_id);

      CREATE TABLE read_marks (
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        paper_id  INTEGER NOT NULL REFERENCES papers(id),
        club_id   INTEGER REFERENCES clubs(id) ON DELETE SET NULL,
        via       TEXT NOT NULL,                          -- 'reaction' | 'command' | 'button'
        marked_at INTEGER NOT NULL,
        PRIMARY KEY (member_id, paper_id)
      ) STRICT, WITHOUT ROWID; -- clustered by member: progress and leaderboards read a member's marks together
      CREATE INDEX read_marks_paper ON read_marks(paper_id);

      CREATE TABLE notes (
        id         INTEGER PRIMARY KEY,
        member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        paper_id   INTEGER NOT NULL REFERENCES papers(id),
        club_id    INTEGER REFERENCES clubs(id) ON DELETE SET NULL,
        body       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX notes_paper ON notes(paper_id, created_at);
      CREATE INDEX notes_member ON notes(member_id);

      -- Each reminder is sent once: (meeting slot, kind) is its key.
      CREATE TABLE reminders (
        club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        slot_at INTEGER NOT NULL,
        kind    TEXT NOT NULL,                            -- 'presenter' | 'call-for-presenter'
        sent_at INTEGER NOT NULL,
        PRIMARY KEY (club_id, slot_at, kind)
      ) STRICT;

      -- Platform events already applied (Slack re-sends events it thinks failed).
      CREATE TABLE processed_events (
        source       TEXT NOT NULL,
        event_id     TEXT NOT NULL,
        processed_at INTEGER NOT NULL,
        PRIMARY KEY (source, event_id)
      ) STRICT;
    `);
  },
};
export default migration;
