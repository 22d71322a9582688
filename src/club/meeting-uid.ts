import { createHash } from 'node:crypto';
import { icsDateTime } from '../calendar/ics.ts';
import type { Club } from './types.ts';

/**
 * The calendar UID a meeting gets when it is first planned: its date then, plus a hash of where the club lives
 * (platform, workspace, channel). It is stored with the meeting and kept through any re-dating, so calendars update
 * the event instead of doubling it; meetings recorded before UIDs were stored fall back to this formula, which is what
 * their calendars already hold.
 */
export function meetingUid(club: Pick<Club, 'platform' | 'workspace' | 'channel'>, slotAt: number): string {
  const place = createHash('sha256').update(`${club.platform}:${club.workspace}:${club.channel}`).digest('hex').slice(0, 16);
  return `${icsDateTime(slotAt)}-${place}@paperclub`;
}
