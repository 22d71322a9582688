import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { ListEntry } from '../catalog/types.ts';
import { isWebUrl, identifiersOfUrl, normalizeUrl, type IdentifierKind, type PaperIdentifier } from '../canonical-ids.ts';
import { arxivIdFromText, arxivYear, normalizeTitle, slugify } from '../canonical-ids.ts';

/** The order identifiers are tried in: the most specific first. */
export const KIND_ORDER: readonly IdentifierKind[] = ['arxiv', 'doi', 'acl', 'openreview', 'url'];


/** Every identifier a paper is known by (arXiv id, DOI, ACL Anthology id, OpenReview id, canonical URL), most specific first. */
export async function identifiersOf(db: Db, paperId: number): Promise<PaperIdentifier[]> {
  const rows = await db.all(sql`SELECT kind, value FROM paper_identifiers WHERE paper_id = ${paperId}`) as PaperIdentifier[];
  return rows.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The id of the paper an identifier names (normalized first, as addPaperIdentifiers stores it), or null. */
export async function paperIdByIdentifier(db: Db, kind: IdentifierKind, value: string): Promise<number | null> {
  const norm = normalizeIdentifier(kind, value);
  if (!norm) return null;
  const row = await db.first(sql`SELECT paper_id FROM paper_identifiers WHERE kind = ${norm.kind} AND value = ${norm.value}`) as { paper_id: number } | undefined;
  return row?.paper_id ?? null;
}

/**
 * Records identifiers of a paper (normalized as findPaperByIdentifier reads them). One that already names another
 * paper is left to that paper: an identifier names one work. Returns how many were added.
 */
export async function addPaperIdentifiers(db: Db, paperId: number, ids: readonly PaperIdentifier[]): Promise<number> {
  let added = 0;
  for (const id of ids) {
    const norm = normalizeIdentifier(id.kind, id.value);
    if (norm) added += (await db.run(sql`INSERT INTO paper_identifiers (paper_id, kind, value) VALUES (${paperId}, ${norm.kind}, ${norm.value}) ON CONFLICT DO NOTHING`)).changes;
  }
  return added;
}

/** An identifier in the one form the table keeps; a URL of an arXiv paper is its arXiv id. Null for nonsense. */
export function normalizeIdentifier(kind: IdentifierKind, value: string): PaperIdentifier | null {
  const v = value.trim();
  if (!v) return null;
  switch (kind) {
    case 'arxiv': {
      const id = arxivIdFromText(v);
      return id ? { kind, value: id } : null;
    }
    case 'doi': {
      const doi = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)?(10\.\d{4,9}\/\S+)$/i.exec(v)?.[1];
      return doi ? { kind, value: doi.toLowerCase() } : null;
    }
    case 'acl':
    case 'openreview': {
      const fromUrl = isWebUrl(v) ? identifiersOfUrl(v).find((i) => i.kind === kind) : null;
      if (fromUrl) return fromUrl;
      return /^[A-Za-z0-9._-]+$/.test(v) ? { kind, value: kind === 'acl' && /^[a-z]\d{2}-\d{4}$/i.test(v) ? v.toUpperCase() : v } : null;
    }
    case 'url': {
      if (!isWebUrl(v)) return /^[a-z0-9.-]+\.[a-z]{2,}(?:[/?]\S*)?$/i.test(v) ? { kind, value: v } : null;
      const ids = identifiersOfUrl(v);
      return ids.find((i) => i.kind === 'url') ?? ids[0] ?? null;
    }
  }
}

/**
 * One identity across lists: the paper one of the entry's identifiers names (arXiv id, DOI, ACL or OpenReview id,
 * canonical URL). A title alone finds a paper only across a missing link: an entry without any identifier finds the
 * paper of that title, and an entry with identifiers finds a paper of that title that has none. Two works with one
 * title and different identifiers ('Deep learning', the survey and the book) stay two papers.
 */
export async function findPaper(db: Db, e: ListEntry): Promise<number | null> {
  const ids = [...e.identifiers].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  for (const id of ids) {
    const hit = await paperIdByIdentifier(db, id.kind, id.value);
    if (hit !== null) return hit;
  }
  const normTitle = normalizeTitle(e.title);
  if (!normTitle.includes(' ')) return null;
  const hit = (
    ids.length > 0
      ? await db.first(sql`SELECT id FROM papers p WHERE norm_title = ${normTitle} AND NOT EXISTS (SELECT 1 FROM paper_identifiers i WHERE i.paper_id = p.id) ORDER BY id LIMIT 1`)
      : await db.first(sql`SELECT id FROM papers WHERE norm_title = ${normTitle} ORDER BY id LIMIT 1`)
  ) as { id: number } | undefined;
  return hit?.id ?? null;
}

export async function createPaper(db: Db, e: ListEntry): Promise<number> {
  // The arXiv id of any of its links: an ACL Anthology link with an arXiv link beside it is that arXiv paper.
  const arxiv = e.identifiers.find((i) => i.kind === 'arxiv')?.value ?? null;
  const key = arxiv && !await db.first(sql`SELECT 1 FROM papers WHERE key = ${arxiv}`) ? arxiv : await uniqueKey(db, slugify(e.title));
  const info = await db.run(sql`INSERT INTO papers (key, title, nickname, url, arxiv_id, norm_url, norm_title, summary, footnote, year, kind)
       VALUES (${key}, ${e.title}, ${e.nickname}, ${arxiv ? `https://arxiv.org/abs/${arxiv}` : paperUrl(e.url, e.title)}, ${arxiv}, ${normalizeUrl(e.url)}, ${normalizeTitle(e.title)}, ${e.summary}, ${e.footnote}, ${e.year ?? (arxiv ? arxivYear(arxiv) : null)}, ${e.kind})`);
  return Number(info.insertId);
}

/** A title-only entry ('[Title]()') still needs somewhere to click: a scholar search for its title. */
export function paperUrl(url: string, title: string): string {
  return url || `https://scholar.google.com/scholar?q=${encodeURIComponent(title)}`;
}

export async function uniqueKey(db: Db, base: string): Promise<string> {
  const taken = async (key: string) => (await db.first(sql`SELECT 1 FROM papers WHERE key = ${key}`)) !== undefined;
  if (!(await taken(base))) return base;
  for (let n = 2; ; n++) if (!(await taken(`${base}-${n}`))) return `${base}-${n}`;
}
