import type { Migration } from './migration.ts';

/**
 * The plan becomes a record (issue 22). Until now the meetings ahead were re-derived from the schedule, the skips and
 * the club's place in its list after every edit, so an edit could shift things nobody named. From here:
 * - `planned_meetings`: every meeting ahead that is not announced yet, with its date, its paper (NULL: no paper left
 *   on the list) and why it has that paper (`origin`: list order, a pick, a move, a vote, carried over from a skipped
 *   date). A pick, move or vote pins its paper to that meeting; the others follow the list.
 * - `uid` and `revision` (on planned and held meetings): the meeting's calendar identity, fixed when it is first
 *   planned, and how often it changed (iCalendar SEQUENCE), so a re-dated meeting updates instead of doubling.
 * - What a skip took away, so `/club unskip` gives it back exactly: the paper and its origin, the status before
 *   (an announced meeting's post is edited back), its number, and the presenters it released.
 * - `skip_reason`: why a date has no meeting ('admin', 'paused', 'no-paper' when the list had run out,
 *   'club-changed'); a date with no paper left is never called skipped.
 * - `calendar_tombstones`: a date that stopped being a meeting (a skip dropped by a schedule change) stays in the
 *   calendar as cancelled until it has passed.
 * - `votes.planned_id`: the planned meeting whose paper a vote decides (a skip hands the vote to the next meeting).
 * - `clubs.plan_version`: 0 until the club's plan has been written as rows (done in domain code at start-up, since
 *   dates need the schedule): the plan the club saw before the upgrade becomes its record unchanged.
 */
const migration: Migration = {
  name: '0012-planned-meetings',
  up(db) {
    db.exec(`
      CREATE TABLE planned_meetings (
        id       INTEGER PRIMARY KEY,
        club_id  INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        slot_at  INTEGER NOT NULL,                      -- epoch ms of the meeting
        paper_id INTEGER REFERENCES papers(id),         -- NULL: no paper left on the list for this date
        origin   TEXT NOT NULL CHECK (origin IN ('list', 'pick', 'move', 'vote', 'carried')),
        uid      TEXT NOT NULL,                         -- calendar identity, fixed when first planned
        revision INTEGER NOT NULL DEFAULT 0,            -- bumped when its date changes (iCalendar SEQUENCE)
        UNIQUE (club_id, slot_at)
      ) STRICT;
      CREATE INDEX planned_meetings_paper ON planned_meetings(club_id, paper_id);

      ALTER TABLE meetings ADD COLUMN uid TEXT;                 -- NULL on rows from before: the date-based UID
      ALTER TABLE meetings ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE meetings ADD COLUMN skip_reason TEXT;         -- admin | paused | no-paper | club-changed
      ALTER TABLE meetings ADD COLUMN skipped_paper_id INTEGER REFERENCES papers(id);
      ALTER TABLE meetings ADD COLUMN skipped_origin TEXT;      -- the origin of the paper the skip took away
      ALTER TABLE meetings ADD COLUMN skipped_status TEXT;      -- planned | posting | posted: what unskip restores
      ALTER TABLE meetings ADD COLUMN skipped_number INTEGER;   -- an announced meeting's number, for unskip

      CREATE TABLE released_sign_ups (
        club_id      INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        meeting_at   INTEGER NOT NULL,
        member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        signed_up_at INTEGER NOT NULL,
        PRIMARY KEY (club_id, meeting_at, member_id)
      ) STRICT;

      CREATE TABLE calendar_tombstones (
        club_id  INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        uid      TEXT NOT NULL,
        slot_at  INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (club_id, uid)
      ) STRICT;

      ALTER TABLE votes ADD COLUMN planned_id INTEGER;          -- planned_meetings.id of the meeting it decides
      ALTER TABLE clubs ADD COLUMN plan_version INTEGER NOT NULL DEFAULT 0;

      -- The scheduler's sweep skips clubs until their next check (migration 0007): a changed plan is a change.
      CREATE TRIGGER planned_meetings_insert_recheck AFTER INSERT ON planned_meetings
        BEGIN UPDATE clubs SET next_check_at = NULL WHERE id = NEW.club_id AND next_check_at IS NOT NULL; END;
      CREATE TRIGGER planned_meetings_update_recheck AFTER UPDATE ON planned_meetings
        BEGIN UPDATE clubs SET next_check_at = NULL WHERE id IN (OLD.club_id, NEW.club_id) AND next_check_at IS NOT NULL; END;
      CREATE TRIGGER planned_meetings_delete_recheck AFTER DELETE ON planned_meetings
        BEGIN UPDATE clubs SET next_check_at = NULL WHERE id = OLD.club_id AND next_check_at IS NOT NULL; END;
    `);
  },
};
export default migration;
