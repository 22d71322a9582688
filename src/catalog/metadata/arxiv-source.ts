/** arXiv's API (https://info.arxiv.org/help/api/user-manual.html): papers by id, many ids a request. */
import { parseArxivFeed } from './arxiv-feed.ts';
import { request, type FetchFn } from './http.ts';
import type { SourceAnswer } from './types.ts';

/** The real service; PAPERCLUB_ARXIV_URL points the bot at a stand-in. */
export const ARXIV_API_URL = 'https://export.arxiv.org/api/query';

/**
 * Ids per request. arXiv returns up to 2,000 results a call (PLATFORM-NOTES); a GET carries the ids in its URL, and
 * 100 ids keep it near 1.3 kB, well inside what any proxy takes.
 */
export const ARXIV_BATCH = 100;

/**
 * arXiv's terms of use: at most one request every 3 seconds, one connection at a time
 * (https://info.arxiv.org/help/api/tou.html). The queue spaces requests by this.
 */
export const ARXIV_GAP_MS = 3_000;

/** Looks up to ARXIV_BATCH ids (without versions) in one request. */
export async function fetchArxiv(ids: readonly string[], opts: { url: string; fetch: FetchFn }): Promise<SourceAnswer> {
  const url = new URL(opts.url);
  url.searchParams.set('id_list', ids.join(','));
  // Without max_results arXiv returns 10 entries whatever the id_list holds.
  url.searchParams.set('max_results', String(ids.length));
  const body = await request('arxiv', url.toString(), { method: 'GET' }, opts.fetch);
  return parseArxivFeed(body, ids);
}
