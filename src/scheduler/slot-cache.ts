import { nextSlot } from '../club/cron-slots.ts';

interface Entry {
  cron: string;
  timezone: string;
  from: number;
  slot: number;
}

const PER_CLUB = 4;

/**
 * nextSlot with a small per-club memo. Every sweep asks each club "what is the first slot after X?" for the
 * same few X (its last recorded slot, now); an answer computed from `from ≤ X < slot` is still the answer.
 * (node-cron's matcher costs ~50 µs a call through Intl; a sweep over 10,000 clubs would spend seconds in it.)
 */
export class SlotCache {
  private readonly entries = new Map<number, Entry[]>();

  next(club: { id: number; cron: string; timezone: string }, after: number): number {
    let list = this.entries.get(club.id);
    const hit = list?.find((e) => e.cron === club.cron && e.timezone === club.timezone && e.from <= after && after < e.slot);
    if (hit) return hit.slot;
    const slot = nextSlot(club.cron, club.timezone, after);
    if (!list) this.entries.set(club.id, (list = []));
    list.push({ cron: club.cron, timezone: club.timezone, from: after, slot });
    if (list.length > PER_CLUB) list.shift();
    return slot;
  }

  /** Slots in (after, until], oldest first, at most `max` (bounded look-back). */
  between(club: { id: number; cron: string; timezone: string }, after: number, until: number, max = 1_000): number[] {
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
