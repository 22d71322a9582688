import type { Migration } from './migration.ts';

/**
 * Note ids are never reused: `/editnote 7` after note 7 was deleted must not reach someone's newer note. A plain
 * INTEGER PRIMARY KEY hands out max(id) + 1, so deleting the newest note freed its id; AUTOINCREMENT remembers the
 * largest id ever given (sqlite_sequence). SQLite cannot add AUTOINCREMENT to a table, so notes is rebuilt with the
 * same columns, rows and indexes (nothing references notes(id), and it has no triggers).
 *
 * kept_values: small facts a process keeps across restarts (the playground's clock and message numbers), by key.
 */
const migration: Migration = {
  name: '0016-note-ids-and-kept-values',
  up(db) {
    db.exec(`
      CREATE TABLE notes_rebuilt (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        paper_id   INTEGER NOT NULL REFERENCES papers(id),
        club_id    INTEGER REFERENCES clubs(id) ON DELETE SET NULL,
        body       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO notes_rebuilt (id, member_id, paper_id, club_id, body, created_at, updated_at)
        SELECT id, member_id, paper_id, club_id, body, created_at, updated_at FROM notes ORDER BY id;
      DROP TABLE notes;
      ALTER TABLE notes_rebuilt RENAME TO notes;
      CREATE INDEX notes_paper ON notes(paper_id, created_at);
      CREATE INDEX notes_member ON notes(member_id);

      CREATE TABLE kept_values (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
export default migration;
