import { request, type FetchFn } from './http.ts';
import { BadAnswer, collapseSpace, type FetchedPaper, type SourceAnswer } from './types.ts';
import { normalizeArxivId } from '../../paper-identifiers.ts';

/** The real service; PAPERCLUB_S2_URL points the bot at a stand-in. */
export const S2_API_URL = 'https://api.semanticscholar.org/graph/v1';

/** POST /paper/batch takes at most 500 ids (Graph API docs, "Get details for multiple papers at once"). */
export const S2_BATCH = 500;

/**
 * Without a key, requests share a pool of about 100 per 5 minutes across all users: one every 3 s is our share at
 * most. A free key (x-api-key) gives 1 request a second (PLATFORM-NOTES, "Paper metadata services").
 */
export const S2_GAP_MS = { withoutKey: 3_000, withKey: 1_000 } as const;

export const S2_FIELDS = 'title,authors,year,venue,externalIds,tldr,abstract';

interface S2Paper {
  title?: unknown;
  authors?: Array<{ name?: unknown }>;
  year?: unknown;
  venue?: unknown;
  abstract?: unknown;
  tldr?: { text?: unknown } | null;
  externalIds?: Record<string, unknown> | null;
}

/** Looks up to S2_BATCH ids ('ARXIV:…', 'DOI:…', 'ACL:…', 'URL:…') in one request; unknown ids map to null. */
export async function fetchSemanticScholar(ids: readonly string[], opts: { url: string; fetch: FetchFn; apiKey?: string }): Promise<SourceAnswer> {
  const url = `${opts.url.replace(/\/+$/, '')}/paper/batch?fields=${S2_FIELDS}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}) };
  const body = await request('s2', url, { method: 'POST', headers, body: JSON.stringify({ ids }) }, opts.fetch);
  return parseS2Batch(body, ids);
}

/** The batch answer: an array in the order asked, null where Semantic Scholar does not know the id. */
export function parseS2Batch(body: string, ids: readonly string[]): SourceAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadAnswer('s2', `not JSON: ${body.replace(/\s+/g, ' ').slice(0, 60)}`);
  }
  if (!Array.isArray(parsed) || parsed.length !== ids.length) throw new BadAnswer('s2', `expected an array of ${ids.length} papers`);
  return new Map(ids.map((id, i) => [id, parsed[i] && typeof parsed[i] === 'object' ? paperOf(parsed[i] as S2Paper) : null]));
}

function paperOf(p: S2Paper): FetchedPaper {
  const ext = p.externalIds ?? {};
  const arxiv = typeof ext.ArXiv === 'string' ? normalizeArxivId(ext.ArXiv) : null;
  const doi = collapseSpace(ext.DOI);
  const acl = collapseSpace(ext.ACL);
  return {
    title: collapseSpace(p.title),
    authors: (p.authors ?? []).map((a) => collapseSpace(a?.name)).filter((n): n is string => !!n),
    year: typeof p.year === 'number' && Number.isInteger(p.year) ? p.year : null,
    venue: collapseSpace(p.venue),
    abstract: collapseSpace(p.abstract),
    // `tldr` may be null (PLATFORM-NOTES); its text is one sentence.
    tldr: collapseSpace(p.tldr?.text),
    externalIds: { ...(arxiv ? { arxiv } : {}), ...(doi ? { doi } : {}), ...(acl ? { acl } : {}) },
    withdrawn: false,
  };
}
