/** How a failed platform send is retried within one run (exponential backoff, capped). */
export interface RetryPolicy {
  /** Tries per run, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 2_000, maxMs: 60_000 };

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Delay after the `attempt`-th failure (1-based): base, 2×base, 4×base … capped at maxMs. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
}

/**
 * Runs `fn` until it succeeds or the attempts are used up; `onFailure` hears every failure (for the log).
 * Returns the result, or `{ ok: false }` with the last error: the caller decides what "not yet" means.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  sleep: Sleep,
  fn: (attempt: number) => Promise<T>,
  onFailure: (err: unknown, attempt: number, nextDelayMs: number | null) => void,
  /** Errors no retry can fix (a channel the bot may not use): give up at once. */
  isPermanent: (err: unknown) => boolean = () => false,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let last: unknown;
  for (let attempt = 1; attempt <= Math.max(1, policy.attempts); attempt++) {
    try {
      return { ok: true, value: await fn(attempt) };
    } catch (err) {
      last = err;
      const permanent = isPermanent(err);
      const more = attempt < policy.attempts && !permanent;
      const delay = more ? backoffMs(policy, attempt) : null;
      onFailure(err, attempt, delay);
      if (permanent) break;
      if (delay !== null) await sleep(delay);
    }
  }
  return { ok: false, error: last };
}
