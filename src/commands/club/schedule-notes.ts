import { dstNotes } from '../../calendar/meeting-schedule.ts';
import { scheduleOf } from '../../club/planning.ts';
import type { Club } from '../../club/types.ts';
import { localDate } from '../../render/format.ts';

/** Lines that warn about meetings in the coming year whose local time a clock change shifts or makes ambiguous. */
export function scheduleWarnings(club: Club, now: number): string[] {
  return dstNotes(scheduleOf(club), now).map((n) =>
    n.kind === 'gap'
      ? `⏰ On ${localDate(n.at, club.timezone)} clocks go forward in ${club.timezone}: ${n.asked} does not exist, so that meeting is at ${n.actual}.`
      : `⏰ On ${localDate(n.at, club.timezone)} clocks go back in ${club.timezone}: ${n.asked} happens twice; the meeting is at the first one.`,
  );
}
