import { createHash } from 'node:crypto';
import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { ListEntry, Link, Paper, ReadingList, UnplacedLink } from './types.ts';
import { UserError } from '../errors.ts';
import importMarkdown from './import-markdown.ts';
import { readListFile, slugFromPath, displayPath } from './list-file.ts';
import { readListConfig, DEFAULT_LISTS_CONFIG } from './list-config.ts';
import { arxivIdFromUrl, arxivYear, normalizeUrl, normalizeTitle, slugify, type IdentifierKind } from './canonical-ids.ts';
import { isHeadline } from './entry-text.ts';
import { paperIndexChanged } from './paper-index.ts';
import { toPaper, type PaperRow } from './paper-row.ts';
import { addPaperIdentifiers, paperIdByIdentifier, findPaper, createPaper, paperUrl, uniqueKey } from './paper-identity-store.ts';

export { identifiersOf, addPaperIdentifiers } from './paper-identity-store.ts';
import splitNickname from './nickname.ts';
import { fetchedOneLiner } from './metadata/details.ts';
import { fetchedTitleFor } from './metadata/metadata-store.ts';
import { isPlaceholderTitle } from './metadata/lookup-keys.ts';

// Looking papers up by what people type (search, names, ids) lives in paper-finder.ts, with the community scope.
import { findPapers } from './paper-finder.ts';
export { findPapers, resolvePaper, searchPapers } from './paper-finder.ts';

/** What an import changed, counted per paper of the list. */
export interface ImportResult {
  list: ReadingList;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** True when the file was byte-identical to the last import (same importer): nothing was parsed or written. */
  skipped: boolean;
  /** Links of the file that are neither entries nor an entry's links, with where they are ([] when skipped). */
  unplaced: UnplacedLink[];
}

/** Owner of the shared lists: the shipped seeds (and lists imported before lists had owners). Read-only to communities. */
export const SHARED_OWNER = '';
/** The operator's community: lists imported with the CLI. */
export const OPERATOR = 'operator';

/** The community a chat place belongs to: 'discord:<guild id>', 'slack:<team id>', 'console:local'. */
export function communityOf(where: { platform: string; workspace: string }): string {
  return `${where.platform}:${where.workspace}`;
}

/** Bumped whenever the importer reads the same file differently, so unchanged files are parsed again once. */
export const IMPORTER_VERSION = 3;

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

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

interface EntryRow {
  list_id: number;
  position: number;
  paper_id: number;
  section: string | null;
  title: string;
  url: string;
  summary: string | null;
  footnote: string | null;
  extra_links: string;
  read_mark: number | null;
  year: number | null;
  kind: string;
}

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

// ---------------------------------------------------------------- import

/**
 * Imports (or re-imports) a markdown list under a slug of its owner, in one transaction; bad input throws UserError
 * and writes nothing. `owner` defaults to the shared lists (seeds, tests); a community passes its own id, so it can never
 * write a seed or another community's list. A byte-identical file (same importer version) is recognised and not parsed.
 */
export function importList(
  db: Db,
  args: {
    slug: string;
    markdown: string | Buffer;
    source?: string;
    now?: number;
    /** Overrides the title the list gives itself. */
    title?: string;
    /** The community the list belongs to (SHARED_OWNER when omitted). */
    owner?: string;
  },
): ImportResult {
  if (!SLUG.test(args.slug)) {
    throw new UserError('bad-slug', `list slug "${args.slug}" must be lower-case letters, digits and dashes (at most 64)`);
  }
  const owner = args.owner ?? SHARED_OWNER;
  const hash = contentHash(args.markdown);
  const before = ownList(db, owner, args.slug);
  if (before && isUnchanged(db, before.id, hash, args)) {
    return { list: before, added: 0, updated: 0, removed: 0, unchanged: before.entryCount, skipped: true, unplaced: [] };
  }
  // Parse fully before touching the database, so bad input leaves it as it was.
  const parsed = importMarkdown(args.markdown, args.source ?? `list "${args.slug}"`, args.slug);
  return db.transaction(() => {
    // A big import updates the search index in one pass at the end instead of one trigger run per row.
    const restoreIndex = parsed.entries.length >= BULK_ENTRIES ? suspendSearchIndex(db) : null;
    const now = args.now ?? Date.now();
    stmt(db, `INSERT INTO lists (owner, slug, title, source, imported_at, content_hash, importer_version) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(owner, slug) DO UPDATE SET title = excluded.title, source = excluded.source, imported_at = excluded.imported_at,
         content_hash = excluded.content_hash, importer_version = excluded.importer_version`,
    ).run(owner, args.slug, args.title?.trim() || parsed.title, args.source ?? null, now, hash, IMPORTER_VERSION);
    const listId = (stmt(db, `SELECT id FROM lists WHERE owner = ? AND slug = ?`).get(owner, args.slug) as { id: number }).id;

    const old = stmt(db, `SELECT * FROM list_entries WHERE list_id = ?`).all(listId) as EntryRow[];
    const oldByPaper = new Map(old.map((r) => [r.paper_id, r]));

    const rows: EntryRow[] = [];
    const inList = new Set<number>();
    for (const entry of parsed.entries) {
      const paperId = findPaper(db, entry) ?? createPaper(db, entry);
      // Every identifier the entry's links give finds this paper from now on (one already another paper's stays its).
      addPaperIdentifiers(db, paperId, entry.identifiers);
      // Two entries the catalog knows are one paper (say, matched by title) stay one entry.
      if (inList.has(paperId)) continue;
      inList.add(paperId);
      rows.push(entryRow(listId, rows.length + 1, paperId, entry));
    }

    stmt(db, `DELETE FROM list_entries WHERE list_id = ?`).run(listId);
    const insert = stmt(db, `INSERT INTO list_entries (list_id, position, paper_id, section, title, url, summary, footnote, extra_links, read_mark, year, kind)
       VALUES (@list_id, @position, @paper_id, @section, @title, @url, @summary, @footnote, @extra_links, @read_mark, @year, @kind)`,
    );
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    const touched = new Set<number>();
    for (const row of rows) {
      insert.run(row);
      const prior = oldByPaper.get(row.paper_id);
      if (!prior) added++;
      else if (sameEntry(prior, row)) unchanged++;
      else updated++;
      if (!prior || !sameEntry(prior, row)) touched.add(row.paper_id);
    }
    const removedIds = old.map((r) => r.paper_id).filter((id) => !inList.has(id));

    // Only papers whose entries changed need their shown fields recomputed.
    for (const id of new Set([...touched, ...removedIds])) refreshPaper(db, id);
    for (const id of removedIds) deleteIfOrphan(db, id);

    restoreIndex?.();
    paperIndexChanged(db);
    const list = getListById(db, listId)!;
    return { list, added, updated, removed: removedIds.length, unchanged, skipped: false, unplaced: parsed.unplaced };
  })();
}

/** From this many entries on, an import rebuilds the search index once rather than row by row. */
const BULK_ENTRIES = 500;

/**
 * Drops the triggers that keep papers_fts in step with papers (inside the caller's transaction) and returns the
 * function that rebuilds the index once and puts the same triggers back, read from the schema so they stay as migrated.
 */
function suspendSearchIndex(db: Db): () => void {
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'papers' AND name LIKE 'papers_fts_%'`).all() as Array<{ name: string; sql: string }>;
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`);
  return () => {
    db.exec(`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`);
    for (const t of triggers) db.exec(t.sql);
  };
}

/** True when importing these bytes under this owner and slug would change nothing (same file, same importer). */
export function isSameImport(db: Db, args: { slug: string; markdown: string | Buffer; source?: string; title?: string; owner?: string }): boolean {
  const list = ownList(db, args.owner ?? SHARED_OWNER, args.slug);
  return !!list && isUnchanged(db, list.id, contentHash(args.markdown), args);
}

function contentHash(markdown: string | Buffer): string {
  return createHash('sha256').update(markdown).digest('hex');
}

// Same bytes, same importer, same title override: the stored entries are what a parse would give.
function isUnchanged(db: Db, listId: number, hash: string, args: { title?: string; source?: string }): boolean {
  const row = stmt(db, `SELECT content_hash, importer_version, title, source FROM lists WHERE id = ?`).get(listId) as
    | { content_hash: string | null; importer_version: number | null; title: string; source: string | null }
    | undefined;
  if (!row || row.content_hash !== hash || row.importer_version !== IMPORTER_VERSION) return false;
  if (args.title?.trim() && args.title.trim() !== row.title) return false;
  return (args.source ?? null) === row.source;
}

/** Imports a list file: checks it exists, is at most 1 MiB, and is UTF-8 text; the slug defaults to the file name. */
export function importListFile(db: Db, path: string, slug?: string, title?: string, owner?: string): ImportResult {
  return importList(db, { slug: slug ?? slugFromPath(path), markdown: readListFile(path), source: displayPath(path), title, owner });
}

export { checkListFile } from './list-file.ts';

/** Imports every default list that is not in the database yet (an existing list is never overwritten). */
export function loadDefaultLists(db: Db, configPath: string = DEFAULT_LISTS_CONFIG): void {
  const lists = readListConfig(configPath);
  db.transaction(() => {
    for (const l of lists) if (!ownList(db, SHARED_OWNER, l.slug)) importListFile(db, l.path, l.slug, l.title);
  })();
}

function entryRow(listId: number, position: number, paperId: number, e: ListEntry): EntryRow {
  return {
    list_id: listId,
    position,
    paper_id: paperId,
    section: e.section,
    // The list's own wording ('ViT; An Image is Worth…'), so the paper can be re-derived from its entries.
    title: e.nickname && !e.title.startsWith(e.nickname) ? `${e.nickname}; ${e.title}` : e.title,
    url: e.url,
    summary: e.summary,
    footnote: e.footnote,
    extra_links: JSON.stringify(e.extraLinks),
    read_mark: e.readMark === null ? null : e.readMark ? 1 : 0,
    year: e.year,
    kind: e.kind,
  };
}

function sameEntry(a: EntryRow, b: EntryRow): boolean {
  return (
    a.position === b.position &&
    a.section === b.section &&
    a.title === b.title &&
    a.url === b.url &&
    a.summary === b.summary &&
    a.footnote === b.footnote &&
    a.extra_links === b.extra_links &&
    a.read_mark === b.read_mark &&
    a.year === b.year &&
    a.kind === b.kind
  );
}

// ---------------------------------------------------------------- paper identity (paper-identity-store.ts)

/**
 * The paper an identifier names, or null. The value is read as a list writes it: an arXiv id with or without version,
 * a DOI in any case or as a doi.org link, an ACL or OpenReview id or link, any URL form of a kind 'url'.
 */
export function findPaperByIdentifier(db: Db, kind: IdentifierKind, value: string): Paper | null {
  const id = paperIdByIdentifier(db, kind, value);
  return id === null ? null : getPaper(db, id);
}

/**
 * Recomputes a paper's shown fields from every list that has it, so the result does not depend on import order:
 * the shared lists (the first by creation first) name it, a community's list only when no shared list has it; the
 * one-liner prefers an "all you need" headline, else the first blurb.
 */
function refreshPaper(db: Db, paperId: number): void {
  const paper = stmt(db, `SELECT * FROM papers WHERE id = ?`).get(paperId) as PaperRow | undefined;
  // Shared lists come first, so a community's own list never renames a paper for everyone else.
  const entries = stmt(db, `SELECT e.*, l.owner AS owner FROM list_entries e JOIN lists l ON l.id = e.list_id WHERE e.paper_id = ?
       ORDER BY l.owner <> '', e.list_id, e.position`)
    .all(paperId) as Array<EntryRow & { owner: string }>;
  if (!paper || entries.length === 0) return;
  const all = entries.map((e) => ({ row: e, ...splitNickname(e.title) }));
  // A paper a shared list carries is shown in the shared lists' words only (title, nickname, link, one-liner, key):
  // a community's own wording stays its own, whichever list was imported first.
  const shared = all.filter((p) => p.row.owner === SHARED_OWNER);
  const parsed = shared.length ? shared : all;
  const first = parsed[0]!;
  // 'GPT3: Language Models are…' in one list and 'Language Models are…' in another: the bare title is the paper's.
  const bare = first.nickname ? normalizeTitle(first.title.replace(/^[^:]+:\s*/, '')) : null;
  const listed = (bare && parsed.find((p) => normalizeTitle(p.title) === bare)?.title) || first.title;
  // A list of bare links names papers by their address: another list's words, else a fetched title (metadata/), fill it.
  const title = isPlaceholderTitle(listed) ? (parsed.find((p) => !isPlaceholderTitle(p.title))?.title ?? fetchedTitleFor(db, paperId, listed) ?? listed) : listed;
  const nickname = parsed.find((p) => p.nickname)?.nickname ?? null;
  const withSummary = parsed.find((p) => isHeadline(p.row.summary)) ?? parsed.find((p) => p.row.summary);
  const arxiv = paper.arxiv_id ?? entries.map((e) => arxivIdFromUrl(e.url)).find((a) => a && !arxivTaken(db, a, paperId)) ?? null;
  // A slug key made from a community's wording is made again from the shared title.
  const fits = (p: (typeof all)[number]) => keyFits(paper.key, slugify(p.title));
  const slugOfOthers = !arxiv && shared.length > 0 && all.some((p) => p.row.owner !== SHARED_OWNER && fits(p)) && !shared.some(fits);
  const next = {
    key: arxiv && paper.key !== arxiv && !stmt(db, `SELECT 1 FROM papers WHERE key = ?`).get(arxiv) ? arxiv : slugOfOthers ? uniqueKey(db, slugify(title)) : paper.key,
    title,
    nickname,
    url: arxiv ? `https://arxiv.org/abs/${arxiv}` : (parsed.find((p) => p.row.url)?.row.url ?? paperUrl('', title)),
    arxiv_id: arxiv,
    norm_url: normalizeUrl(parsed.find((p) => p.row.url)?.row.url ?? ''),
    norm_title: normalizeTitle(title),
    summary: withSummary?.row.summary ?? null,
    footnote: withSummary?.row.footnote ?? null,
    year: parsed.find((p) => p.row.year !== null)?.row.year ?? (arxiv ? arxivYear(arxiv) : null),
    kind: first.row.kind,
  };
  const changed = (Object.keys(next) as Array<keyof typeof next>).some((k) => next[k] !== paper[k]);
  if (!changed) return;
  stmt(db, `UPDATE papers SET key = @key, title = @title, nickname = @nickname, url = @url, arxiv_id = @arxiv_id, norm_url = @norm_url,
       norm_title = @norm_title, summary = @summary, footnote = @footnote, year = @year, kind = @kind WHERE id = @id`,
  ).run({ ...next, id: paperId });
}

/** A key is `base` or `base-N` (uniqueKey's forms). */
function keyFits(key: string, base: string): boolean {
  return key === base || (key.startsWith(`${base}-`) && /^\d+$/.test(key.slice(base.length + 1)));
}

function arxivTaken(db: Db, arxiv: string, paperId: number): boolean {
  return !!stmt(db, `SELECT 1 FROM papers WHERE arxiv_id = ? AND id <> ?`).get(arxiv, paperId);
}

/** Every (table, column) whose foreign key points at papers(id): the club tables keep a paper alive (its own identifiers do not). */
const referenceCache = new WeakMap<Db, Array<{ table: string; column: string }>>();
function paperReferences(db: Db): Array<{ table: string; column: string }> {
  let refs = referenceCache.get(db);
  if (!refs) {
    refs = stmt(db, `SELECT m.name AS "table", f."from" AS "column"
         FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f."table" = 'papers' AND m.name <> 'paper_identifiers'`,
      )
      .all() as Array<{ table: string; column: string }>;
    referenceCache.set(db, refs);
  }
  return refs;
}

/** Deletes a paper only when no list entry, sequence, mark, note, presenter or meeting refers to it. */
function deleteIfOrphan(db: Db, paperId: number): void {
  for (const { table, column } of paperReferences(db)) {
    const used = stmt(db, `SELECT 1 FROM "${table.replace(/"/g, '""')}" WHERE "${column.replace(/"/g, '""')}" = ? LIMIT 1`).get(paperId);
    if (used) return;
  }
  stmt(db, `DELETE FROM papers WHERE id = ?`).run(paperId);
}

// ---------------------------------------------------------------- reads

/**
 * The list a community means by a slug: its own list of that slug, else the shared one; null when neither exists.
 * Without a community, only the shared lists are seen.
 */
export function getList(db: Db, slug: string, community?: string): ReadingList | null {
  return (community ? ownList(db, community, slug) : null) ?? ownList(db, SHARED_OWNER, slug);
}

/** The list an owner has under a slug (no fallback to the shared lists), or null. */
export function ownList(db: Db, owner: string, slug: string): ReadingList | null {
  const row = stmt(db, `SELECT ${LIST_COLUMNS} FROM lists l WHERE l.owner = ? AND l.slug = ?`).get(owner, slug) as ListRow | undefined;
  return row ? toList(row) : null;
}

function getListById(db: Db, id: number): ReadingList | null {
  const row = stmt(db, `SELECT ${LIST_COLUMNS} FROM lists l WHERE l.id = ?`).get(id) as ListRow | undefined;
  return row ? toList(row) : null;
}

/**
 * The lists a community sees: the shared lists (the default sequence first) and then its own; its own list of a
 * slug hides the shared one of that slug. Without a community, the shared lists.
 */
export function allLists(db: Db, community?: string): ReadingList[] {
  const rows = stmt(db, `SELECT ${LIST_COLUMNS} FROM lists l WHERE l.owner = '' OR l.owner = ? ORDER BY l.owner <> '', l.id`)
    .all(community ?? SHARED_OWNER) as ListRow[];
  const own = new Set(rows.filter((r) => r.owner !== SHARED_OWNER).map((r) => r.slug));
  return rows.filter((r) => r.owner !== SHARED_OWNER || !own.has(r.slug)).map(toList);
}

/** Ids of a list's papers (entries of kind 'paper', as paperCount counts them; LIST_COLUMNS). */
export function listPaperIds(db: Db, listId: number): number[] {
  return stmt(db, `SELECT DISTINCT e.paper_id FROM list_entries e JOIN papers p ON p.id = e.paper_id WHERE e.list_id = ? AND p.kind = 'paper'`)
    .pluck()
    .all(listId) as number[];
}

/** The papers of a list in list order, with the list's own words (blurb, section, mark); an unknown slug throws UserError. */
export function listPapers(db: Db, slug: string, opts: { offset?: number; limit?: number; community?: string } = {}): ListPaper[] {
  const list = getList(db, slug, opts.community);
  if (!list) throw new UserError('unknown-list', `no list "${slug}"; see \`paperclub lists\``);
  const rows = stmt(db, `SELECT e.position, e.section, e.read_mark, e.extra_links, e.summary AS entry_summary, e.footnote AS entry_footnote, e.url AS entry_url, p.*
       FROM list_entries e JOIN papers p ON p.id = e.paper_id
       WHERE e.list_id = ? ORDER BY e.position LIMIT ? OFFSET ?`,
    )
    .all(list.id, opts.limit ?? -1, Math.max(0, opts.offset ?? 0)) as Array<
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

/**
 * The one-liner a club shows for a paper: as the list it follows presents it (blurbFor), in its community; and, when
 * that list is the community's own, the address it gives the paper (a community's list keeps its own URLs).
 */
export function clubBlurb(db: Db, paperId: number, club: { sequenceSlug: string; platform: string; workspace: string }): { summary: string | null; footnote: string | null; url?: string } {
  const list = getList(db, club.sequenceSlug, communityOf(club));
  const blurb = blurbFor(db, paperId, list);
  const entry = list ? (stmt(db, `SELECT url FROM list_entries WHERE list_id = ? AND paper_id = ? LIMIT 1`).get(list.id, paperId) as { url: string } | undefined) : undefined;
  const url = list && entry ? ownUrl(list, entry.url) : null;
  return url ? { ...blurb, url } : blurb;
}

/** A community's own list shows its entries at its own addresses; a shared list shows the paper's (null: the paper's). */
function ownUrl(list: Pick<ReadingList, 'owner'>, entryUrl: string): string | null {
  return list.owner !== SHARED_OWNER && entryUrl ? entryUrl : null;
}

/**
 * The one-liner to show for a paper as a given list presents it: that list's own blurb, else the best one-liner of the
 * other lists (an "all you need" headline first, shared lists before communities'); when no list has one, the
 * one-liner fetched for it (metadata/details.ts), whose footnote names its source ("summary: Semantic Scholar TLDR").
 */
export function blurbFor(db: Db, paperId: number, list?: Pick<ReadingList, 'id'> | null): { summary: string | null; footnote: string | null } {
  if (list) {
    const own = stmt(db, `SELECT summary, footnote FROM list_entries WHERE list_id = ? AND paper_id = ? AND summary IS NOT NULL LIMIT 1`)
      .get(list.id, paperId) as { summary: string; footnote: string | null } | undefined;
    if (own) return own;
  }
  const paper = stmt(db, `SELECT summary, footnote FROM papers WHERE id = ?`).get(paperId) as { summary: string | null; footnote: string | null } | undefined;
  // No list has one: the fetched one-liner (Semantic Scholar's TLDR, else the abstract's first sentence), its source as footnote.
  if (!paper?.summary && paper) return fetchedOneLiner(db, paperId) ?? { summary: null, footnote: paper.footnote };
  return { summary: paper?.summary ?? null, footnote: paper?.footnote ?? null };
}

/** A paper by its numeric id, or null. */
export function getPaper(db: Db, id: number): Paper | null {
  const row = stmt(db, `SELECT * FROM papers WHERE id = ?`).get(id) as PaperRow | undefined;
  return row ? toPaper(row) : null;
}

/** A paper by its short stable key (arXiv id or slug), case-insensitive (ASCII, as SQLite's NOCASE), or null; every paper (the operator's view). */
export function getPaperByKey(db: Db, key: string): Paper | null {
  return findPapers(db).byKey(key);
}

/** The lists a paper is on that a community sees (the shared ones without a community), in list order. */
export function listsOfPaper(db: Db, paperId: number, community?: string): ReadingList[] {
  const visible = new Set(allLists(db, community).map((l) => l.id));
  return (
    stmt(db, `SELECT ${LIST_COLUMNS} FROM lists l WHERE EXISTS (SELECT 1 FROM list_entries e WHERE e.list_id = l.id AND e.paper_id = ?) ORDER BY l.owner <> '', l.id`)
      .all(paperId) as ListRow[]
  )
    .filter((r) => visible.has(r.id))
    .map(toList);
}

/** Where a paper sits in each list a community sees, with that list's own blurb for it. */
export function placesOfPaper(
  db: Db,
  paperId: number,
  community?: string,
): Array<{ list: ReadingList; position: number; section: string | null; readMark: boolean | null; blurb: string | null }> {
  const rows = stmt(db, `SELECT e.list_id, e.position, e.section, e.read_mark, e.summary FROM list_entries e WHERE e.paper_id = ? ORDER BY e.list_id, e.position`)
    .all(paperId) as Array<{ list_id: number; position: number; section: string | null; read_mark: number | null; summary: string | null }>;
  const lists = new Map(allLists(db, community).map((l) => [l.id, l]));
  return rows
    .filter((r) => lists.has(r.list_id))
    .map((r) => ({ list: lists.get(r.list_id)!, position: r.position, section: r.section, readMark: r.read_mark === null ? null : r.read_mark === 1, blurb: r.summary }));
}

