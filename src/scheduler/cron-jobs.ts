import cron, { type ScheduledTask } from 'node-cron';
import { shiftWeeklyCron, validateMeetingSchedule } from '../calendar/meeting-schedule.ts';
import type { Club } from '../club/types.ts';
import type { Logger } from '../logger.ts';

/** One node-cron task per active club, plus a sweep; this file is the only one that touches node-cron tasks. */
export interface ClubJob {
  clubId: number;
  cron: string;
  timezone: string;
  /** When the job fires: the meeting cron shifted back by the announce lead (the post goes out ahead). */
  fires: string;
  task: ScheduledTask;
}

/** node-cron's own warnings (missed heartbeats …) go to our structured log instead of the console. */
function cronLogger(log: Logger) {
  return {
    info: (m: string) => log.info(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error, err?: Error) => log.error(typeof m === 'string' ? m : m.message, { err: err ?? m }),
    debug: (m: string | Error) => log.debug(typeof m === 'string' ? m : m.message),
  };
}

export class CronJobs {
  private readonly jobs = new Map<number, ClubJob>();
  private sweep: ScheduledTask | null = null;

  constructor(
    private readonly logger: Logger,
    /** Called when a club's slot fires (or node-cron reports it missed the beat: we never rely on its tolerance). */
    private readonly onSlot: (clubId: number) => void,
  ) {}

  /** Makes the club's job match the club: none when paused, removed or invalid; re-created when the schedule changed. */
  sync(clubId: number, club: Club | null): 'created' | 'kept' | 'removed' | 'none' {
    const job = this.jobs.get(clubId);
    const log = this.logger.child({ clubId, platform: club?.platform });
    const wanted = club && !club.paused ? club : null;
    const fires = wanted ? shiftWeeklyCron(wanted.cron, wanted.announceLeadMinutes) : '';
    if (wanted && job && job.cron === wanted.cron && job.timezone === wanted.timezone && job.fires === fires) return 'kept';
    if (job) {
      void job.task.destroy();
      this.jobs.delete(clubId);
    }
    if (!wanted) {
      if (job) log.info(club ? 'club paused: its job is stopped' : 'club removed: its job is stopped');
      return job ? 'removed' : 'none';
    }
    try {
      // node-cron accepts a bad time zone and fails later; check first so a bad row cannot take the process down.
      validateMeetingSchedule(wanted);
    } catch (err) {
      log.error('club has an invalid schedule in the database: no job until an admin fixes it with /club schedule', {
        cron: wanted.cron,
        timezone: wanted.timezone,
        err,
      });
      return 'none';
    }
    const task = cron.schedule(fires, () => this.onSlot(clubId), {
      timezone: wanted.timezone,
      name: `paperclub-club-${clubId}`,
      logger: cronLogger(log),
    });
    task.on('execution:missed', () => this.onSlot(clubId));
    this.jobs.set(clubId, { clubId, cron: wanted.cron, timezone: wanted.timezone, fires, task });
    log.info(job ? 'club job re-created with its new schedule' : 'club job created', { cron: wanted.cron, fires, timezone: wanted.timezone });
    return 'created';
  }

  /** The safety net: every few minutes, everything due (reminders, retries, meetings done, anything a job missed). */
  startSweep(expr: string, run: () => Promise<void>): void {
    this.sweep?.destroy();
    this.sweep = cron.schedule(expr, run, { timezone: 'UTC', name: 'paperclub-sweep', noOverlap: true, logger: cronLogger(this.logger) });
  }

  ids(): number[] {
    return [...this.jobs.keys()];
  }

  get(clubId: number): ClubJob | undefined {
    return this.jobs.get(clubId);
  }

  list(): Array<{ clubId: number; cron: string; timezone: string; nextRun: Date | null }> {
    return [...this.jobs.values()].map((j) => ({ clubId: j.clubId, cron: j.cron, timezone: j.timezone, nextRun: j.task.getNextRun() }));
  }

  stopAll(): void {
    for (const j of this.jobs.values()) void j.task.destroy();
    this.jobs.clear();
    void this.sweep?.destroy();
    this.sweep = null;
  }
}
