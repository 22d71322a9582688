import { sql, type Selectable } from 'kysely';
import type { ListEntriesTable } from './schema.ts';
import { idList, insertReturningId, type Db, type RunResult } from './db.ts';
import type { Link, Paper, ReadingList } from '../catalog/types.ts';
import { UserError } from '../errors.ts';
import { toPaper, type PaperRow } from './paper-rows.ts';
/** Owner of the shared lists: the shipped seeds (and lists imported before lists had owners). Read-only to communities. */
export const SHARED_OWNER = '';
/** The operator's community: lists imported with the CLI. */
export const OPERATOR = 'operator';

/** The community a chat place belongs to: 'discord:<guild id>', 'slack:<team id>', 'console:local'. */
export function communityOf(where: { platform: string; workspace: string }): string {
  return `${where.platform}:${where.workspace}`;
}

/** A paper as one list places it. */
export interface ListPaper {
  position: number;
  section: string | null;
  readMark: boolean | null;
  extraLinks: Link[];
  /** This list's own one-liner for the paper, else the paper's best one-liner from other lists. */
  blurb: string | null;
  paper: Paper;
}

/** A list_entries row as stored (the schema's own type, so the two cannot drift). */
export type EntryRow = Selectable<ListEntriesTable>;

interface ListRow {
  id: number;
  owner: string;
  slug: string;
  title: string;
  source: string | null;
  entry_count: number;
  paper_count: number;
}

/**
 * A list's columns and sizes. What counts as a paper is one definition for every count the bot shows (/paper lists,
 * /progress, the export, list switches) and for what a club schedules by default (admin-actions.ts): an entry whose
 * paper is of kind 'paper'; the list's other entries are other resources (blogs, threads, repos, courses…).
 */
const LIST_COLUMNS = `l.id, l.owner, l.slug, l.title, l.source, (SELECT COUNT(*) FROM list_entries e WHERE e.list_id = l.id) AS entry_count,
  (SELECT COUNT(DISTINCT e.paper_id) FROM list_entries e JOIN papers p ON p.id = e.paper_id WHERE e.list_id = l.id AND p.kind = 'paper') AS paper_count`;

function toList(r: ListRow): ReadingList {
  return { id: r.id, owner: r.owner, slug: r.slug, title: r.title, source: r.source, entryCount: r.entry_count, paperCount: r.paper_count };
}

/** Whether another paper has this arXiv id. */
export async function arxivTaken(db: Db, arxiv: string, paperId: number): Promise<boolean> {
  return !!await db.first(sql`SELECT 1 FROM papers WHERE arxiv_id = ${arxiv} AND id <> ${paperId}`);
}

/** Every (table, column) whose foreign key points at papers(id): the club tables keep a paper alive (its own identifiers do not). */
const referenceCache = new WeakMap<Db, Array<{ table: string; column: string }>>();
async function paperReferences(db: Db): Promise<Array<{ table: string; column: string }>> {
  let refs = referenceCache.get(db.root);
  if (!refs) {
    refs = (db.dialect === 'sqlite'
      ? await db.all(sql`SELECT m.name AS "table", f."from" AS "column"
         FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f."table" = 'papers' AND m.name <> 'paper_identifiers'`)
      : await db.all(sql`SELECT t.relname AS "table", a.attname AS "column"
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND c.confrelid = 'papers'::regclass AND t.relname <> 'paper_identifiers'
         ORDER BY t.relname, a.attname`)) as Array<{ table: string; column: string }>;
    referenceCache.set(db.root, refs);
  }
  return refs;
}

/** Deletes a paper only when no list entry, sequence, mark, note, presenter or meeting refers to it. */
export async function deleteIfOrphan(db: Db, paperId: number): Promise<void> {
  for (const { table, column } of await paperReferences(db)) {
    const used = await db.first(sql`SELECT 1 FROM "${sql.raw(table.replace(/"/g, '""'))}" WHERE "${sql.raw(column.replace(/"/g, '""'))}" = ${paperId} LIMIT 1`);
    if (used) return;
  }
  await db.run(sql`DELETE FROM papers WHERE id = ${paperId}`);
}

// ---------------------------------------------------------------- reads

/**
 * The list a community means by a slug: its own list of that slug, else the shared one; null when neither exists.
 * Without a community, only the shared lists are seen.
 */
export async function getList(db: Db, slug: string, community?: string): Promise<ReadingList | null> {
  return (community ? await ownList(db, community, slug) : null) ?? (await ownList(db, SHARED_OWNER, slug));
}

/**
 * Which list a club following `slug` reads, without its counts (getList's rule in one query: the community's own list
 * under that slug, else the shared one). For the hot paths that only need its id and owner (a paper's blurb and link).
 */
export async function listRefOf(db: Db, slug: string, community?: string): Promise<Pick<ReadingList, 'id' | 'owner'> | null> {
  const row = (await db.first(sql`SELECT l.id, l.owner FROM lists l WHERE ${followedBy(slug, community)}`)) as { id: number; owner: string } | undefined;
  return row ? { id: Number(row.id), owner: row.owner } : null;
}

/** SQL after the WHERE of a query on `lists l`: the one list a club following `slug` reads (getList's rule). */
function followedBy(slug: string, community?: string) {
  const owners = community ? [community, SHARED_OWNER] : [SHARED_OWNER];
  return sql`l.slug = ${slug} AND l.owner IN (${sql.join(owners)}) ORDER BY CASE WHEN l.owner = ${SHARED_OWNER} THEN 1 ELSE 0 END LIMIT 1`;
}

/** The list an owner has under a slug (no fallback to the shared lists), or null. */
export async function ownList(db: Db, owner: string, slug: string): Promise<ReadingList | null> {
  const row = await db.first(sql`SELECT ${sql.raw(LIST_COLUMNS)} FROM lists l WHERE l.owner = ${owner} AND l.slug = ${slug}`) as ListRow | undefined;
  return row ? toList(row) : null;
}

/** A list by id, or null. */
export async function getListById(db: Db, id: number): Promise<ReadingList | null> {
  const row = await db.first(sql`SELECT ${sql.raw(LIST_COLUMNS)} FROM lists l WHERE l.id = ${id}`) as ListRow | undefined;
  return row ? toList(row) : null;
}

/**
 * The lists a community sees: the shared lists (the default sequence first) and then its own; its own list of a
 * slug hides the shared one of that slug. Without a community, the shared lists.
 */
export async function allLists(db: Db, community?: string): Promise<ReadingList[]> {
  const rows = await db.all(sql`SELECT ${sql.raw(LIST_COLUMNS)} FROM lists l WHERE l.owner = '' OR l.owner = ${community ?? SHARED_OWNER} ORDER BY l.owner <> '', l.id`) as ListRow[];
  const own = new Set(rows.filter((r) => r.owner !== SHARED_OWNER).map((r) => r.slug));
  return rows.filter((r) => r.owner !== SHARED_OWNER || !own.has(r.slug)).map(toList);
}

/** The papers of a list in list order, with the list's own words (blurb, section, mark); an unknown slug throws UserError. */
export async function listPapers(db: Db, slug: string, opts: { offset?: number; limit?: number; community?: string } = {}): Promise<ListPaper[]> {
  const list = await getList(db, slug, opts.community);
  if (!list) throw new UserError('unknown-list', `no list "${slug}"; see \`paperclub lists\``);
  const rows = await db.all(sql`SELECT e.position, e.section, e.read_mark, e.extra_links, e.summary AS entry_summary, e.footnote AS entry_footnote, e.url AS entry_url, p.*
       FROM list_entries e JOIN papers p ON p.id = e.paper_id
       WHERE e.list_id = ${list.id} ORDER BY e.position LIMIT ${opts.limit ?? (db.dialect === 'sqlite' ? -1 : null)} OFFSET ${Math.max(0, opts.offset ?? 0)}`) as Array<
    PaperRow & { position: number; section: string | null; read_mark: number | null; extra_links: string; entry_summary: string | null; entry_footnote: string | null; entry_url: string }
  >;
  return rows.map((r) => ({
    position: r.position,
    section: r.section,
    readMark: r.read_mark === null ? null : r.read_mark === 1,
    extraLinks: JSON.parse(r.extra_links) as Link[],
    blurb: r.entry_summary ?? r.summary,
    paper: { ...toPaper(r), url: ownUrl(list, r.entry_url) ?? r.url },
  }));
}

/** A community's own list shows its entries at its own addresses; a shared list shows the paper's (null: the paper's). */
export function ownUrl(list: Pick<ReadingList, 'owner'>, entryUrl: string): string | null {
  return list.owner !== SHARED_OWNER && entryUrl ? entryUrl : null;
}

/** A list's own blurb for a paper, if it has one. */
export async function entryBlurb(db: Db, listId: number, paperId: number): Promise<{ summary: string; footnote: string | null } | undefined> {
  return await db.first(sql`SELECT summary, footnote FROM list_entries WHERE list_id = ${listId} AND paper_id = ${paperId} AND summary IS NOT NULL LIMIT 1`);
}

/** The paper's own one-liner (the best of its lists'), if any. */
export async function paperBlurb(db: Db, paperId: number): Promise<{ summary: string | null; footnote: string | null } | undefined> {
  return await db.first(sql`SELECT summary, footnote FROM papers WHERE id = ${paperId}`);
}

/** The address a list gives a paper, if the list carries it. */
export async function entryUrlOf(db: Db, listId: number, paperId: number): Promise<string | undefined> {
  return await db.value<string>(sql`SELECT url FROM list_entries WHERE list_id = ${listId} AND paper_id = ${paperId} LIMIT 1`);
}

/** Ids of a list's papers (entries of kind 'paper', as paperCount counts them; LIST_COLUMNS). */
export async function listPaperIds(db: Db, listId: number): Promise<number[]> {
  return await db.values<number>(sql`SELECT DISTINCT e.paper_id FROM list_entries e JOIN papers p ON p.id = e.paper_id WHERE e.list_id = ${listId} AND p.kind = 'paper'`);
}

/**
 * Ids of the papers of the list a club following `slug` reads (listRefOf's rule), in one query: the list and its
 * papers together, for /progress and /read, which need only the ids.
 */
export async function followedListPaperIds(db: Db, slug: string, community?: string): Promise<number[]> {
  return await db.values<number>(sql`SELECT DISTINCT e.paper_id FROM list_entries e JOIN papers p ON p.id = e.paper_id
    WHERE p.kind = 'paper' AND e.list_id = (SELECT l.id FROM lists l WHERE ${followedBy(slug, community)})`);
}

/** A paper by its numeric id, or null. */
export async function getPaper(db: Db, id: number): Promise<Paper | null> {
  const row = await db.first(sql`SELECT * FROM papers WHERE id = ${id}`) as PaperRow | undefined;
  return row ? toPaper(row) : null;
}

/** getPaper for several ids in one query, by id (ids with no paper are absent). */
export async function getPapers(db: Db, ids: readonly number[]): Promise<Map<number, Paper>> {
  if (!ids.length) return new Map();
  const rows = (await db.all(sql`SELECT * FROM papers WHERE id IN ${idList(db, [...new Set(ids)])}`)) as PaperRow[];
  return new Map(rows.map((r) => { const p = toPaper(r); return [p.id, p]; }));
}

/** The lists a paper is on that a community sees (the shared ones without a community), in list order. */
/**
 * Titles of the lists a community sees (allLists' rule: the shared lists, except those its own list of the same slug
 * replaces, and its own) that hold the paper, in allLists' order. One query without the lists' counts: thousands of
 * weekly posts built together each name their paper's lists.
 */
export async function listTitlesOfPaper(db: Db, paperId: number, community?: string): Promise<string[]> {
  const owner = community ?? SHARED_OWNER;
  return await db.values<string>(sql`SELECT l.title FROM lists l
    WHERE (l.owner = ${SHARED_OWNER} OR l.owner = ${owner})
      AND EXISTS (SELECT 1 FROM list_entries e WHERE e.list_id = l.id AND e.paper_id = ${paperId})
      AND NOT (l.owner = ${SHARED_OWNER} AND EXISTS (SELECT 1 FROM lists o WHERE o.owner = ${owner} AND o.owner <> ${SHARED_OWNER} AND o.slug = l.slug))
    ORDER BY CASE WHEN l.owner <> ${SHARED_OWNER} THEN 1 ELSE 0 END, l.id`);
}

/** Where a paper sits in each list a community sees, with that list's own blurb for it. */
export async function placesOfPaper(
  db: Db,
  paperId: number,
  community?: string,
): Promise<Array<{ list: ReadingList; position: number; section: string | null; readMark: boolean | null; blurb: string | null }>> {
  const rows = await db.all(sql`SELECT e.list_id, e.position, e.section, e.read_mark, e.summary FROM list_entries e WHERE e.paper_id = ${paperId} ORDER BY e.list_id, e.position`) as Array<{ list_id: number; position: number; section: string | null; read_mark: number | null; summary: string | null }>;
  const lists = new Map((await allLists(db, community)).map((l) => [l.id, l]));
  return rows
    .filter((r) => lists.has(r.list_id))
    .map((r) => ({ list: lists.get(r.list_id)!, position: r.position, section: r.section, readMark: r.read_mark === null ? null : r.read_mark === 1, blurb: r.summary }));
}

/** Whether a paper has this arXiv id. */
export async function paperWithArxiv(db: Db, arxiv: string): Promise<boolean> {
  return (await db.first(sql`SELECT 1 FROM papers WHERE arxiv_id = ${arxiv}`)) !== undefined;
}

/** Whether a paper has this key. */
export async function paperWithKey(db: Db, key: string): Promise<boolean> {
  return (await db.first(sql`SELECT 1 FROM papers WHERE key = ${key}`)) !== undefined;
}

/** A paper a member suggested by title (or arXiv id) that no list carries; returns its id. */
export async function insertTitleOnlyPaper(
  db: Db,
  p: { key: string; title: string; url: string; arxiv: string | null; normUrl: string | null; normTitle: string; year: number | null },
): Promise<number> {
  return await insertReturningId(db, sql`INSERT INTO papers (key, title, nickname, url, arxiv_id, norm_url, norm_title, summary, footnote, year, kind)
              VALUES (${p.key}, ${p.title}, NULL, ${p.url}, ${p.arxiv}, ${p.normUrl}, ${p.normTitle}, NULL, NULL, ${p.year}, 'paper')`);
}

/** Creates or updates a list's row (its entries are written apart). */
export async function insertList(db: Db, owner: string, slug: string, title: string, source: string | null, now: number, hash: string, importerVersion: number): Promise<RunResult> {
  return await db.run(sql`INSERT INTO lists (owner, slug, title, source, imported_at, content_hash, importer_version) VALUES (${owner}, ${slug}, ${title}, ${source}, ${now}, ${hash}, ${importerVersion})
       ON CONFLICT(owner, slug) DO UPDATE SET title = excluded.title, source = excluded.source, imported_at = excluded.imported_at,
         content_hash = excluded.content_hash, importer_version = excluded.importer_version`);
}

/** The id of an owner's list of that slug (it must exist). */
export async function listIdOf(db: Db, owner: string, slug: string): Promise<{ id: number }> {
  return (await db.first(sql`SELECT id FROM lists WHERE owner = ${owner} AND slug = ${slug}`)) as { id: number };
}

/** A list's entries as stored. */
export async function entriesOfList(db: Db, listId: number): Promise<EntryRow[]> {
  return (await db.all(sql`SELECT * FROM list_entries WHERE list_id = ${listId}`)) as EntryRow[];
}

/** Removes a list's entries (an import writes them anew). */
export async function deleteEntriesOfList(db: Db, listId: number): Promise<RunResult> {
  return await db.run(sql`DELETE FROM list_entries WHERE list_id = ${listId}`);
}

/** The triggers that keep the full-text index in step with papers, with their text. */
export async function searchIndexTriggers(db: Db): Promise<Array<{ name: string; sql: string }>> {
  // PostgreSQL's index is an expression index on papers, kept by the server: nothing to suspend.
  if (db.dialect === 'postgres') return [];
  return (await db.all(sql`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'papers' AND name LIKE 'papers_fts_%'`)) as Array<{ name: string; sql: string }>;
}

/** Drops a trigger (a bulk import suspends the search index's). */
export async function dropTrigger(db: Db, name: string): Promise<RunResult> {
  return await db.run(sql`DROP TRIGGER ${sql.id(name)}`);
}

/** Puts back a trigger dropped by dropTrigger, from its text as the schema held it. */
export async function restoreTrigger(db: Db, text: string): Promise<void> {
  await db.run(sql.raw(text));
}

/** One entry of a list, as importList builds it. */
export async function insertListEntry(db: Db, row: EntryRow): Promise<void> {
  await db.run(db.k.insertInto('list_entries').values(row));
}

/** The fields of a paper that its lists decide (refreshPaper). */
export async function updatePaper(
  db: Db,
  paperId: number,
  next: Pick<PaperRow, 'key' | 'title' | 'nickname' | 'url' | 'arxiv_id' | 'norm_url' | 'norm_title' | 'summary' | 'footnote' | 'year' | 'kind'>,
): Promise<void> {
  await db.run(db.k.updateTable('papers').set(next).where('id', '=', paperId));
}

/** Rebuilds the full-text index from the papers, once after a bulk import. */
export async function rebuildSearchIndex(db: Db): Promise<RunResult> {
  if (db.dialect === 'postgres') return { changes: 0, insertId: 0 };
  return await db.run(sql`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`);
}

/** What an import compares to skip an unchanged file. */
export async function listImportInfo(db: Db, listId: number): Promise<| { content_hash: string | null; importer_version: number | null; title: string; source: string | null }
    | undefined> {
  return (await db.first(sql`SELECT content_hash, importer_version, title, source FROM lists WHERE id = ${listId}`)) as | { content_hash: string | null; importer_version: number | null; title: string; source: string | null }
    | undefined;
}

/** A paper's row, or undefined. */
export async function paperRow(db: Db, paperId: number): Promise<PaperRow | undefined> {
  return (await db.first(sql`SELECT * FROM papers WHERE id = ${paperId}`)) as PaperRow | undefined;
}

/** Every entry of a paper, with its list's owner: shared lists first. */
export async function entriesOfPaper(db: Db, paperId: number): Promise<Array<EntryRow & { owner: string }>> {
  return (await db.all(sql`SELECT e.*, l.owner AS owner FROM list_entries e JOIN lists l ON l.id = e.list_id WHERE e.paper_id = ${paperId}
       ORDER BY l.owner <> '', e.list_id, e.position`)) as Array<EntryRow & { owner: string }>;
}

/** The paper of this id (none or one). */
export async function papersById(db: Db, id: number): Promise<PaperRow[]> {
  return (await db.all(sql`SELECT * FROM papers WHERE id = ${id}`)) as PaperRow[];
}

/** Papers with this arXiv id, or (from before ids were kept) its arxiv: URL; the one with the id first. */
export async function papersByArxiv(db: Db, arxiv: string): Promise<PaperRow[]> {
  return (await db.all(sql`SELECT * FROM papers WHERE arxiv_id = ${arxiv} OR (arxiv_id IS NULL AND norm_url = ${`arxiv:${arxiv}`}) ORDER BY arxiv_id IS NULL, id`)) as PaperRow[];
}

/** Papers whose normalized URL is this. */
export async function papersByNormUrl(db: Db, normUrl: string | null): Promise<PaperRow[]> {
  return (await db.all(sql`SELECT * FROM papers WHERE norm_url = ${normUrl} ORDER BY id`)) as PaperRow[];
}

/** Papers a list entry links at this exact URL. */
export async function papersByEntryUrl(db: Db, q: string): Promise<PaperRow[]> {
  return (await db.all(sql`SELECT p.* FROM list_entries e JOIN papers p ON p.id = e.paper_id WHERE e.url = ${q} ORDER BY p.id`)) as PaperRow[];
}

/** Papers whose normalized title is this. */
export async function papersByNormTitle(db: Db, normTitle: string): Promise<PaperRow[]> {
  return (await db.all(sql`SELECT * FROM papers WHERE norm_title = ${normTitle} ORDER BY id`)) as PaperRow[];
}

/** Whether any list carries the paper. */
export async function isListed(db: Db, id: number): Promise<boolean> {
  return (await db.first(sql`SELECT 1 FROM list_entries WHERE paper_id = ${id} LIMIT 1`)) !== undefined;
}

/**
 * Full-text search, best first: title and nickname weighted ten to one over the summary. `match` is FTS5 text of
 * quoted words (`"a" "b"*`, or joined by OR), as PaperFinder writes it. SQLite: FTS5 with bm25. PostgreSQL: the same
 * words as a tsquery (AND or OR, a trailing * as a prefix) over paper_search_vector's GIN index, ranked by ts_rank
 * with the same weights; equal ranks may come in another order than on SQLite.
 */
export async function searchPaperRows(db: Db, match: string, limit: number): Promise<PaperRow[]> {
  if (db.dialect === 'postgres') {
    const query = ftsToTsquery(match);
    if (!query) return [];
    return (await db.all(sql`SELECT p.* FROM (
               SELECT id, ts_rank('{0, 0, 0.1, 1}', paper_search_vector(title, nickname, summary), q) AS score
               FROM papers, to_tsquery('english', paper_unaccent(${query})) q
               WHERE paper_search_vector(title, nickname, summary) @@ q ORDER BY score DESC, id LIMIT ${limit}) f
             JOIN papers p ON p.id = f.id ORDER BY f.score DESC, p.id`)) as PaperRow[];
  }
  return (await db.all(sql`SELECT p.* FROM (
             SELECT rowid AS id, bm25(papers_fts, 10.0, 10.0, 1.0) AS score FROM papers_fts
             WHERE papers_fts MATCH ${match} ORDER BY score, rowid LIMIT ${limit}) f
           JOIN papers p ON p.id = f.id ORDER BY f.score, p.id`)) as PaperRow[];
}

/** Every paper, by id (what the in-memory index is built from). */
export async function allPaperRows<Row>(db: Db): Promise<Row[]> {
  return (await db.all(sql`SELECT * FROM papers ORDER BY id`)) as Row[];
}





/**
 * FTS5 match text of quoted words, AND-ed by juxtaposition or OR-ed, a trailing `*` a prefix, as tsquery text. The
 * words are letters and digits only (PaperFinder splits on anything else), so they are safe in tsquery syntax.
 */
function ftsToTsquery(match: string): string {
  const or = / OR /.test(match);
  const words = [...match.matchAll(/"([^"]*)"(\*?)/g)]
    .map(([, word, star]) => ({ word: word!.replace(/[^\p{L}\p{N}]+/gu, ''), prefix: star === '*' }))
    .filter((w) => w.word !== '');
  return words.map((w) => (w.prefix ? `${w.word}:*` : w.word)).join(or ? ' | ' : ' & ');
}
