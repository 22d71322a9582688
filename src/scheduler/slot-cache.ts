import { nextMeetingAt } from '../calendar/meeting-schedule.ts';
import type { Club } from '../club/types.ts';

type Scheduled = Pick<Club, 'cron' | 'timezone' | 'everyWeeks' | 'anchorDate'>;

interface Entry {
  from: number;
  slot: number;
}

const scheduleKey = (c: Scheduled) => `${c.cron}\u0000${c.timezone}\u0000${c.everyWeeks}\u0000${c.anchorDate ?? ''}`;

/** Answers kept per schedule: a sweep asks about a few instants (now, now + lead, each club's last recorded meeting). */
const PER_SCHEDULE = 16;

/**
 * Meeting times memoised per schedule, shared by every club on it: "the first meeting after X" depends only on the
 * schedule (weekday, time, zone, every N weeks, anchor), and an answer computed from `from ≤ X < slot` holds for any
 * such X. Thousands of clubs share a handful of schedules, so a sweep computes each date once, not once a club
 * (each computation goes through Intl at tens of µs). A changed schedule is simply another key.
 */
export class SlotCache {
  private readonly entries = new Map<string, Entry[]>();

  next(schedule: Scheduled, after: number): number {
    const key = scheduleKey(schedule);
    let list = this.entries.get(key);
    if (list) {
      for (const e of list) if (e.from <= after && after < e.slot) return e.slot;
    }
    const slot = nextMeetingAt(schedule, after);
    if (!list) this.entries.set(key, (list = []));
    list.push({ from: after, slot });
    if (list.length > PER_SCHEDULE) list.shift();
    return slot;
  }

  /** Slots in (after, until], oldest first, at most `max` (bounded look-back). */
  between(schedule: Scheduled, after: number, until: number, max = 1_000): number[] {
    const out: number[] = [];
    let t = this.next(schedule, after);
    while (t <= until && out.length < max) {
      out.push(t);
      t = this.next(schedule, t);
    }
    return out;
  }
}
