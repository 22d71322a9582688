import type { Migration } from './migration.ts';
import { POSTGRES_BASE } from './postgres-base.ts';

/** Reading lists, their entries, and papers with one identity across lists; FTS5 over papers. */
const migration: Migration = {
  name: '0001-catalog',
  // PostgreSQL databases start at the schema of 0017 (postgres-base.ts); 0002–0017 only count the version there.
  postgres: POSTGRES_BASE,
  up(db) {
    db.exec(`
      CREATE TABLE papers (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,      -- short stable id: arXiv id, else a slug
        title       TEXT NOT NULL,
        nickname    TEXT,                      -- 'LoRA', 'ViT', 'ALiBi'
        url         TEXT NOT NULL,
        arxiv_id    TEXT UNIQUE,
        norm_url    TEXT,
        norm_title  TEXT NOT NULL,
        summary     TEXT,                      -- the one-liner shown in posts
        footnote    TEXT,                      -- the starred footnote of an "all you need" line
        year        INTEGER,
        kind        TEXT NOT NULL DEFAULT 'paper'
      ) STRICT;
      CREATE INDEX papers_norm_url ON papers(norm_url);
      CREATE INDEX papers_norm_title ON papers(norm_title);

      CREATE TABLE lists (
        id          INTEGER PRIMARY KEY,
        slug        TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        source      TEXT,
        imported_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE list_entries (
        list_id     INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,          -- 1-based order in the list
        paper_id    INTEGER NOT NULL REFERENCES papers(id),
        section     TEXT,
        title       TEXT NOT NULL,
        url         TEXT NOT NULL,
        summary     TEXT,
        footnote    TEXT,
        extra_links TEXT NOT NULL DEFAULT '[]', -- JSON [{text,url}]
        read_mark   INTEGER,                   -- the list author's mark: 1 read, 0 to read, NULL none
        year        INTEGER,
        kind        TEXT NOT NULL DEFAULT 'paper',
        PRIMARY KEY (list_id, position)
      ) STRICT;
      CREATE INDEX list_entries_paper ON list_entries(paper_id);

      CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, nickname, summary,
        content='papers', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER papers_fts_ai AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, title, nickname, summary) VALUES (new.id, new.title, new.nickname, new.summary);
      END;
      CREATE TRIGGER papers_fts_ad AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, nickname, summary) VALUES ('delete', old.id, old.title, old.nickname, old.summary);
      END;
      CREATE TRIGGER papers_fts_au AFTER UPDATE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, nickname, summary) VALUES ('delete', old.id, old.title, old.nickname, old.summary);
        INSERT INTO papers_fts(rowid, title, nickname, summary) VALUES (new.id, new.title, new.nickname, new.summary);
      END;
    `);
  },
};
export default migration;
