import { identifiersOfUrl } from '../../paper-identifiers.ts';
import { isWebUrl } from '../../paper-identifiers.ts';
import { normalizeArxivId } from '../../paper-identifiers.ts';
import { parseUrl } from '../../paper-identifiers.ts';
import { type PaperIdentifier } from '../../paper-identifiers.ts';

/**
 * The keys a paper is looked up by: its arXiv id (null when it has none), and every form Semantic Scholar knows it by,
 * the one to ask first (empty when none).
 */
export interface LookupKeys {
  arxiv: string | null;
  s2: string[];
}

// Sites whose paper pages Semantic Scholar resolves as `URL:<url>` (Graph API docs, "paper_id" formats).
const S2_URL_HOSTS = /(^|\.)(semanticscholar\.org|arxiv\.org|aclweb\.org|acm\.org|biorxiv\.org)$/i;

/**
 * The keys of a paper known by `arxivId` and `url`, and by the identifiers the catalog keeps for it (issue 26's
 * paper_identifiers: a paper listed by its ACL link may have an arXiv id from another list or an earlier look-up).
 * Semantic Scholar's forms, best first: ARXIV:, DOI: (case-insensitive there), ACL:, URL: for the sites it resolves.
 */
export function lookupKeysOf(paper: { arxivId: string | null; url: string }, identifiers: readonly PaperIdentifier[] = []): LookupKeys {
  const ids = [...identifiers, ...identifiersOfUrl(paper.url)];
  const all = (kind: PaperIdentifier['kind']) => [...new Set(ids.filter((i) => i.kind === kind).map((i) => i.value))];
  const arxiv = paper.arxivId ?? all('arxiv')[0] ?? null;
  const host = parseUrl(paper.url)?.hostname.toLowerCase() ?? '';
  const s2 = [
    ...(arxiv ? [`ARXIV:${arxiv}`] : []),
    ...all('doi').map((d) => `DOI:${d}`),
    ...all('acl').map((a) => `ACL:${a}`),
    ...(!arxiv && isWebUrl(paper.url) && S2_URL_HOSTS.test(host) ? [`URL:${paper.url.trim()}`] : []),
  ];
  return { arxiv, s2 };
}

/**
 * A title that only names where the paper is: an id ('2405.04434', 'N19-1423', '10.18653/v1/N19-1423': what a list
 * of bare links imports as), 'arXiv:2405.04434' (a suggestion by link), or a link. A fetched title may replace it.
 */
export function isPlaceholderTitle(title: string): boolean {
  const t = title.trim();
  return isWebUrl(t) || /^arxiv:\s*\S+$/i.test(t) || normalizeArxivId(t) !== null || DOI.test(t) || ACL_ID.test(t);
}

// The forms of a DOI and an ACL Anthology id ('P19-1001', '2020.acl-main.1'), as paper-identifiers.ts reads them.
const DOI = /^10\.\d{4,9}\/\S+$/;
const ACL_ID = /^([A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9-]+\.\d+)$/i;
