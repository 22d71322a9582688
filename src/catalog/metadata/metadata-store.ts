import type { LookupRow } from '../../store/metadata.ts';
import { filterInOrder, mapInOrder } from '../../in-order.ts';
/** All SQL of paper metadata: the look-up cache (metadata_lookups) and the gaps it fills in papers. */
import type { Db } from '../../store/db.ts';
import { isPlaceholderTitle, lookupKeysOf, type LookupKeys } from './lookup-keys.ts';
import type { ExternalIds, FetchedPaper, MetadataSource, SourceAnswer } from './types.ts';
import { normalizeTitle } from '../../canonical-ids.ts';
import { addPaperIdentifiers } from '../../store/paper-identities.ts';
import { identifiersOf } from '../../store/paper-identities.ts';
import type { PaperIdentifier } from '../../paper-identifiers.ts';
import { lookupRow, lookupDue, putAnswer, putFailure, paperKeysRow, entryHasTitle, paperKeysRowOf, setPaperTitle, paperIdsOfListRows, paperIdsAll } from '../../store/metadata.ts';

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
export async function cachedLookup(db: Db, source: MetadataSource, key: string): Promise<CachedLookup | null> {
  const r = await lookupRow(db, source, key);
  return r ? toCached(r) : null;
}

/** Whether a key needs asking now: never asked, or its retry time (not found, failed) has come; `retryFailed`: failed ones at once. */
export async function isDue(db: Db, source: MetadataSource, key: string, now: number, retryFailed = false): Promise<boolean> {
  const r = await lookupDue(db, source, key);
  return !r || (r.state === 'failed' && retryFailed) || (r.state !== 'found' && (r.retry_at ?? 0) <= now);
}

/** Records a source's answers: found papers, and keys it does not know (asked again after NOT_FOUND_RETRY_MS). */
export async function recordAnswers(db: Db, source: MetadataSource, answer: SourceAnswer, now: number): Promise<void> {
  await db.transaction(async (db) => {
    for (const [key, paper] of answer) {
      const retryAt = paper ? null : now + NOT_FOUND_RETRY_MS;
      const data = paper ? JSON.stringify(paper) : null;
      await putAnswer(db, source, key, paper ? 'found' : 'not-found', now, retryAt, data);
    }
  });
}

/**
 * Records a failed request for these keys: each is tried again later, the wait doubling with its failures in a row.
 * A key already found keeps its answer (a failed refresh never loses data). Returns the earliest retry time.
 */
export async function recordFailure(db: Db, source: MetadataSource, keys: readonly string[], now: number, error: string, firstRetryMs = FAILURE_RETRY_MS.first): Promise<number> {
  let earliest = Infinity;
  await db.transaction(async (db) => {
        for (const key of keys) {
          const prior = await cachedLookup(db, source, key);
          if (prior?.state === 'found') continue;
          const failures = (prior?.failures ?? 0) + 1;
          const retryAt = now + Math.min(FAILURE_RETRY_MS.max, firstRetryMs * 2 ** (failures - 1));
          earliest = Math.min(earliest, retryAt);
          await putFailure(db, source, key, now, failures, retryAt, error.slice(0, 300));
        }
      });
  return earliest;
}

/** How many keys of a source are in each state (the CLI's final count). */
export async function lookupStates(db: Db, source: MetadataSource, keys: readonly string[]): Promise<Record<CachedLookup['state'] | 'never', number>> {
  const out = { found: 0, 'not-found': 0, failed: 0, never: 0 };
  for (const k of keys) out[(await cachedLookup(db, source, k))?.state ?? 'never']++;
  return out;
}

// ---------------------------------------------------------------- papers


/** The look-up keys of a paper (by its arXiv id, URL and identifiers), or null when the paper is gone. */
export async function keysOfPaper(db: Db, paperId: number): Promise<LookupKeys | null> {
  const r = await paperKeysRow(db, paperId);
  return r ? lookupKeysOf({ arxivId: r.arxiv_id, url: r.url }, await identifiersOf(db, paperId)) : null;
}

/**
 * Identity gets better, never worse: the ids a source names for a paper (arXiv, DOI, ACL Anthology) join its
 * identifiers, so the same work reached by another link is found. Only a kind the paper has no identifier of yet (a
 * paper known by a DOI is never given a second DOI on a source's word), and never an id that names another paper
 * (addPaperIdentifiers leaves it to that one): a look-up never merges two papers. Returns the identifiers added.
 */
export async function addFetchedIdentifiers(db: Db, paperId: number, ids: ExternalIds): Promise<PaperIdentifier[]> {
  const known = new Set((await identifiersOf(db, paperId)).map((i) => i.kind));
  const offered: PaperIdentifier[] = [];
  if (ids.arxiv) offered.push({ kind: 'arxiv', value: ids.arxiv });
  if (ids.doi) offered.push({ kind: 'doi', value: ids.doi });
  if (ids.acl) offered.push({ kind: 'acl', value: ids.acl });
  return filterInOrder(offered, async (id) => !known.has(id.kind) && (await addPaperIdentifiers(db, paperId, [id])) > 0);
}

/** A paper's answers, arXiv's first: what the sources said about it. */
export async function answersOfPaper(db: Db, paperId: number): Promise<CachedLookup[]> {
  const keys = await keysOfPaper(db, paperId);
  if (!keys) return [];
  const arxiv = keys.arxiv ? await cachedLookup(db, 'arxiv', keys.arxiv) : null;
  // Any form Semantic Scholar answered for (the paper may have gained a better id since it was asked).
  const s2 = await s2Answer(db, keys);
  return [arxiv, s2].filter((c): c is CachedLookup => c !== null);
}

/** Semantic Scholar's answer for a paper under any of its keys: a found one first, else the first key's. */
export async function s2Answer(db: Db, keys: LookupKeys): Promise<CachedLookup | null> {
  const cached = (await mapInOrder(keys.s2, (k) => cachedLookup(db, 's2', k))).filter((c): c is CachedLookup => c !== null);
  return cached.find((c) => c.state === 'found') ?? (keys.s2[0] ? await cachedLookup(db, 's2', keys.s2[0]) : null);
}

/**
 * The fetched title a placeholder title ('https://arxiv.org/abs/…', 'arXiv:…') gives way to, arXiv's before Semantic
 * Scholar's; null when none applies. With `orFetched`, a title an earlier answer filled in gives way too (Semantic
 * Scholar answered first, arXiv since), unless a list entry of the paper uses those very words.
 */
export async function fetchedTitleFor(db: Db, paperId: number, title: string, orFetched = false): Promise<string | null> {
  const titles = (await answersOfPaper(db, paperId)).flatMap((a) => (a.state === 'found' && a.paper?.title ? [a.paper.title] : []));
  if (!titles.length) return null;
  if (isPlaceholderTitle(title)) return titles[0]!;
  const filledBefore = orFetched && titles.includes(title) && !await entryHasTitle(db, paperId, title);
  return filledBefore ? titles[0]! : null;
}

/**
 * Fills the gaps the answers can fill in the papers themselves: a placeholder title becomes the fetched one (so
 * search, the ballot, the calendar and every reply name it). Nothing a list wrote is replaced. Returns the ids changed.
 */
export async function applyFetchedTitles(db: Db, paperIds: Iterable<number>): Promise<number[]> {
  const changed: number[] = [];
  await db.transaction(async (db) => {
        for (const id of paperIds) {
          const row = await paperKeysRowOf(db, id);
          const title = row ? await fetchedTitleFor(db, id, row.title, true) : null;
          if (!row || !title || title === row.title) continue;
          await setPaperTitle(db, title, normalizeTitle(title), id);
          changed.push(id);
        }
      });
  return changed;
}

/** Ids of the papers of a list, in list order (what `paperclub enrich --list` fills). */
export async function paperIdsOfList(db: Db, listId: number): Promise<number[]> {
  return await paperIdsOfListRows(db, listId);
}

/** Ids of every paper of the catalog. */
export async function allPaperIds(db: Db): Promise<number[]> {
  return await paperIdsAll(db);
}
