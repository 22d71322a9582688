import { nextMeetingAt } from '../calendar/meeting-schedule.ts';
import type { Club } from '../club/types.ts';

type Scheduled = Pick<Club, 'id' | 'cron' | 'timezone' | 'everyWeeks' | 'anchorDate'>;

interface Entry {
  /** The schedule the answer was computed for (cron, zone, every N weeks, anchor). */
  schedule: string;
  from: number;
  slot: number;
}

const scheduleKey = (c: Scheduled) => `${c.cron}\u0000${c.timezone}\u0000${c.everyWeeks}\u0000${c.anchorDate ?? ''}`;

const PER_CLUB = 4;

/**
 * The club's next meeting time, with a small per-club memo. Every sweep asks each club "what is the first slot after X?" for the
 * same few X (its last recorded slot, now); an answer computed from `from ≤ X < slot` is still the answer.
 * (node-cron's matcher costs ~50 µs a call through Intl; a sweep over 10,000 clubs would spend seconds in it.)
 */
export class SlotCache {
  private readonly entries = new Map<number, Entry[]>();

  next(club: Scheduled, after: number): number {
    let list = this.entries.get(club.id);
    const key = scheduleKey(club);
    const hit = list?.find((e) => e.schedule === key && e.from <= after && after < e.slot);
    if (hit) return hit.slot;
    const slot = nextMeetingAt(club, after);
    if (!list) this.entries.set(club.id, (list = []));
    list.push({ schedule: key, from: after, slot });
    if (list.length > PER_CLUB) list.shift();
    return slot;
  }

  /** Slots in (after, until], oldest first, at most `max` (bounded look-back). */
  between(club: Scheduled, after: number, until: number, max = 1_000): number[] {
    const out: number[] = [];
    let t = this.next(club, after);
    while (t <= until && out.length < max) {
      out.push(t);
      t = this.next(club, t);
    }
    return out;
  }

  forget(clubId: number): void {
    this.entries.delete(clubId);
  }
}
