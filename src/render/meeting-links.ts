import { formatSlot } from '../calendar/slot-text.ts';
import type { Club, Meeting } from '../club/types.ts';
import type { MeetingLink } from '../store/club-life.ts';

// A meeting's links (slides, recording …; club/meeting-links.ts keeps them) as members read them.

/** '[Slides](…) · [Recording](…)' for replies, history and the export (light markdown). */
export function linksMarkdown(links: readonly MeetingLink[]): string {
  return links.map((l) => `[${l.label}](${l.url})`).join(' · ');
}

/** The thread message for a new link. */
export function newLinkText(club: Club, meeting: Meeting, link: MeetingLink, title: string): string {
  return `📎 ${link.label} for meeting ${meeting.number}, **${title}** (${formatSlot(meeting.slotAt, meeting.timezone ?? club.timezone)}): ${link.url}`;
}
