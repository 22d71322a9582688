/** Canonical identities for papers: one arXiv id, URL and title whatever host, version or casing a list used. */

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

/** Only http(s) links can be entries; anchors, mailto and relative paths cannot. */
export function isWebUrl(url: string): boolean {
  const u = parseUrl(url);
  return !!u && (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
}

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url.trim());
  } catch {
    return null;
  }
}
