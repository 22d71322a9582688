import type { SchedulerPort } from '../dispatch/scheduler-port.ts';
import type { Club, Platform } from '../club/types.ts';
import type { Logger } from '../logger.ts';
import type { Delivery } from '../club/ports.ts';
import type { RetryPolicy, Sleep } from './retry.ts';
import type { SlotCache } from './slot-cache.ts';

/** What one run did, for logs, tests and the playground. Slots are epoch ms. */
export interface RunReport {
  at: number;
  /** Posts confirmed this run; `recovered` = found already on the platform (sent before a crash), not sent again. */
  posted: Array<{ clubId: number; slotAt: number; platform: Platform; messageId: string; number: number | null; paperKey: string; recovered: boolean }>;
  /** Slots older than the grace window that were never posted. */
  missed: Array<{ clubId: number; slotAt: number }>;
  /** Slots recorded as skipped: club paused, slot that passed before an admin change (schedule, pause, resume), or no paper left. */
  skipped: Array<{ clubId: number; slotAt: number; reason: SkipReason }>;
  /** Sends that still failed after the retries; the post stays 'posting' (or the reminder unsent) for the next run. */
  failed: Array<{ clubId: number; slotAt: number; platform: Platform; what: 'post' | 'reminder'; error: string }>;
  /**
   * Clubs left for a later run: no delivery for their platform, the platform failed earlier in this run, the club is
   * parked, or another process is working on it (it holds the club's lease).
   */
  deferred: Array<{ clubId: number; platform: Platform; reason: 'no-delivery' | 'platform-down' | 'parked' | 'other-process' }>;
  /** Clubs parked this run on a permanent channel problem (see club-health.ts). */
  parked: Array<{ clubId: number; cause: string }>;
  reminders: Array<{ clubId: number; slotAt: number; kind: string }>;
  /** Meetings marked done (their time + duration has passed). */
  finished: number;
  /** Clubs that could not be planned at all (bad cron/zone in the database, unexpected errors); logged. */
  errors: Array<{ clubId: number; error: string }>;
}

export type SkipReason = 'paused' | 'club-changed' | 'no-paper';

/** Everything a run needs; plain data + injected functions, so runs are testable without timers. */
export interface RunDeps {
  /** All the scheduler reaches of the core and the database (dispatch/scheduler-port.ts). */
  port: SchedulerPort;
  deliveries: ReadonlyMap<Platform, Delivery>;
  logger: Logger;
  graceMs: number;
  lookbackMs: number;
  meetingDurationMs: number;
  retry: RetryPolicy;
  sleep: Sleep;
  slots: SlotCache;
  /**
   * Whether this process runs the club: false when its platform's delivery serves other servers or workspaces only
   * (another process's Discord shards, a Slack workspace that uninstalled the app). Clubs of a platform without a
   * delivery count as this process's: they are deferred ('no-delivery') as before.
   */
  owns(club: Pick<Club, 'platform' | 'workspace'>): boolean;
}

/** State shared by the clubs of one run. */
export interface RunState {
  now: number;
  report: RunReport;
  /** Platforms whose sends failed after all retries in this run: their other clubs wait for the next run. */
  down: Set<Platform>;
  /** When this process's scheduler started (null: runs driven without start()); slots before it passed while the bot was down. */
  upSince: number | null;
}

export function emptyReport(at: number): RunReport {
  return { at, posted: [], missed: [], skipped: [], failed: [], deferred: [], parked: [], reminders: [], finished: 0, errors: [] };
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
