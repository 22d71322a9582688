import type { Migration } from './migration.ts';

/**
 * Issue 29: several bot processes on one database. A process works on a club (its weekly post, reminders, rotation
 * asks, event sync, a vote's result) only while it holds the club's lease: a row naming the process, good until
 * `until`. A lease is taken when no other process holds one that is still good, and given back when the run ends;
 * a process that dies keeps it until it runs out, then another takes the club over (and, as after any crash, looks
 * on the platform for a post begun but not recorded before it sends). The row goes with its club.
 *
 * PostgreSQL: the same table (`bigint`).
 */
const migration: Migration = {
  name: '0020-club-leases',
  postgres: `
    CREATE TABLE club_leases (
      club_id bigint PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
      owner   text NOT NULL,
      until   bigint NOT NULL
    );`,
  up(db) {
    db.exec(`
      CREATE TABLE club_leases (
        club_id INTEGER PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
        owner   TEXT NOT NULL,
        until   INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
export default migration;
