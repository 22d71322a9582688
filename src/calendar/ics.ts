/**
 * RFC 5545 (iCalendar) text for a club's meetings. Times are written in UTC (`…Z`), which the RFC allows and every
 * calendar shows in the reader's own zone, so no VTIMEZONE is needed and DST is already in the instants.
 */

/** One meeting as a calendar event. */
export interface IcsEvent {
  /** Globally unique and stable for the same club and meeting date, so re-imports update instead of duplicating. */
  uid: string;
  start: number;
  end: number;
  summary: string;
  description: string;
  url?: string | null;
  location?: string | null;
  /** A called-off meeting: STATUS:CANCELLED. */
  cancelled: boolean;
  /** A meeting date whose content is not settled yet (no paper left): STATUS:TENTATIVE. */
  tentative?: boolean;
  /** Revision number; a cancelled meeting carries a higher one than it had while scheduled. */
  sequence: number;
}

/** A calendar: its name, when it was generated (DTSTAMP), and its events. */
export interface IcsCalendar {
  name: string;
  stamp: number;
  events: IcsEvent[];
}

const CRLF = '\r\n';

/** `YYYYMMDDTHHMMSSZ` of an instant (the RFC's UTC DATE-TIME form). */
export function icsDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // Other control characters are not allowed in TEXT.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A URI value: no escaping, but never a line break or a space (which would end the line or break the URI). */
function uriValue(s: string): string {
  return s.replace(/[\s\u0000-\u001f\u007f]/g, '');
}

/**
 * Folds a content line so no line is longer than 75 octets (RFC 5545 3.1): continuation lines start with one space;
 * a UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** The whole VCALENDAR text, CRLF line ends, folded. */
export function buildIcs(cal: IcsCalendar): string {
  const stamp = icsDateTime(cal.stamp);
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//paperclub//paper club meetings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(cal.name)}`,
  ];
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDateTime(e.start)}`,
      `DTEND:${icsDateTime(e.end)}`,
      `SEQUENCE:${e.sequence}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : e.tentative ? 'TENTATIVE' : 'CONFIRMED'}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
    );
    if (e.url) lines.push(`URL:${uriValue(e.url)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
