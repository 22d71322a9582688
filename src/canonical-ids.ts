import { arxivIdFromUrl, normalizeArxivId, identifiersOfUrl, parseUrl } from './paper-identifiers.ts';


export {
  arxivIdFromUrl, normalizeArxivId, normalizeUrl, isWebUrl, parseUrl, doiFromUrl, aclIdFromUrl, openReviewIdFromUrl, identifiersOfUrl,
  type IdentifierKind, type PaperIdentifier,
} from './paper-identifiers.ts';

/** The year an arXiv id was submitted ('1706.03762' -> 2017). */
export function arxivYear(id: string): number | null {
  const m = /^(?:[a-z.-]+\/)?(\d{2})\d{2}/i.exec(id);
  if (!m) return null;
  const yy = Number(m[1]);
  return yy >= 91 ? 1900 + yy : 2000 + yy;
}

/** The arXiv id a user typed: a bare id, 'arXiv:…', or any arXiv URL. */
export function arxivIdFromText(text: string): string | null {
  const t = text.trim();
  return arxivIdFromUrl(t) ?? normalizeArxivId(t);
}

/** A title reduced for matching: accents, case, punctuation and spacing do not count. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A short URL-safe slug from a title, for papers without an arXiv id. */
export function slugify(text: string, max = 60): string {
  const words = normalizeTitle(text).split(' ').filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max) break;
    out = next;
  }
  return out || words[0]?.slice(0, max) || 'untitled';
}

/** True when a link names a paper by an identifier of its own (arXiv, DOI, ACL Anthology, OpenReview), not just a page. */
export function namesPaper(url: string): boolean {
  return identifiersOfUrl(url).some((i) => i.kind !== 'url');
}

/** What an entry is called while nothing better is known: its arXiv id, DOI, ACL or OpenReview id, else its address. */
export function titleFromTarget(url: string): string {
  const ids = identifiersOfUrl(url);
  const named = ids.find((i) => i.kind !== 'url');
  if (named) return named.value;
  const u = parseUrl(url);
  return u ? `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}` : url.trim();
}
