/** What one source says about a paper: only what it said, as it said it (whitespace collapsed). */
export interface FetchedPaper {
  title: string | null;
  authors: string[];
  year: number | null;
  /** Where it was published ('NeurIPS', 'ACL'); Semantic Scholar only. */
  venue: string | null;
  abstract: string | null;
  /** Semantic Scholar's one-sentence TLDR, when it has one. */
  tldr: string | null;
  /** Other ids of the same work the source knows (arXiv without version, DOI, ACL Anthology). */
  externalIds: ExternalIds;
  /** arXiv marks the paper withdrawn: its abstract is the withdrawal notice, never a summary. */
  withdrawn: boolean;
}

export interface ExternalIds {
  arxiv?: string;
  doi?: string;
  acl?: string;
}

/** The two sources, as stored. */
export type MetadataSource = 'arxiv' | 's2';

/** A source's answer for each key asked: the paper, or null when the source does not know the key. */
export type SourceAnswer = Map<string, FetchedPaper | null>;

/** The source asks us to slow down (HTTP 429, arXiv's "Rate exceeded."): wait `retryAfterMs` when it said how long. */
export class RateLimited extends Error {
  constructor(
    readonly source: MetadataSource,
    readonly retryAfterMs: number | null,
  ) {
    super(`${source}: rate limited${retryAfterMs === null ? '' : ` (retry after ${Math.round(retryAfterMs / 1000)} s)`}`);
  }
}

/** An answer that is not what the source's docs promise (not a feed, arXiv's `Error` entry, broken JSON, 5xx). */
export class BadAnswer extends Error {
  constructor(
    readonly source: MetadataSource,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}

/** Text as the sources send it: hard-wrapped lines and runs of spaces made one space. */
export function collapseSpace(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const t = text.replace(/\s+/g, ' ').trim();
  return t || null;
}
