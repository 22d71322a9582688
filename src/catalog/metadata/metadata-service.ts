import { filterInOrder, mapInOrder } from '../../in-order.ts';
/**
 * Paper metadata look-ups: papers that lack a real title, authors, year or a one-liner are asked of arXiv and Semantic
 * Scholar in batches, at each source's own pace; answers are cached in the store, fill the gaps a list left, and are
 * announced (onChanged) so posts, ballots and replies can be edited when they arrive.
 */
import type { Logger } from '../../logger.ts';
import type { Db } from '../../store/db.ts';
import { blurbFor } from '../catalog-store.ts';
import { ARXIV_API_URL, ARXIV_BATCH, ARXIV_GAP_MS, fetchArxiv } from './arxiv-source.ts';
import type { FetchFn } from './http.ts';
import type { LookupRequest, PaperLookups } from './lookups.ts';
import { addFetchedIdentifiers, applyFetchedTitles, cachedLookup, isDue, keysOfPaper, recordAnswers, recordFailure, s2Answer } from './metadata-store.ts';
import { fetchSemanticScholar, S2_API_URL, S2_BATCH, S2_GAP_MS } from './semantic-scholar.ts';
import { SourceQueue } from './source-queue.ts';
import type { ExternalIds, MetadataSource, SourceAnswer } from './types.ts';
import { getPaper } from '../../store/catalog.ts';

/** What a request made after stop() waits for: nothing. */
const NOTHING_PENDING: LookupRequest = { pending: false, settled: Promise.resolve() };
import { paperIndexChanged } from '../../store/catalog-version.ts';

/** How long a command waits for a look-up before it answers with what it has (the "about 2 s", all told). */
export const COMMAND_WAIT_MS = 1_500;

export interface MetadataOptions {
  arxivUrl?: string;
  s2Url?: string;
  /** SEMANTIC_SCHOLAR_API_KEY: raises Semantic Scholar's limit to 1 request a second. Never logged. */
  s2ApiKey?: string;
  fetch?: FetchFn;
  /** Overrides the sources' gaps (tests against the stand-ins run them faster; the bot never sets them). */
  gapMs?: Partial<Record<MetadataSource, number>>;
  waitMs?: number;
  /** The first wait after a failed look-up (1 minute; doubling after each failure in a row). Tests shorten it. */
  firstRetryMs?: number;
  now?: () => number;
}

export class MetadataService implements PaperLookups {
  readonly waitMs: number;
  private readonly queues: Record<MetadataSource, SourceQueue>;
  private readonly listeners: Array<(ids: number[], titled: number[]) => void> = [];
  /** Which papers asked for each key (source:key): the papers an answer changes. */
  private readonly askers = new Map<string, Set<number>>();
  private readonly now: () => number;
  private offlineSaid = false;
  /** Stopped (shutdown): the store may be closed, so nothing more is asked of it. */
  private stopped = false;
  private readonly firstRetryMs: number | undefined;
  /** One timer for the earliest retry of failed look-ups: their papers are asked for again then. */
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAt = Infinity;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    opts: MetadataOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.waitMs = opts.waitMs ?? COMMAND_WAIT_MS;
    this.firstRetryMs = opts.firstRetryMs;
    const fetchFn = opts.fetch ?? fetch;
    const log = logger.child({ part: 'metadata' });
    const common = { logger: log, now: this.now, onOffline: (source: MetadataSource, cause: string, retryInMs: number) => this.wentOffline(source, cause, retryInMs) };
    this.queues = {
      arxiv: new SourceQueue({
        ...common,
        source: 'arxiv',
        batch: ARXIV_BATCH,
        gapMs: opts.gapMs?.arxiv ?? ARXIV_GAP_MS,
        fetchBatch: (keys) => fetchArxiv(keys, { url: opts.arxivUrl ?? ARXIV_API_URL, fetch: fetchFn }),
        onAnswer: async (a) => await this.answered('arxiv', a),
        onFailure: async (keys, err) => await this.failed('arxiv', keys, err),
      }),
      s2: new SourceQueue({
        ...common,
        source: 's2',
        batch: S2_BATCH,
        gapMs: opts.gapMs?.s2 ?? (opts.s2ApiKey ? S2_GAP_MS.withKey : S2_GAP_MS.withoutKey),
        fetchBatch: (keys) => fetchSemanticScholar(keys, { url: opts.s2Url ?? S2_API_URL, fetch: fetchFn, apiKey: opts.s2ApiKey }),
        onAnswer: async (a) => await this.answered('s2', a),
        onFailure: async (keys, err) => await this.failed('s2', keys, err),
      }),
    };
  }

  /** `retryFailed`: failed look-ups are asked again now instead of after their back-off (`paperclub enrich`). */
  async request(paperIds: Iterable<number>, opts: { background?: boolean; retryFailed?: boolean } = {}): Promise<LookupRequest> {
    const due: Record<MetadataSource, string[]> = { arxiv: [], s2: [] };
    const now = this.now();
    // A reply still being written at shutdown asks nothing more: its store may close between two of these awaits.
    if (this.stopped) return NOTHING_PENDING;
    try {
      for (const id of new Set(paperIds)) {
        const keys = await keysOfPaper(this.db, id);
        if (!keys) continue;
        for (const source of ['arxiv', 's2'] as const) {
          // Semantic Scholar: its best form, unless it answered under another form of the paper already.
          const key = source === 'arxiv' ? keys.arxiv : (await s2Answer(this.db, keys))?.state === 'found' ? null : (keys.s2[0] ?? null);
          if (!key || !(await isDue(this.db, source, key, now, opts.retryFailed))) continue;
          const tag = `${source}:${key}`;
          const set = this.askers.get(tag) ?? new Set<number>();
          set.add(id);
          this.askers.set(tag, set);
          due[source].push(key);
        }
      }
    } catch (err) {
      // Shutdown: the service stopped, or the store closed under it first.
      if (this.stopped || !this.db.isOpen) return NOTHING_PENDING;
      throw err;
    }
    if (this.stopped) return NOTHING_PENDING;
    const waits: Array<Promise<void>> = [];
    for (const source of ['arxiv', 's2'] as const) {
      if (!due[source].length) continue;
      const queue = this.queues[source];
      // While the network is down nobody waits: the keys go behind, for when it is back.
      const background = opts.background || queue.offline;
      const done = queue.add(due[source], background);
      if (!queue.offline) waits.push(done);
    }
    return { pending: waits.length > 0, settled: Promise.all(waits).then(() => undefined) };
  }

  onChanged(listener: (paperIds: number[], titled: number[]) => void): void {
    this.listeners.push(listener);
  }

  /** Requests sent so far, per source (the figures). */
  requestCounts(): Record<MetadataSource, number> {
    return { arxiv: this.queues.arxiv.requests, s2: this.queues.s2.requests };
  }

  /** Stops both queues; whoever waits is let go. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.queues.arxiv.stop();
    this.queues.s2.stop();
  }

  private async answered(source: MetadataSource, answer: SourceAnswer): Promise<void> {
    if (this.stopped) return;
    const touched = new Map<number, ExternalIds>();
    for (const [key, paper] of answer) {
      const tag = `${source}:${key}`;
      if (paper) for (const id of this.askers.get(tag) ?? []) touched.set(id, paper.externalIds);
      this.askers.delete(tag);
    }
    const before = new Map(await mapInOrder([...touched.keys()], async (id) => [id, await this.shown(id)] as const));
    await recordAnswers(this.db, source, answer, this.now());
    this.offlineSaid = false;
    if (!touched.size) return;
    // The work's other ids join the paper's identifiers (never another paper's: see addFetchedIdentifiers).
    for (const [id, ids] of touched) await addFetchedIdentifiers(this.db, id, ids);
    const titled = await applyFetchedTitles(this.db, touched.keys());
    // Titles, one-liners and the fuzzy index are cached per catalog state: this is a new one.
    paperIndexChanged(this.db);
    // Only papers that now read differently: a second source saying the same edits nothing again.
    const changed = await filterInOrder([...touched.keys()], async (id) => (await this.shown(id)) !== before.get(id));
    if (!changed.length) return;
    for (const listen of this.listeners) {
      try {
        listen(changed, titled);
      } catch (err) {
        this.logger.warn('metadata listener failed', { err });
      }
    }
  }

  /** A failed batch: recorded with its back-off, and its papers asked for again (behind commands) when that ends. */
  private async failed(source: MetadataSource, keys: string[], err: unknown): Promise<void> {
    this.retryBy(await recordFailure(this.db, source, keys, this.now(), String((err as Error)?.message ?? err), this.firstRetryMs));
  }

  /** Keeps one timer, for the earliest retry; unref'd, so a pending retry never keeps a finished process (the CLI) alive. */
  private retryBy(at: number): void {
    if (!(at < this.retryAt)) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryAt = at;
    this.retryTimer = setTimeout(() => {
      this.retryFailed().catch((err) => {
        if (!this.stopped) this.logger.warn('could not ask again for failed paper look-ups', { err });
      });
    }, Math.max(0, at - this.now())).unref();
  }

  /** Asks again for the papers whose failed look-ups are due now; the next timer waits for the rest. */
  private async retryFailed(): Promise<void> {
    this.retryTimer = null;
    this.retryAt = Infinity;
    const now = this.now();
    const due = new Set<number>();
    let next = Infinity;
    for (const [tag, ids] of this.askers) {
      const at = tag.indexOf(':');
      const failed = await cachedLookup(this.db, tag.slice(0, at) as MetadataSource, tag.slice(at + 1));
      if (failed?.state !== 'failed') continue; // queued still, or answered
      if ((failed.retryAt ?? 0) <= now) for (const id of ids) due.add(id);
      else next = Math.min(next, failed.retryAt!);
    }
    if (due.size) await this.request(due, { background: true });
    if (next < Infinity) this.retryBy(next);
  }

  /** What posts and ballots show of a paper: its title and its one-liner (with the one-liner's source). */
  private async shown(paperId: number): Promise<string> {
    const paper = await getPaper(this.db, paperId);
    return JSON.stringify([paper?.title, await blurbFor(this.db, paperId, null)]);
  }

  private wentOffline(source: MetadataSource, cause: string, retryInMs: number): void {
    // One line when the network goes away, however many sources and papers wait. Info, not a warning: the bot works as
    // without look-ups, and the playground's terminal (which shows warnings) stays as it is without a network.
    if (this.offlineSaid) return;
    this.offlineSaid = true;
    this.logger.info('paper metadata unreachable: papers show what their lists say; look-ups try again later', { source, cause, retryInMs });
  }
}
