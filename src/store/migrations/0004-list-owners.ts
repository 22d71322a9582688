import type { Migration } from './migration.ts';

/**
 * Lists belong to a community: `owner` is '' for the shared lists (the shipped seeds and lists imported before this
 * migration) and 'discord:<guild>', 'slack:<team>' or 'operator' for a community's own. A slug is unique per owner.
 * `content_hash` + `importer_version` let an unchanged file skip the parse on re-import.
 * SQLite cannot drop the old UNIQUE(slug), so both tables are rebuilt (list_entries points at lists) and renamed.
 * Touches only lists and list_entries, so it does not depend on other migrations.
 */
const migration: Migration = {
  name: '0004-list-owners',
  up(db) {
    db.exec(`
      CREATE TABLE lists_v4 (
        id               INTEGER PRIMARY KEY,
        owner            TEXT NOT NULL DEFAULT '',   -- '' shared (seeds); else the community that imported it
        slug             TEXT NOT NULL,
        title            TEXT NOT NULL,
        source           TEXT,
        imported_at      INTEGER NOT NULL,
        content_hash     TEXT,                       -- sha256 of the imported bytes
        importer_version INTEGER,                    -- IMPORTER_VERSION that parsed them
        UNIQUE (owner, slug)
      ) STRICT;
      INSERT INTO lists_v4 (id, owner, slug, title, source, imported_at)
        SELECT id, '', slug, title, source, imported_at FROM lists;

      CREATE TABLE list_entries_v4 (
        list_id     INTEGER NOT NULL REFERENCES lists_v4(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        paper_id    INTEGER NOT NULL REFERENCES papers(id),
        section     TEXT,
        title       TEXT NOT NULL,
        url         TEXT NOT NULL,
        summary     TEXT,                          -- this list's own blurb for the paper
        footnote    TEXT,
        extra_links TEXT NOT NULL DEFAULT '[]',
        read_mark   INTEGER,
        year        INTEGER,
        kind        TEXT NOT NULL DEFAULT 'paper',
        PRIMARY KEY (list_id, position)
      ) STRICT;
      INSERT INTO list_entries_v4 (list_id, position, paper_id, section, title, url, summary, footnote, extra_links, read_mark, year, kind)
        SELECT list_id, position, paper_id, section, title, url, summary, footnote, extra_links, read_mark, year, kind FROM list_entries;

      DROP TABLE list_entries;
      DROP TABLE lists;
      ALTER TABLE lists_v4 RENAME TO lists;
      ALTER TABLE list_entries_v4 RENAME TO list_entries;
      CREATE INDEX list_entries_paper ON list_entries(paper_id);
    `);
  },
};
export default migration;
