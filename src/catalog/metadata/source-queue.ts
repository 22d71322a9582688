/**
 * One source's queue: keys wait here and go out in batches, one request at a time, spaced by the source's gap; a 429
 * waits out Retry-After (else an exponential back-off) and tries the same batch again.
 */
import type { Logger } from '../../logger.ts';
import { isOffline } from './http.ts';
import { RateLimited, type MetadataSource, type SourceAnswer } from './types.ts';

export interface SourceQueueOptions {
  source: MetadataSource;
  batch: number;
  /** Least time between the starts of two requests. */
  gapMs: number;
  fetchBatch: (keys: string[]) => Promise<SourceAnswer>;
  /** A batch answered: record it (and tell whoever waits). */
  onAnswer: (answer: SourceAnswer) => Promise<void>;
  /** A batch failed for good this time: record the failure (the keys are asked again later). */
  onFailure: (keys: string[], err: unknown) => Promise<void>;
  logger: Logger;
  /** The network went away (first failure of an episode): the service says so once for all sources. */
  onOffline: (source: MetadataSource, cause: string, retryInMs: number) => void;
  now?: () => number;
}

/** 429s in a row for one batch before it counts as failed (and its keys are retried later instead). */
const MAX_RATE_RETRIES = 5;
/** The longest a 429 without Retry-After makes us wait. */
const MAX_BACKOFF_MS = 5 * 60_000;
/** While the network is down, the queue tries again after this, doubling up to an hour. */
const OFFLINE_RETRY_MS = { first: 60_000, max: 3_600_000 };

export class SourceQueue {
  private readonly urgent = new Set<string>();
  private readonly background = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Keys of the request under way: asked again meanwhile, they wait for its answer instead of a second request. */
  private readonly inFlight = new Set<string>();
  private running = false;
  private stopped = false;
  private nextStartAt = 0;
  private cancelSleep: (() => void) | null = null;
  /** Set while the network is unreachable: until then nothing is sent and nobody waits. */
  private offlineUntil = 0;
  private offlineFor = 0;
  /** Requests sent (the figures: requests per 100 papers). */
  requests = 0;
  private readonly now: () => number;

  constructor(private readonly opts: SourceQueueOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** True while the network is known to be down: callers do not wait for this source. */
  get offline(): boolean {
    return this.now() < this.offlineUntil;
  }

  /** Queues keys; resolves when each has been answered or failed (at once for those already queued, when they are). */
  add(keys: readonly string[], background: boolean): Promise<void> {
    if (this.stopped || keys.length === 0) return Promise.resolve();
    const done = keys.map(
      (k) =>
        new Promise<void>((resolve) => {
          const list = this.waiters.get(k) ?? [];
          list.push(resolve);
          this.waiters.set(k, list);
        }),
    );
    for (const k of keys) {
      if (this.urgent.has(k) || this.inFlight.has(k)) continue;
      if (!background) {
        this.background.delete(k);
        this.urgent.add(k);
      } else if (!this.background.has(k)) this.background.add(k);
    }
    this.run().catch((err) => {
      // At shutdown the store may close under a batch being recorded: nothing is lost that the next start does not ask again.
      if (this.stopped) this.opts.logger.debug('metadata look-up ended by shutdown', { source: this.opts.source, err });
      else this.opts.logger.warn('metadata look-ups stopped on an error; the next request starts them again', { source: this.opts.source, err });
    });
    return Promise.all(done).then(() => undefined);
  }

  /** Keys still waiting to be asked. */
  get size(): number {
    return this.urgent.size + this.background.size;
  }

  stop(): void {
    this.stopped = true;
    this.cancelSleep?.();
    for (const k of [...this.waiters.keys()]) this.settle(k);
  }

  private settle(key: string): void {
    for (const resolve of this.waiters.get(key) ?? []) resolve();
    this.waiters.delete(key);
  }

  private take(): string[] {
    const out: string[] = [];
    for (const set of [this.urgent, this.background]) {
      for (const k of set) {
        if (out.length >= this.opts.batch) break;
        out.push(k);
        set.delete(k);
      }
    }
    return out;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    // A stop ends the wait at once (a new key does not: the gap is the source's rule).
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.cancelSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cancelSleep = done;
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // Keys queued in the same turn (an import, a ballot) go out together.
      await new Promise((resolve) => setImmediate(resolve));
      while (!this.stopped && this.size > 0) {
        await this.sleep(Math.max(this.nextStartAt, this.offlineUntil) - this.now());
        if (this.stopped) break;
        const keys = this.take();
        for (const k of keys) this.inFlight.add(k);
        try {
          await this.send(keys);
        } finally {
          this.inFlight.clear();
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** One batch, retried while the source only asks us to slow down. */
  private async send(keys: string[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      try {
        const answer = await this.fetchSpaced(keys);
        // Stopped meanwhile (shutdown): the store may be closed, nothing more is written.
        if (this.stopped) return;
        if (this.offlineFor) this.opts.logger.info('metadata source reachable again', { source: this.opts.source });
        this.offlineFor = 0;
        await this.opts.onAnswer(answer);
        for (const k of keys) this.settle(k);
        return;
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof RateLimited && attempt + 1 < MAX_RATE_RETRIES && !this.stopped) {
          const wait = err.retryAfterMs ?? Math.min(MAX_BACKOFF_MS, this.opts.gapMs * 2 ** (attempt + 1));
          this.nextStartAt = Math.max(this.nextStartAt, this.now() + wait);
          this.opts.logger.debug('metadata source asks us to slow down', { source: this.opts.source, waitMs: wait, attempt: attempt + 1 });
          // Whoever waits is not held up by the back-off: they answer with what they have, and hear of the edit.
          await this.sleep(this.nextStartAt - this.now());
          if (this.stopped) return;
          continue;
        }
        if (isOffline(err)) this.wentOffline(err);
        else this.opts.logger.warn('metadata look-up failed: tried again later', { source: this.opts.source, keys: keys.length, err });
        await this.opts.onFailure(keys, err);
        for (const k of keys) this.settle(k);
        return;
      }
    }
  }

  /**
   * One request; the next may start a full gap after this one ends (not after it starts): a service measuring from
   * when it received the request never sees two closer than the gap.
   */
  private async fetchSpaced(keys: string[]): Promise<SourceAnswer> {
    try {
      return await this.opts.fetchBatch(keys);
    } finally {
      this.nextStartAt = this.now() + this.opts.gapMs;
    }
  }

  /** One log line when the network goes away (not one per paper); the queue waits longer each time it still is. */
  private wentOffline(err: unknown): void {
    const first = this.offlineFor === 0;
    this.offlineFor = Math.min(OFFLINE_RETRY_MS.max, first ? OFFLINE_RETRY_MS.first : this.offlineFor * 2);
    this.offlineUntil = this.now() + this.offlineFor;
    const cause = (err as { cause?: { code?: string } })?.cause?.code ?? (err as Error)?.message ?? String(err);
    if (first) this.opts.onOffline(this.opts.source, cause, this.offlineFor);
  }
}
