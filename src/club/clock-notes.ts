import { localDay, localTime, weeklyParts } from '../calendar/meeting-schedule.ts';
import type { Club } from './types.ts';

/**
 * A word for members when a meeting's local time is not the club's usual one: the time does not exist that day
 * (clocks go forward, the meeting moves forward by the gap) or happens twice (clocks go back: the first one).
 */
export function clockNote(club: Pick<Club, 'cron' | 'timezone'>, meetingAt: number): string | undefined {
  const weekly = weeklyParts(club.cron);
  if (!weekly) return undefined;
  const asked = `${String(weekly.hour).padStart(2, '0')}:${String(weekly.minute).padStart(2, '0')}`;
  const actual = localTime(meetingAt, club.timezone);
  const day = localDay(meetingAt, club.timezone);
  if (actual !== asked) return `⏰ Clocks go forward on ${day} in ${club.timezone}: ${asked} does not exist that day, so this meeting is at ${actual}.`;
  if (localTime(meetingAt + 3_600_000, club.timezone) === asked) {
    return `⏰ Clocks go back on ${day} in ${club.timezone}: ${asked} happens twice; the meeting is at the first one.`;
  }
  return undefined;
}
