import { insertListEntry, restoreTrigger, updatePaper, paperWithKey } from '../store/catalog.ts';
import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { ListEntry, Paper, ReadingList, UnplacedLink } from './types.ts';
import { UserError } from '../errors.ts';
import importMarkdown from './import-markdown.ts';
import { readListFile, slugFromPath, displayPath } from './list-file.ts';
import { readListConfig, DEFAULT_LISTS_CONFIG } from './list-config.ts';
import { arxivIdFromUrl, normalizeUrl, type IdentifierKind } from '../canonical-ids.ts';
import { isHeadline } from './entry-text.ts';
export { identifiersOf, addPaperIdentifiers } from '../store/paper-identities.ts';
import splitNickname from './nickname.ts';
import { fetchedOneLiner } from './metadata/details.ts';
import { fetchedTitleFor } from './metadata/metadata-store.ts';
import { isPlaceholderTitle } from './metadata/lookup-keys.ts';

// Looking papers up by what people type (search, names, ids) lives in paper-finder.ts, with the community scope.
import { findPapers } from './paper-finder.ts';
import { addPaperIdentifiers, paperIdByIdentifier, findPaper, createPaper, paperUrl, uniqueKey } from '../store/paper-identities.ts';
import { SHARED_OWNER, type EntryRow, arxivTaken, communityOf, deleteIfOrphan, entryBlurb, entryUrlOf, listRefOf, ownList, ownUrl, paperBlurb, getListById, getPaper } from '../store/catalog.ts';
import { arxivYear, normalizeTitle, slugify } from '../canonical-ids.ts';
import { paperIndexChanged } from '../store/catalog-version.ts';
import { insertList, listIdOf, entriesOfList, deleteEntriesOfList, searchIndexTriggers, dropTrigger, rebuildSearchIndex, listImportInfo, paperRow, entriesOfPaper } from '../store/catalog.ts';

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

/** Bumped whenever the importer reads the same file differently, so unchanged files are parsed again once. */
export const IMPORTER_VERSION = 3;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

// ---------------------------------------------------------------- import

/**
 * Imports (or re-imports) a markdown list under a slug of its owner, in one transaction; bad input throws UserError
 * and writes nothing. `owner` defaults to the shared lists (seeds, tests); a community passes its own id, so it can never
 * write a seed or another community's list. A byte-identical file (same importer version) is recognised and not parsed.
 */
export async function importList(
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
): Promise<ImportResult> {
  if (!SLUG.test(args.slug)) {
    throw new UserError('bad-slug', `list slug "${args.slug}" must be lower-case letters, digits and dashes (at most 64)`);
  }
  const owner = args.owner ?? SHARED_OWNER;
  const hash = contentHash(args.markdown);
  const before = await ownList(db, owner, args.slug);
  if (before && (await isUnchanged(db, before.id, hash, args))) {
    return { list: before, added: 0, updated: 0, removed: 0, unchanged: before.entryCount, skipped: true, unplaced: [] };
  }
  // Parse fully before touching the database, so bad input leaves it as it was.
  const parsed = importMarkdown(args.markdown, args.source ?? `list "${args.slug}"`, args.slug);
  return await db.transaction(async (db) => {
      // A big import updates the search index in one pass at the end instead of one trigger run per row.
      const restoreIndex = parsed.entries.length >= BULK_ENTRIES ? await suspendSearchIndex(db) : null;
      const now = args.now ?? Date.now();
      await insertList(db, owner, args.slug, args.title?.trim() || parsed.title, args.source ?? null, now, hash, IMPORTER_VERSION);
      const listId = (await listIdOf(db, owner, args.slug)).id;

      const old = await entriesOfList(db, listId);
      const oldByPaper = new Map(old.map((r) => [r.paper_id, r]));

      const rows: EntryRow[] = [];
      const inList = new Set<number>();
      for (const entry of parsed.entries) {
        const paperId = (await findPaper(db, entry)) ?? (await createPaper(db, entry));
        // Every identifier the entry's links give finds this paper from now on (one already another paper's stays its).
        await addPaperIdentifiers(db, paperId, entry.identifiers);
        // Two entries the catalog knows are one paper (say, matched by title) stay one entry.
        if (inList.has(paperId)) continue;
        inList.add(paperId);
        rows.push(entryRow(listId, rows.length + 1, paperId, entry));
      }

      await deleteEntriesOfList(db, listId);
      let added = 0;
      let updated = 0;
      let unchanged = 0;
      const touched = new Set<number>();
      for (const row of rows) {
        await insertListEntry(db, row);
        const prior = oldByPaper.get(row.paper_id);
        if (!prior) added++;
        else if (sameEntry(prior, row)) unchanged++;
        else updated++;
        if (!prior || !sameEntry(prior, row)) touched.add(row.paper_id);
      }
      const removedIds = old.map((r) => r.paper_id).filter((id) => !inList.has(id));

      // Only papers whose entries changed need their shown fields recomputed.
      for (const id of new Set([...touched, ...removedIds])) await refreshPaper(db, id);
      for (const id of removedIds) await deleteIfOrphan(db, id);

      await restoreIndex?.();
      paperIndexChanged(db);
      const list = (await getListById(db, listId))!;
      return { list, added, updated, removed: removedIds.length, unchanged, skipped: false, unplaced: parsed.unplaced };
    });
}

/** From this many entries on, an import rebuilds the search index once rather than row by row. */
const BULK_ENTRIES = 500;

/**
 * Drops the triggers that keep papers_fts in step with papers (inside the caller's transaction) and returns the
 * function that rebuilds the index once and puts the same triggers back, read from the schema so they stay as migrated.
 */
async function suspendSearchIndex(db: Db): Promise<() => Promise<void>> {
  const triggers = await searchIndexTriggers(db);
  for (const t of triggers) await dropTrigger(db, t.name);
  return async () => {
    await rebuildSearchIndex(db);
    for (const t of triggers) await restoreTrigger(db, t.sql);
  };
}

/** True when importing these bytes under this owner and slug would change nothing (same file, same importer). */
export async function isSameImport(db: Db, args: { slug: string; markdown: string | Buffer; source?: string; title?: string; owner?: string }): Promise<boolean> {
  const list = await ownList(db, args.owner ?? SHARED_OWNER, args.slug);
  return !!list && (await isUnchanged(db, list.id, contentHash(args.markdown), args));
}

function contentHash(markdown: string | Buffer): string {
  return createHash('sha256').update(markdown).digest('hex');
}

// Same bytes, same importer, same title override: the stored entries are what a parse would give.
async function isUnchanged(db: Db, listId: number, hash: string, args: { title?: string; source?: string }): Promise<boolean> {
  const row = await listImportInfo(db, listId);
  if (!row || row.content_hash !== hash || row.importer_version !== IMPORTER_VERSION) return false;
  if (args.title?.trim() && args.title.trim() !== row.title) return false;
  return (args.source ?? null) === row.source;
}

/** Imports a list file: checks it exists, is at most 1 MiB, and is UTF-8 text; the slug defaults to the file name. */
export async function importListFile(db: Db, path: string, slug?: string, title?: string, owner?: string): Promise<ImportResult> {
  return await importList(db, { slug: slug ?? slugFromPath(path), markdown: readListFile(path), source: displayPath(path), title, owner });
}

export { checkListFile } from './list-file.ts';

/** Imports every default list that is not in the database yet (an existing list is never overwritten). */
export async function loadDefaultLists(db: Db, configPath: string = DEFAULT_LISTS_CONFIG): Promise<void> {
  const lists = readListConfig(configPath);
  await db.transaction(async (db) => {
        for (const l of lists) if (!(await ownList(db, SHARED_OWNER, l.slug))) await importListFile(db, l.path, l.slug, l.title);
      });
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
export async function findPaperByIdentifier(db: Db, kind: IdentifierKind, value: string): Promise<Paper | null> {
  const id = await paperIdByIdentifier(db, kind, value);
  return id === null ? null : await getPaper(db, id);
}

/**
 * Recomputes a paper's shown fields from every list that has it, so the result does not depend on import order:
 * the shared lists (the first by creation first) name it, a community's list only when no shared list has it; the
 * one-liner prefers an "all you need" headline, else the first blurb.
 */
async function refreshPaper(db: Db, paperId: number): Promise<void> {
  const paper = await paperRow(db, paperId);
  // Shared lists come first, so a community's own list never renames a paper for everyone else.
  const entries = await entriesOfPaper(db, paperId);
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
  const title = isPlaceholderTitle(listed) ? (parsed.find((p) => !isPlaceholderTitle(p.title))?.title ?? (await fetchedTitleFor(db, paperId, listed)) ?? listed) : listed;
  const nickname = parsed.find((p) => p.nickname)?.nickname ?? null;
  const withSummary = parsed.find((p) => isHeadline(p.row.summary)) ?? parsed.find((p) => p.row.summary);
  let arxiv = paper.arxiv_id;
  for (const a of arxiv ? [] : entries.map((e) => arxivIdFromUrl(e.url))) {
    if (a && !(await arxivTaken(db, a, paperId))) {
      arxiv = a;
      break;
    }
  }
  // A slug key made from a community's wording is made again from the shared title.
  const fits = (p: (typeof all)[number]) => keyFits(paper.key, slugify(p.title));
  const slugOfOthers = !arxiv && shared.length > 0 && all.some((p) => p.row.owner !== SHARED_OWNER && fits(p)) && !shared.some(fits);
  const next = {
    key: arxiv && paper.key !== arxiv && !(await paperWithKey(db, arxiv)) ? arxiv : slugOfOthers ? await uniqueKey(db, slugify(title)) : paper.key,
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
  await updatePaper(db, paperId, next);
}

/** A key is `base` or `base-N` (uniqueKey's forms). */
function keyFits(key: string, base: string): boolean {
  return key === base || (key.startsWith(`${base}-`) && /^\d+$/.test(key.slice(base.length + 1)));
}

// ---------------------------------------------------------------- reads

/**
 * The one-liner a club shows for a paper: as the list it follows presents it (blurbFor), in its community; and, when
 * that list is the community's own, the address it gives the paper (a community's list keeps its own URLs).
 */
export async function clubBlurb(db: Db, paperId: number, club: { sequenceSlug: string; platform: string; workspace: string }): Promise<{ summary: string | null; footnote: string | null; url?: string }> {
  const list = await listRefOf(db, club.sequenceSlug, communityOf(club));
  // Asked together: one round trip's wait on PostgreSQL.
  const [blurb, entryUrl] = await Promise.all([blurbFor(db, paperId, list), list ? entryUrlOf(db, list.id, paperId) : undefined]);
  const url = list && entryUrl !== undefined ? ownUrl(list, entryUrl) : null;
  return url ? { ...blurb, url } : blurb;
}

/**
 * The one-liner to show for a paper as a given list presents it: that list's own blurb, else the best one-liner of the
 * other lists (an "all you need" headline first, shared lists before communities'); when no list has one, the
 * one-liner fetched for it (metadata/details.ts), whose footnote names its source ("summary: Semantic Scholar TLDR").
 */
export async function blurbFor(db: Db, paperId: number, list?: Pick<ReadingList, 'id'> | null): Promise<{ summary: string | null; footnote: string | null }> {
  if (list) {
    const own = await entryBlurb(db, list.id, paperId);
    if (own) return own;
  }
  const paper = await paperBlurb(db, paperId);
  // No list has one: the fetched one-liner (Semantic Scholar's TLDR, else the abstract's first sentence), its source as footnote.
  if (!paper?.summary && paper) return (await fetchedOneLiner(db, paperId)) ?? { summary: null, footnote: paper.footnote };
  return { summary: paper?.summary ?? null, footnote: paper?.footnote ?? null };
}

/** A paper by its short stable key (arXiv id or slug), case-insensitive (ASCII, as SQLite's NOCASE), or null; every paper (the operator's view). */
export async function getPaperByKey(db: Db, key: string): Promise<Paper | null> {
  return (await findPapers(db)).byKey(key);
}

