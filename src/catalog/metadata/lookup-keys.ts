/** What to ask each source for a paper: arXiv by its arXiv id; Semantic Scholar by arXiv id, DOI, ACL id or URL. */
import { normalizeArxivId, isWebUrl, parseUrl } from '../canonical-ids.ts';

/** The keys a paper is looked up by; null where that source has no way to find it. */
export interface LookupKeys {
  arxiv: string | null;
  s2: string | null;
}

// Sites whose paper pages Semantic Scholar resolves as `URL:<url>` (Graph API docs, "paper_id" formats).
const S2_URL_HOSTS = /(^|\.)(semanticscholar\.org|arxiv\.org|aclweb\.org|acm\.org|biorxiv\.org)$/i;

export function lookupKeysOf(paper: { arxivId: string | null; url: string }): LookupKeys {
  if (paper.arxivId) return { arxiv: paper.arxivId, s2: `ARXIV:${paper.arxivId}` };
  const u = parseUrl(paper.url);
  if (!u || !isWebUrl(paper.url)) return { arxiv: null, s2: null };
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  // https://doi.org/10.18653/v1/N18-3011 -> DOI:10.18653/v1/N18-3011
  if (host === 'doi.org' || host === 'dx.doi.org') {
    const doi = decodeURIComponent(u.pathname.slice(1));
    return { arxiv: null, s2: /^10\.\d{4,9}\/\S+$/.test(doi) ? `DOI:${doi}` : null };
  }
  // https://aclanthology.org/2020.acl-main.463/ (or .pdf) -> ACL:2020.acl-main.463
  if (host === 'aclanthology.org') {
    const m = /^\/([A-Za-z0-9.-]+?)(?:\.pdf)?\/?$/.exec(u.pathname);
    return { arxiv: null, s2: m ? `ACL:${m[1]}` : null };
  }
  return { arxiv: null, s2: S2_URL_HOSTS.test(host) ? `URL:${paper.url.trim()}` : null };
}

/**
 * A title that only names where the paper is: a bare link ('https://arxiv.org/abs/…', what a list of bare links
 * imports as), 'arXiv:2405.04434' (a suggestion by link), or a bare arXiv id. A fetched title may replace it.
 */
export function isPlaceholderTitle(title: string): boolean {
  const t = title.trim();
  return isWebUrl(t) || /^arxiv:\s*\S+$/i.test(t) || normalizeArxivId(t) !== null;
}
