import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../logger.ts';
import { openMeetings } from './club-store.ts';
import { plannedFromRow, planUpcoming } from './planning.ts';
import type { Club, PlannedMeeting } from './types.ts';

/** What a platform event of a meeting says (Discord scheduled event). */
export interface MeetingEventSpec {
  /** ≤ 100 characters: meeting number and paper title. */
  name: string;
  /** ≤ 1,000 characters: one-liner, presenters, paper link. */
  description: string;
  startAt: number;
  endAt: number;
  /** The club's meeting link, or null (the platform then points at the club's channel). */
  location: string | null;
}

/** What the domain needs from a platform that has calendar events (a port; the Discord adapter implements it). */
export interface MeetingEventPort {
  create(club: Club, spec: MeetingEventSpec): Promise<string>;
  /** An event this bot already made for the spec (same name and start), after a crash between create and record. */
  find(club: Club, spec: MeetingEventSpec): Promise<string | null>;
  /** Edits the event; false when it is gone (deleted by hand), so a new one is made. */
  edit(club: Club, eventId: string, spec: MeetingEventSpec): Promise<boolean>;
  cancel(club: Club, eventId: string): Promise<void>;
}

interface EventRecord {
  meetingAt: number;
  eventId: string | null;
  fingerprint: string | null;
  state: 'creating' | 'active' | 'cancelled';
}

/** How many meetings ahead are looked at (only announced ones get an event). */
const LOOKAHEAD = 4;

const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');

/** The event of an announced meeting. */
export function meetingEventSpec(club: Club, m: PlannedMeeting, durationMs: number): MeetingEventSpec {
  const p = m.paper!;
  const names = m.presenters.map((x) => x.displayName);
  const description = [
    p.summary,
    names.length ? `Presenting: ${names.join(', ')}` : 'No presenter yet: sign up with /signup.',
    `Paper: ${p.url}`,
    club.meetingLink ? `Join: ${club.meetingLink}` : null,
  ].filter(Boolean).join('\n');
  return {
    name: cut(`${m.number ? `Meeting ${m.number}: ` : ''}${p.title}`, 100),
    description: cut(description, 1000),
    startAt: m.slotAt,
    endAt: m.slotAt + durationMs,
    location: club.meetingLink ?? null,
  };
}

function records(db: Db, clubId: number): EventRecord[] {
  return stmt(db, 'SELECT meeting_at AS meetingAt, event_id AS eventId, fingerprint, state FROM meeting_events WHERE club_id = ?').all(clubId) as EventRecord[];
}

function save(db: Db, clubId: number, r: EventRecord): void {
  stmt(
    db,
    `INSERT INTO meeting_events (club_id, meeting_at, event_id, fingerprint, state) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (club_id, meeting_at) DO UPDATE SET event_id = excluded.event_id, fingerprint = excluded.fingerprint, state = excluded.state`,
  ).run(clubId, r.meetingAt, r.eventId, r.fingerprint, r.state);
}

/**
 * Makes the platform's events match the club's announced meetings, exactly once: the record is written before the
 * event is created; a record left 'creating' (crash) is first looked for on the platform, then created. A changed
 * meeting (presenter, paper, time, link) is edited; a skipped or moved meeting's event is cancelled. Idempotent:
 * run it after changes and on a timer.
 */
export async function syncMeetingEvents(db: Db, club: Club, now: number, durationMs: number, port: MeetingEventPort, logger: Logger): Promise<void> {
  // Announced meetings still ahead (they keep their date even when the schedule changed since), then the plan.
  const announced = openMeetings(db, club.id, now, durationMs).filter((m) => m.slotAt > now).map((m) => plannedFromRow(db, club, m));
  const plan = [...announced, ...planUpcoming(db, club, now, LOOKAHEAD)];
  const wanted = new Map<number, MeetingEventSpec>();
  for (const m of plan) {
    if ((m.status === 'posted' || m.status === 'posting') && m.paper) wanted.set(m.slotAt, meetingEventSpec(club, m, durationMs));
  }
  const known = new Map(records(db, club.id).map((r) => [r.meetingAt, r]));

  for (const [meetingAt, spec] of wanted) {
    const fingerprint = JSON.stringify(spec);
    let r = known.get(meetingAt);
    if (r?.state === 'active' && r.eventId && r.fingerprint === fingerprint) continue;
    if (r?.state === 'active' && r.eventId) {
      if (await port.edit(club, r.eventId, spec)) {
        save(db, club.id, { ...r, fingerprint });
        logger.info('meeting event edited', { clubId: club.id, meetingAt, eventId: r.eventId });
        continue;
      }
      r = undefined; // deleted by hand: make a new one
    }
    if (r?.state === 'creating' || r?.state === 'cancelled') {
      // A crash may have left an event without its id recorded; a cancelled one cannot come back (final on Discord).
      const found = r.state === 'creating' ? await port.find(club, spec) : null;
      if (found) {
        if (r.fingerprint !== fingerprint) await port.edit(club, found, spec);
        save(db, club.id, { meetingAt, eventId: found, fingerprint, state: 'active' });
        logger.info('meeting event found again', { clubId: club.id, meetingAt, eventId: found });
        continue;
      }
    }
    save(db, club.id, { meetingAt, eventId: null, fingerprint, state: 'creating' });
    const eventId = await port.create(club, spec);
    save(db, club.id, { meetingAt, eventId, fingerprint, state: 'active' });
    logger.info('meeting event created', { clubId: club.id, meetingAt, eventId });
  }

  // Events of meetings that are skipped, moved or no longer planned (still ahead) are cancelled.
  for (const r of known.values()) {
    if (r.state !== 'active' || !r.eventId || wanted.has(r.meetingAt) || r.meetingAt <= now) continue;
    await port.cancel(club, r.eventId);
    save(db, club.id, { ...r, state: 'cancelled' });
    logger.info('meeting event cancelled', { clubId: club.id, meetingAt: r.meetingAt, eventId: r.eventId });
  }
}
