import type { Migration } from './migration.ts';

/**
 * Paper metadata (issue 27): what arXiv and Semantic Scholar answered for an identifier, cached with its source and
 * date. Keyed by the look-up (source, key), not by paper: a paper removed and added again, or two papers reached by
 * one id, reuse the answer; and no foreign key to papers, so a cached answer never keeps an orphan paper alive.
 */
const migration: Migration = {
  name: '0015-paper-metadata',
  up(db) {
    db.exec(`
      CREATE TABLE metadata_lookups (
        source     TEXT NOT NULL CHECK (source IN ('arxiv', 's2')),
        lookup_key TEXT NOT NULL,                 -- arXiv: '1706.03762'; Semantic Scholar: 'ARXIV:1706.03762', 'DOI:…', 'ACL:…', 'URL:…'
        state      TEXT NOT NULL CHECK (state IN ('found', 'not-found', 'failed')),
        fetched_at INTEGER NOT NULL,              -- epoch ms of the latest answer (or failure)
        failures   INTEGER NOT NULL DEFAULT 0,    -- failures in a row: the back-off grows with them
        retry_at   INTEGER,                       -- not found or failed: asked again from then on
        data       TEXT,                          -- found: JSON (title, authors, year, venue, abstract, tldr, externalIds, withdrawn)
        error      TEXT,                          -- failed: what went wrong, for the operator
        PRIMARY KEY (source, lookup_key)
      ) STRICT;
      CREATE INDEX metadata_lookups_retry ON metadata_lookups(retry_at) WHERE retry_at IS NOT NULL;
    `);
  },
};
export default migration;
