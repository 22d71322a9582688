import { sql } from 'kysely';
import type { Db, RunResult } from './db.ts';

/** The sources a look-up is cached for (metadata_lookups.source). */
type MetadataSource = 'arxiv' | 's2';

/** One cached look-up as stored (migration 0015). */
export interface LookupRow {
  source: MetadataSource;
  lookup_key: string;
  state: 'found' | 'not-found' | 'failed';
  fetched_at: number;
  failures: number;
  retry_at: number | null;
  data: string | null;
}

/** What a look-up needs of a paper's row. */
interface PaperKeysRow {
  id: number;
  title: string;
  url: string;
  arxiv_id: string | null;
}

/** A cached look-up, if any. */
export async function lookupRow(db: Db, source: MetadataSource, key: string): Promise<LookupRow | undefined> {
  return (await db.first(sql`SELECT * FROM metadata_lookups WHERE source = ${source} AND lookup_key = ${key}`)) as LookupRow | undefined;
}

/** What decides whether a key is due to be asked again. */
export async function lookupDue(db: Db, source: MetadataSource, key: string): Promise<| { state: string; retry_at: number | null }
    | undefined> {
  return (await db.first(sql`SELECT state, retry_at FROM metadata_lookups WHERE source = ${source} AND lookup_key = ${key}`)) as | { state: string; retry_at: number | null }
    | undefined;
}

/** A source's answer for a key (found or not), replacing any earlier one. */
export async function putAnswer(db: Db, source: MetadataSource, key: string, state: 'found' | 'not-found', now: number, retryAt: number | null, data: string | null): Promise<RunResult> {
  return await db.run(sql`INSERT INTO metadata_lookups (source, lookup_key, state, fetched_at, failures, retry_at, data, error)
     VALUES (${source}, ${key}, ${state}, ${now}, 0, ${retryAt}, ${data}, NULL)
     ON CONFLICT(source, lookup_key) DO UPDATE SET state = excluded.state, fetched_at = excluded.fetched_at, failures = 0,
       retry_at = excluded.retry_at, data = excluded.data, error = NULL`);
}

/** A failed look-up of a key, with when to try again. */
export async function putFailure(db: Db, source: MetadataSource, key: string, now: number, failures: number, retryAt: number, p5: string): Promise<RunResult> {
  return await db.run(sql`INSERT INTO metadata_lookups (source, lookup_key, state, fetched_at, failures, retry_at, data, error)
         VALUES (${source}, ${key}, 'failed', ${now}, ${failures}, ${retryAt}, NULL, ${p5})
         ON CONFLICT(source, lookup_key) DO UPDATE SET state = 'failed', fetched_at = excluded.fetched_at, failures = excluded.failures,
           retry_at = excluded.retry_at, error = excluded.error`);
}

/** What a look-up needs of a paper. */
export async function paperKeysRow(db: Db, paperId: number): Promise<PaperKeysRow | undefined> {
  return (await db.first(sql`SELECT id, title, url, arxiv_id FROM papers WHERE id = ${paperId}`)) as PaperKeysRow | undefined;
}

/** Whether a list entry of the paper carries this title. */
export async function entryHasTitle(db: Db, paperId: number, title: string): Promise<boolean> {
  return undefined !== await db.first(sql`SELECT 1 FROM list_entries WHERE paper_id = ${paperId} AND title = ${title}`);
}

/** What a fetched title is checked against (applyFetchedTitles). */
export async function paperKeysRowOf(db: Db, id: number): Promise<PaperKeysRow | undefined> {
  return (await db.first(sql`SELECT id, title, url, arxiv_id FROM papers WHERE id = ${id}`)) as PaperKeysRow | undefined;
}

/** A fetched title for a paper its lists named by its address. */
export async function setPaperTitle(db: Db, title: string, normTitle: string, id: number): Promise<RunResult> {
  return await db.run(sql`UPDATE papers SET title = ${title}, norm_title = ${normTitle} WHERE id = ${id}`);
}

/** A list's papers in list order. */
export async function paperIdsOfListRows(db: Db, listId: number): Promise<number[]> {
  return (await db.values(sql`SELECT paper_id FROM list_entries WHERE list_id = ${listId} ORDER BY position`)) as number[];
}

/** Every paper id. */
export async function paperIdsAll(db: Db): Promise<number[]> {
  return (await db.values(sql`SELECT id FROM papers ORDER BY id`)) as number[];
}

