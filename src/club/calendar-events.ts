import { buildIcs, type IcsEvent } from '../calendar/ics.ts';
import type { Db } from '../store/db.ts';
import { planUpcoming, plannedFromRow, withClubBlurb } from './planning.ts';
import type { Club, PlannedMeeting } from './types.ts';
import { linksPlain } from './meeting-links.ts';
import { pastMeetings } from '../store/meetings.ts';
import { tombstonesAhead } from '../store/plan.ts';
import { shownEvent } from '../store/meeting-events.ts';
import { linksOf, type MeetingLink } from '../store/club-life.ts';

/** Held meetings looked at for links to carry in the calendar file (rotation & wrap-up). */
const RECENT_WITH_LINKS = 4;

/** How many meetings ahead the calendar file holds (about a quarter of weekly meetings). */
export const CALENDAR_MEETINGS = 12;

export { meetingUid } from './meeting-uid.ts';

/**
 * One meeting as a calendar event, under the UID it keeps through any re-dating; SEQUENCE is its revision (date and
 * status changes) plus the links added to it, so calendars always take the newer version.
 */
export function meetingEvent(club: Club, m: PlannedMeeting, durationMs: number, meetingLink: string | null, links: readonly MeetingLink[] = []): IcsEvent {
  const base = { uid: m.uid, start: m.slotAt, end: m.slotAt + durationMs, location: meetingLink };
  if (m.skipReason === 'no-paper' || (m.status === 'upcoming' && !m.paper)) {
    // The date stays a meeting date; only its paper is missing (an admin can /club pick one).
    return {
      ...base,
      summary: `${club.name} — no paper left on the list`,
      description: 'The reading list has no paper left for this date. An admin can /club pick one.',
      cancelled: false,
      tentative: true,
      sequence: m.revision,
    };
  }
  if (m.status === 'skipped' || m.status === 'missed' || !m.paper) {
    // (An announced meeting always has a paper; `!m.paper` only narrows the type.)
    // Its revision went up with the skip: calendars that imported it as scheduled take the cancellation as newer.
    return { ...base, summary: `${club.name} — no meeting (skipped)`, description: 'This meeting is skipped. See /paper upcoming for the next one.', cancelled: true, sequence: Math.max(1, m.revision) };
  }
  const p = m.paper;
  const presenters = m.presenters.map((x) => x.displayName);
  const description = [
    p.summary,
    presenters.length ? `Presenting: ${presenters.join(', ')}` : `No presenter yet: sign up with /signup ${m.number ?? ''}`.trim(),
    `Paper: ${p.url}`,
    meetingLink ? `Join: ${meetingLink}` : null,
    // Rotation & wrap-up: slides, recording … added to the meeting.
    links.length ? linksPlain(links) : null,
  ].filter(Boolean).join('\n');
  return {
    ...base,
    summary: `${club.name} — meeting ${m.number}: ${p.title}`,
    description,
    url: p.url,
    cancelled: false,
    // Each added link is a new version of the event (links are only ever added), so calendars take the new description.
    sequence: m.revision + links.length,
  };
}

/**
 * Where a calendar sends people for a meeting: the club's meeting link; else, for a club that meets in a voice or
 * stage channel, the meeting's platform event (it opens in that channel).
 */
async function meetingPlace(db: Db, club: Club, slotAt: number): Promise<string | null> {
  if (club.meetingLink) return club.meetingLink;
  return club.meetingChannel ? ((await shownEvent(db, club.id, slotAt))?.link ?? null) : null;
}

/**
 * The .ics text of a club's next meetings: skipped ones as cancelled events, a date with no paper left as a
 * tentative one, and dates that stopped being meetings (a dropped skip) as cancelled until they pass.
 */
export async function clubCalendar(db: Db, club: Club, now: number, durationMs: number): Promise<string> {
  // Rotation & wrap-up: the latest held meetings that have links come first, so a re-import puts the slides and
  // recording into events already in people's calendars.
  const held: PlannedMeeting[] = [];
  for (const m of (await pastMeetings(db, club.id, RECENT_WITH_LINKS)).reverse()) {
    if (m.slotAt <= now && (await linksOf(db, club.id, m.slotAt)).length) held.push(await plannedFromRow(db, club, m));
  }
  const events: IcsEvent[] = [];
  for (const m of [...held, ...(await planUpcoming(db, club, now, CALENDAR_MEETINGS))]) {
    events.push(meetingEvent(club, await withClubBlurb(db, club, m), durationMs, await meetingPlace(db, club, m.slotAt), await linksOf(db, club.id, m.slotAt)));
  }
  for (const t of await tombstonesAhead(db, club.id, now)) {
    events.push({
      uid: t.uid,
      start: t.slotAt,
      end: t.slotAt + durationMs,
      summary: `${club.name} — no meeting`,
      description: 'This date is no longer a meeting date. See /paper upcoming for the meetings.',
      cancelled: true,
      sequence: t.revision,
    });
  }
  return buildIcs({ name: `Paper club ${club.name}`, stamp: now, events });
}

/** A file name for the club's calendar: `paperclub-ml-reading.ics` for `#ml-reading` (like the export's `paperclub-…`). */
export function calendarFileName(club: Pick<Club, 'name'>): string {
  const slug = club.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `paperclub-${slug || 'club'}.ics`;
}
