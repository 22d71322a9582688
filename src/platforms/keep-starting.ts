import type { Logger } from '../logger.ts';

/** How a platform connection is started again after a failure that can pass. */
export interface KeepStartingOptions {
  /** For the log: 'discord', 'slack'. */
  name: string;
  /** Connects; resolves once the platform is up (its delivery registered by the caller). */
  start: () => Promise<void>;
  /** A failure that trying again cannot fix (a refused token or intent, a port in use): logged once, not retried. */
  permanent: (err: unknown) => boolean;
  logger: Logger;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** The timer the retries wait on (tests pass their own). */
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

/**
 * Starts a platform connection, and when that fails for a reason that can pass (the network, the platform down for
 * a while) tries again after 2 s, then twice as long each time up to every 5 minutes, until it works or the bot
 * stops. Until then the bot runs without that platform: its posts wait (the scheduler defers them) and go out once
 * it is up. `first` tells whether the first attempt worked.
 */
export function keepStarting(opts: KeepStartingOptions): { first: Promise<boolean>; stop: () => void } {
  const first = opts.firstDelayMs ?? 2_000;
  const max = opts.maxDelayMs ?? 5 * 60_000;
  const timers = opts.timers ?? { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  let timer: unknown = null;
  let stopped = false;
  const attempt = async (delay: number, tries: number): Promise<boolean> => {
    try {
      await opts.start();
      if (tries > 1) opts.logger.info(`${opts.name} started`, { attempts: tries });
      return true;
    } catch (err) {
      if (opts.permanent(err)) {
        opts.logger.error(`${opts.name} cannot start and trying again will not help (a refused token, a port in use): fix the setting and restart`, { err });
        return false;
      }
      if (stopped) return false;
      opts.logger.warn(`${opts.name} failed to start; retrying`, { retryInMs: delay, attempts: tries, err });
      timer = timers.set(() => {
        timer = null;
        if (!stopped) void attempt(Math.min(delay * 2, max), tries + 1);
      }, delay);
      return false;
    }
  };
  return {
    first: attempt(first, 1),
    stop: () => {
      stopped = true;
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
  };
}
