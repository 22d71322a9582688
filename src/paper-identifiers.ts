/**
 * Paper identifiers read from links: arXiv ids, DOIs, ACL Anthology and OpenReview ids, canonical URLs. Plain functions
 * of text that every layer uses (the catalog to match papers, the store's migrations to backfill them).
 */

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'browse.arxiv.org']);
// New-style ids (0704.0001 on): YYMM.NNNN(N); old-style: archive(.SUBJ)/YYMMNNN.
const NEW_ID = /^(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?(?:\.pdf)?$/i;
const OLD_ID = /^([a-z-]+(?:\.[a-z]{2})?)\/(\d{7})(?:v\d+)?(?:\.pdf)?$/i;

/** Validates and normalizes a bare arXiv id ('1706.03762v5.pdf' -> '1706.03762'); null when it is not one. */
export function normalizeArxivId(raw: string): string | null {
  const s = raw.trim().replace(/^arxiv:/i, '');
  const m = NEW_ID.exec(s);
  if (m) {
    const month = Number(m[2]);
    // 2001.083613 has six digits: a broken id, not 2001.08361 (guessing would merge the wrong paper).
    if (month < 1 || month > 12) return null;
    if (Number(m[1]) >= 15 ? m[3]!.length !== 5 : m[3]!.length !== 4) return null;
    return `${m[1]}${m[2]}.${m[3]}`;
  }
  const o = OLD_ID.exec(s);
  if (o) return `${o[1]!.toLowerCase()}/${o[2]}`;
  return null;
}

/** The arXiv id a URL points at (abs, pdf, html, export host), or null. */
export function arxivIdFromUrl(url: string): string | null {
  const u = parseUrl(url);
  if (!u || !ARXIV_HOSTS.has(u.hostname.toLowerCase())) return null;
  const m = /^\/(?:abs|pdf|html|format|ps)\/(.+?)\/?$/.exec(u.pathname);
  return m ? normalizeArxivId(decodeURIComponent(m[1]!)) : null;
}

const TRACKING = /^(utm_.*|ref|ref_src|source|fbclid|gclid|s|sharing)$/i;

/** A URL reduced to what identifies the page: no scheme, www, fragment, tracking parameters or trailing slash. */
export function normalizeUrl(url: string): string | null {
  const arxiv = arxivIdFromUrl(url);
  if (arxiv) return `arxiv:${arxiv}`;
  const u = parseUrl(url);
  if (!u) return null;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  let path = u.pathname.replace(/\/+$/, '').replace(/\/index\.html?$/i, '');
  const params = [...u.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // OpenReview serves one paper at /forum and /pdf.
  if (host === 'openreview.net' && path === '/pdf') path = '/forum';
  const query = params.length ? '?' + params.map(([k, v]) => `${k}=${v}`).join('&') : '';
  return `${host}${path}${query}`;
}

/** Only http(s) links can be entries; anchors, mailto and relative paths cannot. */
export function isWebUrl(url: string): boolean {
  const u = parseUrl(url);
  return !!u && (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
}

/** A URL object, or null for text that is not one. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url.trim());
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- paper identifiers

/** The kinds of identifier a paper is known by: one work, whichever of them a list links. */
export type IdentifierKind = 'arxiv' | 'doi' | 'acl' | 'openreview' | 'url';

/** One identifier of a paper ('arxiv' '1706.03762', 'doi' '10.1038/nature14539', 'url' 'example.org/paper'). */
export interface PaperIdentifier {
  kind: IdentifierKind;
  value: string;
}

const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org']);
// A DOI: '10.' registrant '/' suffix; lower-cased, as DOIs are case-insensitive.
const DOI = /^(10\.\d{4,9}\/\S+)$/i;
// ACL Anthology ids: old 'P19-1001', new '2020.acl-main.1'.
const ACL_ID = /^([A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9-]+\.\d+)$/i;

/** The DOI a URL names: doi.org links, publishers' /doi/ paths, Nature's /articles/ ids; null when none. */
export function doiFromUrl(url: string): string | null {
  const u = parseUrl(url);
  if (!u) return null;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const path = safeDecode(u.pathname);
  let raw: string | null = null;
  if (DOI_HOSTS.has(host)) raw = path.slice(1);
  else {
    const m = /\/doi\/(?:abs\/|full\/|pdf\/|epdf\/|book\/)?(10\.\d{4,9}\/.+)$/i.exec(path);
    if (m) raw = m[1]!;
    // nature.com/articles/nature14539 is DOI 10.1038/nature14539 (Springer Nature's own rule).
    else if (host === 'nature.com') {
      const article = /^\/articles\/([a-z0-9.-]+)$/i.exec(path)?.[1];
      raw = article ? `10.1038/${article}` : null;
    }
    else if (host === 'link.springer.com') raw = /^\/(?:article|chapter)\/(10\.\d{4,9}\/.+)$/i.exec(path)?.[1] ?? null;
  }
  if (!raw) return null;
  const doi = raw.replace(/\.pdf$/i, '').replace(/\/+$/, '');
  return DOI.test(doi) ? doi.toLowerCase() : null;
}

/** The ACL Anthology id a URL names (aclanthology.org/P19-1001.pdf, aclweb.org/anthology/P19-1001, its DOI 10.18653/v1/…). */
export function aclIdFromUrl(url: string): string | null {
  const u = parseUrl(url);
  if (!u) return null;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  let m: RegExpExecArray | null = null;
  if (host === 'aclanthology.org') m = /^\/([^/]+?)(?:\.pdf)?\/?$/.exec(u.pathname);
  else if (host === 'aclweb.org') m = /^\/anthology\/(?:[A-Z]\/[A-Z]\d{2}\/)?([^/]+?)(?:\.pdf)?\/?$/i.exec(u.pathname);
  else {
    const doi = doiFromUrl(url);
    if (doi?.startsWith('10.18653/v1/')) return normalizeAclId(doi.slice('10.18653/v1/'.length));
  }
  return m ? normalizeAclId(m[1]!) : null;
}

function normalizeAclId(raw: string): string | null {
  if (!ACL_ID.test(raw)) return null;
  // Old ids are upper case ('P19-1001'), new ones lower case ('2020.acl-main.1').
  return /^[a-z]\d{2}-/i.test(raw) ? raw.toUpperCase() : raw.toLowerCase();
}

/** The OpenReview id of a forum or pdf link ('openreview.net/forum?id=abc'). */
export function openReviewIdFromUrl(url: string): string | null {
  const u = parseUrl(url);
  if (!u || u.hostname.toLowerCase().replace(/^www\./, '') !== 'openreview.net') return null;
  if (!/^\/(?:forum|pdf|attachment)\/?$/.test(u.pathname)) return null;
  const id = u.searchParams.get('id');
  return id && /^[A-Za-z0-9_-]{5,}$/.test(id) ? id : null;
}

/**
 * Every identifier one link gives a paper: its arXiv id, DOI, ACL Anthology id or OpenReview id, and (for a link that
 * is not an arXiv one) its canonical URL. An empty or non-web link gives none.
 */
export function identifiersOfUrl(url: string): PaperIdentifier[] {
  if (!url.trim() || !isWebUrl(url)) return [];
  const arxiv = arxivIdFromUrl(url);
  if (arxiv) return [{ kind: 'arxiv', value: arxiv }];
  // An arXiv address without a valid id ('/abs/2001.083613', a digit too many) names no work at all: a broken link.
  if (ARXIV_HOSTS.has(parseUrl(url)?.hostname.toLowerCase() ?? '')) return [];
  const out: PaperIdentifier[] = [];
  const doi = doiFromUrl(url);
  const acl = aclIdFromUrl(url);
  const openreview = openReviewIdFromUrl(url);
  if (doi) out.push({ kind: 'doi', value: doi });
  if (acl) out.push({ kind: 'acl', value: acl });
  if (openreview) out.push({ kind: 'openreview', value: openreview });
  const norm = normalizeUrl(url);
  if (norm) out.push({ kind: 'url', value: norm });
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
