/** All SQL of paper metadata: the look-up cache (metadata_lookups) and the gaps it fills in papers. */
import type { Db } from '../../store/db.ts';
import { stmt } from '../../store/statements.ts';
import { normalizeTitle } from '../canonical-ids.ts';
import { isPlaceholderTitle, lookupKeysOf, type LookupKeys } from './lookup-keys.ts';
import type { ExternalIds, FetchedPaper, MetadataSource, SourceAnswer } from './types.ts';
import { addPaperIdentifiers, identifiersOf } from '../paper-identity-store.ts';
import type { PaperIdentifier } from '../canonical-ids.ts';

/** A key a source did not know is asked again after this long (Semantic Scholar lists new arXiv papers days late). */
export const NOT_FOUND_RETRY_MS = 7 * 86_400_000;
/** A failed look-up is tried again after 1 min, doubling with each failure in a row, up to a day. */
const FAILURE_RETRY_MS = { first: 60_000, max: 86_400_000 };

/** One cached answer. */
export interface CachedLookup {
  source: MetadataSource;
  key: string;
  state: 'found' | 'not-found' | 'failed';
  fetchedAt: number;
  failures: number;
  retryAt: number | null;
  paper: FetchedPaper | null;
}

interface LookupRow {
  source: MetadataSource;
  lookup_key: string;
  state: CachedLookup['state'];
  fetched_at: number;
  failures: number;
  retry_at: number | null;
  data: string | null;
}

function toCached(r: LookupRow): CachedLookup {
  return {
    source: r.source,
    key: r.lookup_key,
    state: r.state,
    fetchedAt: r.fetched_at,
    failures: r.failures,
    retryAt: r.retry_at,
    paper: r.data ? (JSON.parse(r.data) as FetchedPaper) : null,
  };
}

/** The cached answer for one key, or null when it was never asked. */
export function cachedLookup(db: Db, source: MetadataSource, key: string): CachedLookup | null {
  const r = stmt(db, `SELECT * FROM metadata_lookups WHERE source = ? AND lookup_key = ?`).get(source, key) as LookupRow | undefined;
  return r ? toCached(r) : null;
}

/** Whether a key needs asking now: never asked, or its retry time (not found, failed) has come; `retryFailed`: failed ones at once. */
export function isDue(db: Db, source: MetadataSource, key: string, now: number, retryFailed = false): boolean {
  const r = stmt(db, `SELECT state, retry_at FROM metadata_lookups WHERE source = ? AND lookup_key = ?`).get(source, key) as
    | { state: string; retry_at: number | null }
    | undefined;
  return !r || (r.state === 'failed' && retryFailed) || (r.state !== 'found' && (r.retry_at ?? 0) <= now);
}

/** Records a source's answers: found papers, and keys it does not know (asked again after NOT_FOUND_RETRY_MS). */
export function recordAnswers(db: Db, source: MetadataSource, answer: SourceAnswer, now: number): void {
  const put = stmt(db, `INSERT INTO metadata_lookups (source, lookup_key, state, fetched_at, failures, retry_at, data, error)
     VALUES (?, ?, ?, ?, 0, ?, ?, NULL)
     ON CONFLICT(source, lookup_key) DO UPDATE SET state = excluded.state, fetched_at = excluded.fetched_at, failures = 0,
       retry_at = excluded.retry_at, data = excluded.data, error = NULL`);
  db.transaction(() => {
    for (const [key, paper] of answer) {
      put.run(source, key, paper ? 'found' : 'not-found', now, paper ? null : now + NOT_FOUND_RETRY_MS, paper ? JSON.stringify(paper) : null);
    }
  })();
}

/**
 * Records a failed request for these keys: each is tried again later, the wait doubling with its failures in a row.
 * A key already found keeps its answer (a failed refresh never loses data). Returns the earliest retry time.
 */
export function recordFailure(db: Db, source: MetadataSource, keys: readonly string[], now: number, error: string, firstRetryMs = FAILURE_RETRY_MS.first): number {
  let earliest = Infinity;
  db.transaction(() => {
    for (const key of keys) {
      const prior = cachedLookup(db, source, key);
      if (prior?.state === 'found') continue;
      const failures = (prior?.failures ?? 0) + 1;
      const retryAt = now + Math.min(FAILURE_RETRY_MS.max, firstRetryMs * 2 ** (failures - 1));
      earliest = Math.min(earliest, retryAt);
      stmt(db, `INSERT INTO metadata_lookups (source, lookup_key, state, fetched_at, failures, retry_at, data, error)
         VALUES (?, ?, 'failed', ?, ?, ?, NULL, ?)
         ON CONFLICT(source, lookup_key) DO UPDATE SET state = 'failed', fetched_at = excluded.fetched_at, failures = excluded.failures,
           retry_at = excluded.retry_at, error = excluded.error`,
      ).run(source, key, now, failures, retryAt, error.slice(0, 300));
    }
  })();
  return earliest;
}

/** How many keys of a source are in each state (the CLI's final count). */
export function lookupStates(db: Db, source: MetadataSource, keys: readonly string[]): Record<CachedLookup['state'] | 'never', number> {
  const out = { found: 0, 'not-found': 0, failed: 0, never: 0 };
  for (const k of keys) out[cachedLookup(db, source, k)?.state ?? 'never']++;
  return out;
}

// ---------------------------------------------------------------- papers

interface PaperKeysRow {
  id: number;
  title: string;
  url: string;
  arxiv_id: string | null;
}

/** The look-up keys of a paper (by its arXiv id, URL and identifiers), or null when the paper is gone. */
export function keysOfPaper(db: Db, paperId: number): LookupKeys | null {
  const r = stmt(db, `SELECT id, title, url, arxiv_id FROM papers WHERE id = ?`).get(paperId) as PaperKeysRow | undefined;
  return r ? lookupKeysOf({ arxivId: r.arxiv_id, url: r.url }, identifiersOf(db, paperId)) : null;
}

/**
 * Identity gets better, never worse: the ids a source names for a paper (arXiv, DOI, ACL Anthology) join its
 * identifiers, so the same work reached by another link is found. Only a kind the paper has no identifier of yet (a
 * paper known by a DOI is never given a second DOI on a source's word), and never an id that names another paper
 * (addPaperIdentifiers leaves it to that one): a look-up never merges two papers. Returns the identifiers added.
 */
export function addFetchedIdentifiers(db: Db, paperId: number, ids: ExternalIds): PaperIdentifier[] {
  const known = new Set(identifiersOf(db, paperId).map((i) => i.kind));
  const offered: PaperIdentifier[] = [];
  if (ids.arxiv) offered.push({ kind: 'arxiv', value: ids.arxiv });
  if (ids.doi) offered.push({ kind: 'doi', value: ids.doi });
  if (ids.acl) offered.push({ kind: 'acl', value: ids.acl });
  return offered.filter((id) => !known.has(id.kind) && addPaperIdentifiers(db, paperId, [id]) > 0);
}

/** A paper's answers, arXiv's first: what the sources said about it. */
export function answersOfPaper(db: Db, paperId: number): CachedLookup[] {
  const keys = keysOfPaper(db, paperId);
  if (!keys) return [];
  const arxiv = keys.arxiv ? cachedLookup(db, 'arxiv', keys.arxiv) : null;
  // Any form Semantic Scholar answered for (the paper may have gained a better id since it was asked).
  const s2 = s2Answer(db, keys);
  return [arxiv, s2].filter((c): c is CachedLookup => c !== null);
}

/** Semantic Scholar's answer for a paper under any of its keys: a found one first, else the first key's. */
export function s2Answer(db: Db, keys: LookupKeys): CachedLookup | null {
  const cached = keys.s2.map((k) => cachedLookup(db, 's2', k)).filter((c): c is CachedLookup => c !== null);
  return cached.find((c) => c.state === 'found') ?? (keys.s2[0] ? cachedLookup(db, 's2', keys.s2[0]) : null);
}

/**
 * The fetched title a placeholder title ('https://arxiv.org/abs/…', 'arXiv:…') gives way to, arXiv's before Semantic
 * Scholar's; null when none applies. With `orFetched`, a title an earlier answer filled in gives way too (Semantic
 * Scholar answered first, arXiv since), unless a list entry of the paper uses those very words.
 */
export function fetchedTitleFor(db: Db, paperId: number, title: string, orFetched = false): string | null {
  const titles = answersOfPaper(db, paperId).flatMap((a) => (a.state === 'found' && a.paper?.title ? [a.paper.title] : []));
  if (!titles.length) return null;
  if (isPlaceholderTitle(title)) return titles[0]!;
  const filledBefore = orFetched && titles.includes(title) && !stmt(db, `SELECT 1 FROM list_entries WHERE paper_id = ? AND title = ?`).get(paperId, title);
  return filledBefore ? titles[0]! : null;
}

/**
 * Fills the gaps the answers can fill in the papers themselves: a placeholder title becomes the fetched one (so
 * search, the ballot, the calendar and every reply name it). Nothing a list wrote is replaced. Returns the ids changed.
 */
export function applyFetchedTitles(db: Db, paperIds: Iterable<number>): number[] {
  const changed: number[] = [];
  db.transaction(() => {
    for (const id of paperIds) {
      const row = stmt(db, `SELECT id, title, url, arxiv_id FROM papers WHERE id = ?`).get(id) as PaperKeysRow | undefined;
      const title = row ? fetchedTitleFor(db, id, row.title, true) : null;
      if (!row || !title || title === row.title) continue;
      stmt(db, `UPDATE papers SET title = ?, norm_title = ? WHERE id = ?`).run(title, normalizeTitle(title), id);
      changed.push(id);
    }
  })();
  return changed;
}

/** Ids of the papers of a list, in list order (what `paperclub enrich --list` fills). */
export function paperIdsOfList(db: Db, listId: number): number[] {
  return stmt(db, `SELECT paper_id FROM list_entries WHERE list_id = ? ORDER BY position`).pluck().all(listId) as number[];
}

/** Ids of every paper of the catalog. */
export function allPaperIds(db: Db): number[] {
  return stmt(db, `SELECT id FROM papers ORDER BY id`).pluck().all() as number[];
}
