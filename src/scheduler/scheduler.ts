import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mapInOrder } from '../in-order.ts';
import type { Clock } from '../clock.ts';
import type { SchedulerPort } from '../dispatch/scheduler-port.ts';
import type { Club, Platform } from '../club/types.ts';
import type { Logger } from '../logger.ts';
import { servedHere, type Delivery } from '../club/ports.ts';
import { CronJobs } from './cron-jobs.ts';
import { DEFAULT_RETRY, realSleep, type RetryPolicy, type Sleep } from './retry.ts';
import { announceGroup } from './announce-group.ts';
import { scanDue } from './due-scan.ts';
import { runClub, settleAfterChange } from './run-club.ts';
import { SlotCache } from './slot-cache.ts';
import { emptyReport, errorText, iso, type RunDeps, type RunReport, type RunState } from './types.ts';
import type { ClubTimings } from '../dispatch/scheduler-port.ts';

const HOUR = 3_600_000;
/** Clubs announced together: their post records share one commit before the sends, and one after. */
const ANNOUNCE_GROUP = 256;

/** Scheduler settings; every field but port, deliveries and logger has a production default. */
export interface SchedulerOptions {
  /** What the scheduler reaches of the core and the database: dispatch/scheduler-port.ts schedulerPort(core, store). */
  port: SchedulerPort;
  /** One per platform the bot is connected to; clubs of other platforms wait (as if the bot were down for them). */
  deliveries: Delivery[];
  logger: Logger;
  /** Defaults to the port's clock. */
  clock?: Clock;
  /** A slot is still posted this long after it was due (catch-up after downtime); older ones are recorded missed. */
  graceMs?: number;
  /** A posted meeting is marked done this long after its slot. */
  meetingDurationMs?: number;
  /** How far back unrecorded slots are looked for (bounds work after a long outage). */
  lookbackMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Injected so tests do not wait for backoff. */
  sleep?: Sleep;
  /** Production: node-cron jobs (one per active club + a sweep). Tests and tools drive runDue() instead. */
  cron?: boolean;
  /** The sweep's cron (UTC); null for none. */
  sweepCron?: string | null;
  /** Clubs worked on at once in a run (platform sends are the slow part). */
  concurrency?: number;
  /**
   * Sweeps, and jobs for at least this many clubs, find their work with one scan (set queries over the clubs due a
   * check, see due-scan.ts) and record announcements in groups; jobs for fewer clubs check them one by one (a few
   * point lookups). Infinity: every run checks club by club (tests compare both ways).
   */
  scanFrom?: number;
  /** This process's name in the clubs' leases (several processes on one database); unique per start by default. */
  owner?: string;
  /**
   * How long a club's lease lasts (default a minute). A run renews its leases every third of it while it works (sends
   * with their retries can take longer), so a slow process is not overtaken; a process that died hands its clubs on
   * within it (their posts are that much late): the others look at the clubs they left alone again once it has run out.
   */
  leaseMs?: number;
}

/**
 * Issues weekly posts exactly once, reminders once, and catches up after downtime. All decisions are made
 * from the database at "now", so a run can happen at any time, any number of times, in any process
 * lifetime; node-cron only decides *when* runs happen. Run one scheduler per database.
 */
export class Scheduler {
  private readonly deps: RunDeps;
  /** The platforms' deliveries (deps.deliveries is a read-only view of it for the runs). */
  private readonly deliveries: Map<Platform, Delivery>;
  private readonly clock: Clock;
  private readonly cronEnabled: boolean;
  private readonly sweepCron: string | null;
  private readonly concurrency: number;
  private readonly scanFrom: number;
  private readonly jobs: CronJobs;
  private readonly owner: string;
  private readonly leaseMs: number;
  /** Per-club promise chains: two runs never work on one club at once (a job and the sweep may overlap). */
  private readonly locks = new Map<number, Promise<void>>();
  private readonly pending = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** Timers of recheckAfterLease, cleared by stop(). */
  private readonly rechecks = new Set<ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private unsubscribe: (() => void) | null = null;
  private running = false;
  /** When start() ran: slots before it passed while the bot was down (for the truth of the "missed" log). */
  private upSince: number | null = null;

  constructor(opts: SchedulerOptions) {
    const logger = opts.logger.child({ part: 'scheduler' });
    this.deliveries = new Map<Platform, Delivery>(opts.deliveries.map((d) => [d.platform, d]));
    this.deps = {
      port: opts.port,
      deliveries: this.deliveries,
      logger,
      graceMs: opts.graceMs ?? 24 * HOUR,
      meetingDurationMs: opts.meetingDurationMs ?? HOUR,
      lookbackMs: opts.lookbackMs ?? 60 * 24 * HOUR,
      retry: { ...DEFAULT_RETRY, ...opts.retry },
      sleep: opts.sleep ?? realSleep,
      slots: new SlotCache(),
      owns: (club) => servedHere(this.deliveries.get(club.platform), club),
    };
    this.clock = opts.clock ?? opts.port.clock;
    this.cronEnabled = opts.cron ?? true;
    this.sweepCron = opts.sweepCron === undefined ? '*/5 * * * *' : opts.sweepCron;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.scanFrom = opts.scanFrom ?? 16;
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.jobs = new CronJobs(logger, (clubId) => this.kick(clubId));
    for (const d of opts.deliveries) d.onServedChange?.(() => this.servedChanged());
  }

  /** A platform serves other servers or workspaces now (a Slack workspace installed or removed the app). */
  private servedChanged(): void {
    if (!this.running) return;
    void (async () => {
      if (this.cronEnabled) await this.syncJobs();
      await this.runDue();
    })();
  }

  /**
   * A platform that came up after the scheduler started (its first connection failed and a retry worked): its
   * posts, deferred until now, go out with a run straight away.
   */
  addDelivery(delivery: Delivery): void {
    this.deliveries.set(delivery.platform, delivery);
    delivery.onServedChange?.(() => this.servedChanged());
    if (!this.running) return;
    void (async () => {
      if (this.cronEnabled) await this.syncJobs(); // its servers are known now (Discord shards)
      await this.runDue();
    })();
  }

  /** One job per active club and the sweep, then the catch-up (everything due while the bot was down). */
  async start(): Promise<RunReport> {
    if (this.running) throw new Error('scheduler already started');
    this.running = true;
    this.upSince = this.clock().getTime();
    // Next checks were worked out by an earlier process, perhaps with other settings (grace, leads): look at every club.
    await this.deps.port.store.clearNextChecks();
    this.unsubscribe = this.deps.port.watchClubChanges((club) => this.clubChanged(club));
    // Jobs are armed before the catch-up, not after it: the catch-up covers slots up to its start, the jobs
    // every slot after, so no slot falls between them however long the catch-up takes (issue 14). A job that
    // fires meanwhile queues behind the club lock and settles its own slot with `now` taken when it fired.
    // Chosen over repeating the catch-up or narrowing "latest due slot wins": it changes when runs happen, not
    // what a run decides, so the planning rules stay as they are.
    if (this.cronEnabled) {
      await this.syncJobs();
      if (this.sweepCron) {
        this.jobs.startSweep(this.sweepCron, async () => {
          try {
            await this.syncJobs();
          } catch (err) {
            this.deps.logger.error('scheduler jobs not refreshed', { err });
          }
          void this.runDue();
        });
      }
    }
    return this.runDue();
  }

  /** Stops every job and waits for runs under way; safe to call twice. */
  async stop(): Promise<void> {
    this.running = false;
    this.jobs.stopAll();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    for (const t of this.rechecks) clearTimeout(t);
    this.rechecks.clear();
    this.pending.clear();
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.idle();
  }

  /** Makes the club's job match the database: re-created on a new schedule, gone when paused or removed. */
  async refresh(club: Club | number): Promise<void> {
    const id = typeof club === 'number' ? club : club.id;
    if (!this.running || !this.cronEnabled) return;
    const fresh = await this.deps.port.store.getClub(id);
    this.jobs.sync(id, fresh && this.deps.owns(fresh) ? fresh : null);
  }

  /** Jobs for every club in the database (and none for clubs gone from it): covers changes made outside commands. */
  private async syncJobs(): Promise<void> {
    try {
      // Jobs for this process's clubs only (its Discord shards' servers, its installed Slack workspaces).
      const clubs = (await this.deps.port.listClubs()).filter((c) => this.deps.owns(c));
      const ids = new Set(clubs.map((c) => c.id));
      for (const club of clubs) this.jobs.sync(club.id, club);
      for (const id of this.jobs.ids()) if (!ids.has(id)) this.jobs.sync(id, null);
    } catch (err) {
      this.deps.logger.error('could not sync club jobs', { err });
    }
  }

  /** Told by the port after an admin changed a club: settle slots that passed under the old settings, then refresh the job. */
  private async clubChanged(club: Club): Promise<void> {
    try {
      const fresh = await this.deps.port.store.getClub(club.id);
      if (fresh) await settleAfterChange(this.deps, fresh, this.clock().getTime());
      await this.refresh(club.id);
    } catch (err) {
      this.deps.logger.error('could not apply a club change to the schedule', { clubId: club.id, err });
    }
  }

  /** Plans and issues everything due up to `now` for every club. Never throws; problems are in the report and the log. */
  runDue(now?: number | Date): Promise<RunReport> {
    return this.runClubs(null, now);
  }

  /** As runDue, for some clubs (null: all). */
  runClubs(clubIds: number[] | null, now?: number | Date): Promise<RunReport> {
    const p = this.runClubsInner(clubIds, now === undefined ? this.clock().getTime() : new Date(now).getTime());
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Resolves when no run is under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size || this.flushTimer) {
      if (this.flushTimer) this.flush();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** The jobs node-cron holds (one per active club). */
  jobList() {
    return this.jobs.list();
  }

  private async runClubsInner(clubIds: number[] | null, now: number): Promise<RunReport> {
    const run: RunState = { now, report: emptyReport(now), down: new Set(), upSince: this.upSince };
    const log = this.deps.logger;
    try {
      const store = this.deps.port.store;
      // Votes: a vote that is due is settled before any post goes out, so its winner is the paper announced.
      await this.deps.port.closeDueVotes(now, (clubId, fn) => this.withClubLock(run, clubId, fn));
      if (this.scanFrom === Infinity || (clubIds && clubIds.length < this.scanFrom)) {
        // A job for a few clubs: each club's own indexed lookups cost less than the set queries of a scan.
        const clubs = (clubIds ? (await mapInOrder(clubIds, (id) => store.getClub(id))).filter((c): c is Club => c !== null) : await this.deps.port.listClubs()).filter((c) => this.deps.owns(c));
        await this.eachClub(run, clubs, (club) => this.runOne(run, club, false));
      } else {
        const work = await scanDue(this.deps, now, clubIds);
        await this.eachClub(run, work.full, (club) => this.runOne(run, club, true));
        for (let i = 0; i < work.announce.length; i += ANNOUNCE_GROUP) {
          const group = work.announce.slice(i, i + ANNOUNCE_GROUP);
          await this.withClubsLock(
            run,
            group.map((g) => g.club),
            (held) => this.announce(run, group.filter((g) => held.has(g.club.id))),
          );
        }
      }
      run.report.finished = (await this.deps.port.store.finishMeetings(now, this.deps.meetingDurationMs));
      // The readers of papers first met on (this run's posts, a command's) gain their counts here, after the posts
      // and not inside them; with nothing to count, one indexed read.
      await this.deps.port.store.countHeldPapers();
    } catch (err) {
      log.error('scheduler run failed', { at: iso(now), err });
      run.report.errors.push({ clubId: 0, error: errorText(err) });
    }
    this.logDeferred(run);
    return run.report;
  }

  /** Runs `fn` for each club under its lock, `concurrency` clubs at a time. */
  private async eachClub(run: RunState, clubs: Club[], fn: (club: Club) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < clubs.length) {
        const club = clubs[next++]!;
        await this.withClubsLock(run, [club], (held) => (held.has(club.id) ? fn(club) : Promise.resolve()));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, clubs.length) }, worker));
  }

  private async announce(run: RunState, group: Array<{ club: ClubTimings; slotAt: number }>): Promise<void> {
    if (!group.length) return;
    const store = this.deps.port.store;
    try {
      // A club the group could not begin gets the full run, with its whole row read afresh.
      await announceGroup(this.deps, run, group, this.concurrency, async ({ id }) => {
        const club = await store.getClub(id);
        if (club) await this.runOne(run, club, false);
      });
    } catch (err) {
      // Posts begun and not recorded stay 'posting': the next run finishes them (looking on the platform first).
      for (const { club } of group) run.report.errors.push({ clubId: club.id, error: errorText(err) });
      this.deps.logger.error('announcing a group of clubs failed; the next run takes them up', { clubs: group.length, at: iso(run.now), err });
    }
  }

  private async runOne(run: RunState, club: Club, scanned: boolean): Promise<void> {
    const clubId = club.id;
    try {
      await runClub(this.deps, run, club, { scanned });
    } catch (err) {
      // One club's bad data (e.g. an invalid cron edited into the database) must not stop the others.
      run.report.errors.push({ clubId, error: errorText(err) });
      this.deps.logger.error('scheduling this club failed; other clubs go on', { clubId, at: iso(run.now), err });
    }
  }

  /**
   * Clubs another process was working on are looked at again once its lease would have run out: it may have died
   * mid-run, and their next job may be a week away. When it finished, the look finds nothing due.
   */
  private recheckAfterLease(clubIds: readonly number[]): void {
    if (!this.running || !clubIds.length) return;
    const timer = setTimeout(() => {
      this.rechecks.delete(timer);
      for (const id of clubIds) this.kick(id);
    }, this.leaseMs + 1_000);
    timer.unref();
    this.rechecks.add(timer);
  }

  private logDeferred(run: RunState): void {
    const byReason = new Map<string, number>();
    for (const d of run.report.deferred) byReason.set(`${d.platform}:${d.reason}`, (byReason.get(`${d.platform}:${d.reason}`) ?? 0) + 1);
    for (const [key, clubs] of byReason) {
      const [platform, reason] = key.split(':');
      // Normal with several processes on one database: not a warning.
      if (reason === 'other-process') {
        this.deps.logger.debug('clubs another process is working on: left to it', { platform, clubs, at: iso(run.now) });
        continue;
      }
      this.deps.logger.warn(
        reason === 'no-delivery'
          ? 'clubs on a platform the bot is not connected to: left for later'
          : reason === 'parked'
            ? 'clubs parked on a broken channel: waiting for an admin'
            : 'platform failing: its remaining clubs wait for the next run',
        { platform, clubs, at: iso(run.now) },
      );
    }
  }

  /** Runs `fn` for the club under its lock, unless another process holds the club's lease. */
  private withClubLock(run: RunState, clubId: number, fn: () => Promise<void>): Promise<void> {
    return this.withClubsLock(run, [{ id: clubId, platform: null }], (held) => (held.has(clubId) ? fn() : Promise.resolve()));
  }

  /**
   * Runs `fn` once no earlier run of this process holds any of these clubs, holding them all until it ends; `fn` is
   * given the clubs whose lease this process holds for the run (several processes on one database: a club another
   * process is working on is left to it, and counted deferred). The leases are given back when `fn` ends.
   */
  private withClubsLock(
    run: RunState,
    clubs: ReadonlyArray<{ id: number; platform: Platform | null }>,
    fn: (held: ReadonlySet<number>) => Promise<void>,
  ): Promise<void> {
    const clubIds = clubs.map((c) => c.id);
    const prev = Promise.allSettled(clubIds.map((id) => this.locks.get(id) ?? Promise.resolve()));
    const next = prev.then(async () => {
      const store = this.deps.port.store;
      let held: Set<number>;
      try {
        held = await store.claimClubs(clubIds, this.owner, this.clock().getTime(), this.leaseMs);
      } catch (err) {
        // Nothing is done for clubs whose lease could not be taken: the next run asks again.
        this.deps.logger.error('could not take the clubs\' leases; the next run tries again', { clubs: clubIds.length, err });
        return;
      }
      for (const c of clubs) if (!held.has(c.id) && c.platform) run.report.deferred.push({ clubId: c.id, platform: c.platform, reason: 'other-process' });
      this.recheckAfterLease(clubIds.filter((id) => !held.has(id)));
      // Renewed while the run works, so a run longer than a lease (slow sends, retries) keeps its clubs.
      const renew = held.size
        ? setInterval(() => {
            store.claimClubs([...held], this.owner, this.clock().getTime(), this.leaseMs).catch((err) => this.deps.logger.warn('could not renew the clubs\' leases', { err }));
          }, Math.max(1_000, Math.floor(this.leaseMs / 3)))
        : null;
      renew?.unref();
      try {
        await fn(held);
      } finally {
        if (renew) clearInterval(renew);
        await store.releaseClubs([...held], this.owner).catch((err) => this.deps.logger.warn('could not give back the clubs\' leases; they run out on their own', { err }));
      }
    });
    for (const id of clubIds) this.locks.set(id, next);
    void next
      .catch(() => {})
      .finally(() => {
        for (const id of clubIds) if (this.locks.get(id) === next) this.locks.delete(id);
      });
    return next;
  }

  /** A club's job fired: batch the clubs whose slots fire together into one run. */
  private kick(clubId: number): void {
    if (!this.running) return;
    this.pending.add(clubId);
    this.flushTimer ??= setTimeout(() => this.flush(), 0);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const ids = [...this.pending];
    this.pending.clear();
    if (ids.length) void this.runClubs(ids);
  }
}
