import type { Migration } from './migration.ts';

/**
 * Club health: whether a club is parked on a permanent channel problem (the cause, what to do, whether the
 * admins were told about this cause, when the channel was last checked). A table of its own, so it depends on
 * no other migration's columns.
 */
const migration: Migration = {
  name: '0005-club-health',
  up(db) {
    db.exec(`
      CREATE TABLE club_health (
        club_id       INTEGER PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
        parked_cause  TEXT,
        parked_advice TEXT,
        parked_at     INTEGER,
        told_cause    TEXT,
        checked_at    INTEGER
      ) STRICT;
    `);
  },
};

export default migration;
