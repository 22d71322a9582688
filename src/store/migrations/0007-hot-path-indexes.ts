import type { Migration } from './migration.ts';

/**
 * What the scheduler's sweep needs to look at every club at once instead of one by one.
 * - `clubs.next_check_at`: the earliest time the club can have anything due (a post to announce, a reminder
 *   window), written by the sweep for clubs it found idle. Triggers clear it whenever anything it was computed
 *   from changes — the club row, its meetings, sign-ups, reminders, health — so a stale value can never hide
 *   work; NULL means "look at this club". The sweep then reads only the clubs due a look (one indexed query).
 * - Indexes for the posts left pending (partial: almost no meeting is ever 'posting'), and the reminders and
 *   sign-ups of one meeting date across clubs (thousands of clubs share a date).
 */
const migration: Migration = {
  name: '0007-hot-path-indexes',
  up(db) {
    db.exec(`
      ALTER TABLE clubs ADD COLUMN next_check_at INTEGER;
      CREATE INDEX clubs_next_check ON clubs(next_check_at);
      CREATE INDEX meetings_posting ON meetings(club_id, slot_at) WHERE status = 'posting';
      CREATE INDEX reminders_slot ON reminders(slot_at);
      CREATE INDEX sign_ups_meeting_at ON sign_ups(meeting_at);

      -- Any change to the club itself, except the sweep writing next_check_at (recursive triggers are off, so the
      -- trigger's own update does not fire it again).
      CREATE TRIGGER clubs_changed_recheck AFTER UPDATE ON clubs
        WHEN NEW.next_check_at IS OLD.next_check_at AND OLD.next_check_at IS NOT NULL
        BEGIN UPDATE clubs SET next_check_at = NULL WHERE id = NEW.id; END;
    `);
    for (const table of ['meetings', 'sign_ups', 'reminders', 'club_health']) {
      // A held meeting marked done (every meeting, an hour after it starts) changes nothing the sweep decides from.
      const onlyFinished = table === 'meetings' ? `WHEN NOT (OLD.status = 'posted' AND NEW.status = 'done' AND OLD.paper_id IS NEW.paper_id AND OLD.slot_at = NEW.slot_at)` : '';
      db.exec(`
        CREATE TRIGGER ${table}_insert_recheck AFTER INSERT ON ${table}
          BEGIN UPDATE clubs SET next_check_at = NULL WHERE id = NEW.club_id AND next_check_at IS NOT NULL; END;
        CREATE TRIGGER ${table}_update_recheck AFTER UPDATE ON ${table} ${onlyFinished}
          BEGIN UPDATE clubs SET next_check_at = NULL WHERE id IN (OLD.club_id, NEW.club_id) AND next_check_at IS NOT NULL; END;
        CREATE TRIGGER ${table}_delete_recheck AFTER DELETE ON ${table}
          BEGIN UPDATE clubs SET next_check_at = NULL WHERE id = OLD.club_id AND next_check_at IS NOT NULL; END;
      `);
    }
  },
};

export default migration;
