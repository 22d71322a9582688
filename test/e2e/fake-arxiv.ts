/**
 * A local stand-in of arXiv's API (GET /api/query?id_list=…&max_results=…) on 127.0.0.1, answering Atom as arXiv does.
 * Each behaviour cites where it comes from: the arXiv API User's Manual (https://info.arxiv.org/help/api/user-manual.html,
 * "manual §…"), its Terms of Use (https://info.arxiv.org/help/api/tou.html) and PLATFORM-NOTES.md "Paper metadata
 * services" (checked against the real service).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalServer } from './local-server.ts';

/** One version of an arXiv paper. */
export interface ArxivVersion {
  title: string;
  summary: string;
  authors: string[];
  /** ISO date of the first version (every version's <published> is the first version's, manual §3.3.2.1). */
  published: string;
  comment?: string;
  doi?: string;
}

/** What the stand-in answers instead of a feed, for the next request(s). */
export type ArxivTrouble = 'rate-exceeded' | 'rate-exceeded-200' | 'server-error' | 'not-xml' | 'error-entry';

export class FakeArxiv extends LocalServer {
  private readonly papers = new Map<string, ArxivVersion[]>();
  private readonly trouble: ArxivTrouble[] = [];
  private inFlight = 0;
  private lastStart = -Infinity;
  /** Every request: when it started (ms) and the ids it asked. */
  readonly requests: Array<{ at: number; ids: string[]; maxResults: number | null; refused: string | null }> = [];
  /** Seconds sent as Retry-After with a throttled answer (arXiv sends none; null leaves it out). */
  retryAfterSeconds: number | null = null;
  /** Delay before each answer (a slow service: the bot must not make commands wait for it). */
  delayMs = 0;

  /**
   * `minGapMs`: requests closer than this are throttled. arXiv asks for at most one request every 3 seconds and one
   * connection at a time (Terms of Use); tests pass a smaller gap to run quickly, the bot's own gap is checked apart.
   */
  constructor(private readonly opts: { minGapMs?: number } = {}) {
    super();
  }

  get url(): string {
    return `${this.origin}/api/query`;
  }

  /** Adds a paper; several versions make v1, v2, … (the last is what an id without version answers, manual §5.1.1). */
  addPaper(id: string, ...versions: ArxivVersion[]): void {
    this.papers.set(id, versions);
  }

  /** The next requests answer with this trouble instead of a feed, one per call. */
  failNext(...kinds: ArxivTrouble[]): void {
    this.trouble.push(...kinds);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ids = (url.searchParams.get('id_list') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const maxParam = url.searchParams.get('max_results');
    const now = Date.now();
    const record = { at: now, ids, maxResults: maxParam === null ? null : Number(maxParam), refused: null as string | null };
    this.requests.push(record);
    if (url.pathname !== '/api/query') return this.send(res, 404, 'text/plain', 'not found');
    // Terms of Use: one connection at a time, at most one request every 3 seconds. Over it, the service throttles
    // with a plain-text body, not a feed (PLATFORM-NOTES: "Rate exceeded.").
    const tooSoon = now - this.lastStart < (this.opts.minGapMs ?? 3_000);
    const parallel = this.inFlight > 0;
    this.lastStart = now;
    const trouble = tooSoon || parallel ? 'rate-exceeded' : this.trouble.shift();
    if (trouble) record.refused = tooSoon || parallel ? (parallel ? 'parallel' : 'too soon') : trouble;
    this.inFlight++;
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      if (trouble === 'rate-exceeded' || trouble === 'rate-exceeded-200') {
        const headers: Record<string, string> = this.retryAfterSeconds === null ? {} : { 'retry-after': String(this.retryAfterSeconds) };
        return this.send(res, trouble === 'rate-exceeded' ? 429 : 200, 'text/plain', 'Rate exceeded.', headers);
      }
      if (trouble === 'server-error') return this.send(res, 500, 'text/html', '<html><body>Internal Server Error</body></html>');
      if (trouble === 'not-xml') return this.send(res, 200, 'text/plain', 'upstream connect error or disconnect/reset before headers');
      if (trouble === 'error-entry') return this.send(res, 200, 'application/atom+xml', errorFeed(url, 'incorrect id format for this request'));
      // Manual §3.4 "Errors": a malformed id answers HTTP 200 with a feed of one entry titled Error.
      const malformed = ids.find((id) => !ARXIV_ID.test(id));
      if (malformed) return this.send(res, 200, 'application/atom+xml', errorFeed(url, `incorrect id format for ${malformed}`));
      // Manual §3.1.1.2: at most 2,000 results a call ("in slices of at most 2000").
      if (record.maxResults !== null && (!Number.isInteger(record.maxResults) || record.maxResults < 0 || record.maxResults > 2000)) {
        return this.send(res, 200, 'application/atom+xml', errorFeed(url, 'max_results must be an integer between 0 and 2000'));
      }
      // Manual §3.1.1.2: max_results defaults to 10, whatever id_list holds.
      const max = record.maxResults ?? 10;
      const entries = ids.flatMap((id) => this.entryFor(id)).slice(0, max);
      return this.send(res, 200, 'application/atom+xml', feed(url, entries, ids.length ? entries.length : 0));
    } finally {
      this.inFlight--;
    }
  }

  /** The entry for an id: an unknown id has none (an empty feed, totalResults 0: PLATFORM-NOTES). */
  private entryFor(asked: string): string[] {
    const m = /^(.+?)(?:v(\d+))?$/.exec(asked)!;
    const versions = this.papers.get(m[1]!);
    if (!versions) return [];
    // Manual §5.1.1: an id with a version answers that version; without, the latest. Entry ids always carry one.
    const n = m[2] ? Number(m[2]) : versions.length;
    const v = versions[n - 1];
    return v ? [entry(`${m[1]}v${n}`, v, versions.at(-1)!)] : [];
  }

  private send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...headers });
    res.end(body);
  }
}

// New-style ids (YYMM.NNNN(N)) and old-style archive/NNNNNNN, each with an optional version.
const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Titles and summaries come hard-wrapped (PLATFORM-NOTES): the stand-in wraps them at ~60 columns too. */
function wrap(text: string): string {
  return text.replace(/(.{1,60})(\s+|$)/g, '$1\n  ').trim();
}

function entry(idWithVersion: string, v: ArxivVersion, latest: ArxivVersion): string {
  return `  <entry>
    <id>http://arxiv.org/abs/${idWithVersion}</id>
    <updated>${latest.published}</updated>
    <published>${v.published}</published>
    <title>${xml(wrap(v.title))}</title>
    <summary>  ${xml(wrap(v.summary))}
</summary>
${v.authors.map((a) => `    <author>\n      <name>${xml(a)}</name>\n    </author>`).join('\n')}
${v.comment ? `    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">${xml(v.comment)}</arxiv:comment>\n` : ''}${v.doi ? `    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">${xml(v.doi)}</arxiv:doi>\n` : ''}    <link href="http://arxiv.org/abs/${idWithVersion}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${idWithVersion}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`;
}

/** Manual §3.3.1: the feed has its own <title>, <id>, <link> and <updated> before any entry (a trap for the careless). */
function feed(url: URL, entries: string[], total: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="${xml(url.toString())}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: ${xml(url.search)}</title>
  <id>http://arxiv.org/api/stand-in</id>
  <updated>2026-12-07T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${entries.length}</opensearch:itemsPerPage>
${entries.join('\n')}
</feed>
`;
}

/** Manual §3.4: the error entry's id points at the errors page, its title is Error, its summary the reason. */
function errorFeed(url: URL, reason: string): string {
  const anchor = reason.replace(/\W+/g, '_');
  return feed(url, [
    `  <entry>
    <id>http://arxiv.org/api/errors#${anchor}</id>
    <title>Error</title>
    <summary>${xml(reason)}</summary>
    <updated>2026-12-07T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#${anchor}" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>`,
  ], 1);
}
