import type { Migration } from './migration.ts';
import { identifiersOfUrl, normalizeArxivId } from '../../paper-identifiers.ts';

/**
 * Paper identifiers (issue 26): a paper is one work known by every identifier its links give (arXiv id, DOI, ACL
 * Anthology id, OpenReview id, canonical URL), and any of them finds it. One identifier names at most one paper.
 * Existing papers keep what they had: their arXiv id, the identifiers of their own URL, and those of the URLs their list
 * entries use.
 */
const migration: Migration = {
  name: '0014-paper-identifiers',
  up(db) {
    db.exec(`
      CREATE TABLE paper_identifiers (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        kind     TEXT NOT NULL CHECK (kind IN ('arxiv', 'doi', 'acl', 'openreview', 'url')),
        value    TEXT NOT NULL,
        UNIQUE (kind, value)
      ) STRICT;
      CREATE INDEX paper_identifiers_paper ON paper_identifiers(paper_id);
    `);
    const insert = db.prepare(`INSERT OR IGNORE INTO paper_identifiers (paper_id, kind, value) VALUES (?, ?, ?)`);
    const papers = db.prepare(`SELECT id, url, arxiv_id FROM papers ORDER BY id`).all() as Array<{ id: number; url: string; arxiv_id: string | null }>;
    const entryUrls = db.prepare(`SELECT DISTINCT url FROM list_entries WHERE paper_id = ? AND url <> ''`);
    for (const p of papers) {
      const arxiv = p.arxiv_id ? normalizeArxivId(p.arxiv_id) : null;
      if (arxiv) insert.run(p.id, 'arxiv', arxiv);
      // A title-only paper's URL is a scholar search made up for it, not an identifier of the work.
      const urls = [p.url, ...(entryUrls.all(p.id) as Array<{ url: string }>).map((r) => r.url)].filter((u) => !/^https:\/\/scholar\.google\.com\/scholar\?q=/.test(u));
      for (const url of urls) for (const id of identifiersOfUrl(url)) insert.run(p.id, id.kind, id.value);
    }
  },
};
export default migration;
