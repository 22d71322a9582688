/**
 * A local stand-in of Semantic Scholar's Graph API (POST /graph/v1/paper/batch) on 127.0.0.1. Each behaviour cites its
 * source: the Graph API docs (https://api.semanticscholar.org/api-docs/graph, "docs"), the API's rate-limit page
 * (https://www.semanticscholar.org/product/api, "limits") and PLATFORM-NOTES.md "Paper metadata services".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalServer } from './local-server.ts';

/** A paper as the Graph API describes it (the fields the bot asks for). */
export interface S2Paper {
  paperId: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string;
  abstract: string | null;
  /** null: Semantic Scholar has no TLDR for it (PLATFORM-NOTES: "`tldr` may be null"). */
  tldr: string | null;
  externalIds: { ArXiv?: string; DOI?: string; ACL?: string; CorpusId: number };
}

export type S2Trouble = 'too-many' | 'server-error' | 'html' | 'truncated';

export class FakeSemanticScholar extends LocalServer {
  private readonly papers: S2Paper[] = [];
  private readonly trouble: S2Trouble[] = [];
  private readonly starts: number[] = [];
  /** Every request: when, the ids, the fields, and whether it carried a key. */
  readonly requests: Array<{ at: number; ids: string[]; fields: string | null; key: string | null; status: number }> = [];
  /** Seconds sent as Retry-After with a 429 (null leaves it out). */
  retryAfterSeconds: number | null = 1;
  delayMs = 0;

  /**
   * `pool`: requests allowed per `windowMs` without a key; limits: "100 requests per 5 minutes" shared by unauthenticated
   * users, 1 request a second with a key. Tests shrink the window to run quickly.
   */
  constructor(private readonly opts: { pool?: number; windowMs?: number; keys?: string[]; keyGapMs?: number } = {}) {
    super();
  }

  get url(): string {
    return `${this.origin}/graph/v1`;
  }

  addPaper(p: S2Paper): void {
    this.papers.push(p);
  }

  failNext(...kinds: S2Trouble[]): void {
    this.trouble.push(...kinds);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => resolve(body));
    });
    const key = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : null;
    const record = { at: Date.now(), ids: [] as string[], fields: url.searchParams.get('fields'), key, status: 200 };
    this.requests.push(record);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (req.method !== 'POST' || url.pathname !== '/graph/v1/paper/batch') return json(404, { error: 'Not found' });
    // docs: a key goes in the x-api-key header; a wrong one is refused.
    if (key !== null && !(this.opts.keys ?? []).includes(key)) return json(403, { message: 'Forbidden' });
    // limits: without a key a shared pool (about 100 requests / 5 min); with a key 1 request a second. Over it: HTTP 429,
    // and we say when to come back (PLATFORM-NOTES: "respect Retry-After").
    if (this.overLimit(key) || this.trouble[0] === 'too-many') {
      if (this.trouble[0] === 'too-many') this.trouble.shift();
      const headers: Record<string, string> = this.retryAfterSeconds === null ? {} : { 'retry-after': String(this.retryAfterSeconds) };
      return json(429, { message: 'Too Many Requests. Please wait and try again or apply for a key for higher rate limits.' }, headers);
    }
    const trouble = this.trouble.shift();
    if (trouble === 'server-error') return json(500, { message: 'Internal Server Error' });
    if (trouble === 'html') {
      record.status = 502;
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    let body: { ids?: unknown };
    try {
      body = JSON.parse(raw) as { ids?: unknown };
    } catch {
      return json(400, { error: 'Unacceptable request body' });
    }
    if (!Array.isArray(body.ids) || !body.ids.every((i) => typeof i === 'string')) return json(400, { error: 'ids must be a list of strings' });
    record.ids = body.ids as string[];
    // docs, POST /paper/batch: "ids: … up to 500".
    if (record.ids.length > 500) return json(400, { error: 'Cannot process more than 500 ids' });
    const fields = (record.fields ?? 'title').split(',');
    // docs: the answer is a list in the order asked, null for ids it does not know.
    const answer = record.ids.map((id) => {
      const p = this.find(id);
      return p ? pick(p, fields) : null;
    });
    if (trouble === 'truncated') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer).slice(0, 40));
      return;
    }
    return json(200, answer);
  }

  private overLimit(key: string | null): boolean {
    const now = Date.now();
    if (key !== null) {
      const last = this.starts.at(-1) ?? -Infinity;
      this.starts.push(now);
      return now - last < (this.opts.keyGapMs ?? 1_000);
    }
    const window = this.opts.windowMs ?? 300_000;
    const recent = this.starts.filter((t) => now - t < window).length;
    this.starts.push(now);
    return recent >= (this.opts.pool ?? 100);
  }

  /** docs, "paper_id" formats: ARXIV:<id> (a version is dropped), DOI:<doi> (case-insensitive), ACL:<id>, URL:<url>, CorpusId:<n>. */
  private find(id: string): S2Paper | undefined {
    const m = /^([A-Za-z]+):(.+)$/.exec(id);
    if (!m) return this.papers.find((p) => p.paperId === id);
    const [, kind, value] = m as unknown as [string, string, string];
    switch (kind.toUpperCase()) {
      case 'ARXIV':
        return this.papers.find((p) => p.externalIds.ArXiv === value.replace(/v\d+$/, ''));
      case 'DOI':
        return this.papers.find((p) => p.externalIds.DOI?.toLowerCase() === value.toLowerCase());
      case 'ACL':
        return this.papers.find((p) => p.externalIds.ACL === value);
      case 'CORPUSID':
        return this.papers.find((p) => String(p.externalIds.CorpusId) === value);
      case 'URL': {
        const arxiv = /arxiv\.org\/(?:abs|pdf)\/([^/?#]+?)(?:v\d+)?(?:\.pdf)?$/.exec(value)?.[1];
        const acl = /aclanthology\.org\/([^/?#]+?)(?:\.pdf)?\/?$/.exec(value)?.[1];
        return this.papers.find((p) => (arxiv && p.externalIds.ArXiv === arxiv) || (acl && p.externalIds.ACL === acl));
      }
      default:
        return undefined;
    }
  }
}

/** docs: only the fields asked are returned, plus paperId always; tldr as { model, text }. */
function pick(p: S2Paper, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { paperId: p.paperId };
  for (const f of fields) {
    if (f === 'authors') out.authors = p.authors.map((name, i) => ({ authorId: String(1000 + i), name }));
    else if (f === 'tldr') out.tldr = p.tldr === null ? null : { model: 'tldr@v2.0.0', text: p.tldr };
    else if (f in p) out[f] = p[f as keyof S2Paper];
  }
  return out;
}
