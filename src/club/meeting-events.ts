import { mapInOrder } from '../in-order.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../logger.ts';
import { plannedFromRow, planUpcoming, withClubBlurb } from './planning.ts';
import type { Club, Platform, PlannedMeeting } from './types.ts';
import { meetingChannelOf, type MeetingChannel } from './post-content.ts';
import { openMeetings } from '../store/meetings.ts';
import { records, save } from '../store/meeting-events.ts';
import { setInterested, orphanEvents, forgetOrphanEvent } from '../store/meeting-events.ts';

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
  /** A voice or stage channel the meeting is held in: the event is placed there instead of at `location`. */
  channel?: MeetingChannel;
}

/** What the domain needs from a platform that has calendar events (a port; the Discord adapter implements it). */
export interface MeetingEventPort {
  create(club: Club, spec: MeetingEventSpec): Promise<string>;
  /** An event this bot already made for the spec (same name and start), after a crash between create and record. */
  find(club: Club, spec: MeetingEventSpec): Promise<string | null>;
  /** Edits the event; false when it is gone (deleted by hand), so a new one is made. */
  edit(club: Club, eventId: string, spec: MeetingEventSpec): Promise<boolean>;
  /** Cancels the event (also one of a removed club: only its workspace is known then). */
  cancel(club: EventPlace, eventId: string): Promise<void>;
  /** The web link members open the event with, when the platform has one. */
  link?(club: Club, eventId: string): string;
  /** How many members marked the event interested; null when the event is gone. */
  interested?(club: Club, eventId: string): Promise<number | null>;
}

/** Where an event lives: the workspace always, the club's channel when the club still exists (for notices). */
export type EventPlace = Pick<Club, 'workspace'> & Partial<Pick<Club, 'channel'>>;
/** How many meetings ahead are looked at (only announced ones get an event). */
const LOOKAHEAD = 4;

const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');

/** The event of an announced meeting. */
export function meetingEventSpec(club: Club, m: PlannedMeeting, durationMs: number): MeetingEventSpec {
  const p = m.paper!;
  const channel = meetingChannelOf(club);
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
    ...(channel ? { channel } : {}),
  };
}

/**
 * Fetches the interested count of the club's events still ahead or under way and records it. Returns the meetings
 * whose count changed (their posts show it). One request per event; a club has one or two such events.
 */
export async function refreshInterest(db: Db, club: Club, now: number, durationMs: number, port: MeetingEventPort, only?: number): Promise<number[]> {
  if (!port.interested) return [];
  const changed: number[] = [];
  for (const r of await records(db, club.id)) {
    if (r.state !== 'active' || !r.eventId || r.meetingAt + durationMs <= now || (only !== undefined && r.meetingAt !== only)) continue;
    const count = await port.interested(club, r.eventId);
    if (count === null || count === r.interested) continue; // gone: the next sync makes a new one
    // Re-read: a sync may have run meanwhile; only the count is written.
    await setInterested(db, count, club.id, r.meetingAt, r.eventId);
    changed.push(r.meetingAt);
  }
  return changed;
}

/** Cancels the events of removed clubs on one platform; each is forgotten once the platform has cancelled it. */
export async function cancelOrphanEvents(db: Db, platform: Platform, port: MeetingEventPort, logger: Logger, servedHere: (workspace: string) => boolean = () => true): Promise<number> {
  const rows = await orphanEvents(db, platform);
  let done = 0;
  for (const r of rows.filter((row) => servedHere(row.workspace))) {
    try {
      await port.cancel({ workspace: r.workspace }, r.eventId);
    } catch (err) {
      logger.warn('event of a removed club not cancelled yet', { workspace: r.workspace, eventId: r.eventId, err });
      continue;
    }
    await forgetOrphanEvent(db, platform, r.eventId);
    logger.info('event of a removed club cancelled', { workspace: r.workspace, eventId: r.eventId });
    done++;
  }
  return done;
}

/**
 * Makes the platform's events match the club's announced meetings, exactly once: the record is written before the
 * event is created; a record left 'creating' (crash) is first looked for on the platform, then created. A changed
 * meeting (presenter, paper, time, link) is edited; a skipped or moved meeting's event is cancelled. Idempotent:
 * run it after changes and on a timer. Returns the meetings whose shown event changed (a new link: the post shows it).
 */
export async function syncMeetingEvents(db: Db, club: Club, now: number, durationMs: number, port: MeetingEventPort, logger: Logger): Promise<number[]> {
  const shown: number[] = [];
  // Announced meetings still ahead (they keep their date even when the schedule changed since), then the plan.
  const announced = await mapInOrder((await openMeetings(db, club.id, now, durationMs)).filter((m) => m.slotAt > now), (m) => plannedFromRow(db, club, m));
  const plan = [...announced, ...await planUpcoming(db, club, now, LOOKAHEAD)];
  const wanted = new Map<number, MeetingEventSpec>();
  for (const m of plan) {
    if ((m.status === 'posted' || m.status === 'posting') && m.paper) wanted.set(m.slotAt, meetingEventSpec(club, await withClubBlurb(db, club, m), durationMs));
  }
  const known = new Map((await records(db, club.id)).map((r) => [r.meetingAt, r]));

  for (const [meetingAt, spec] of wanted) {
    const fingerprint = JSON.stringify(spec);
    let r = known.get(meetingAt);
    const link = (id: string) => port.link?.(club, id) ?? null;
    if (r?.state === 'active' && r.eventId && r.fingerprint === fingerprint) {
      // Records from before links were kept get theirs now.
      if (!r.link && link(r.eventId)) {
        await save(db, club.id, { ...r, link: link(r.eventId) });
        shown.push(meetingAt);
      }
      continue;
    }
    if (r?.state === 'active' && r.eventId) {
      if (await port.edit(club, r.eventId, spec)) {
        await save(db, club.id, { ...r, fingerprint, link: r.link ?? link(r.eventId) });
        logger.info('meeting event edited', { clubId: club.id, meetingAt, eventId: r.eventId });
        continue;
      }
      r = undefined; // deleted by hand: make a new one
    }
    if (r?.state === 'creating' || r?.state === 'cancelled') {
      // A crash may have left an event without its id recorded; a cancelled one cannot come back (final on Discord).
      const found = r.state === 'creating' ? await port.find(club, spec) : null;
      // The meeting's cancelled event (its id stays on the record while a new one is made) is final: never adopted.
      if (found && found !== r.eventId) {
        if (r.fingerprint !== fingerprint) await port.edit(club, found, spec);
        await save(db, club.id, { meetingAt, eventId: found, fingerprint, state: 'active', link: link(found), interested: null });
        shown.push(meetingAt);
        logger.info('meeting event found again', { clubId: club.id, meetingAt, eventId: found });
        continue;
      }
    }
    await save(db, club.id, { meetingAt, eventId: r?.state === 'cancelled' || r?.state === 'creating' ? r.eventId : null, fingerprint, state: 'creating' });
    const eventId = await port.create(club, spec);
    await save(db, club.id, { meetingAt, eventId, fingerprint, state: 'active', link: link(eventId), interested: 0 });
    shown.push(meetingAt);
    logger.info('meeting event created', { clubId: club.id, meetingAt, eventId });
  }

  // Events of meetings that are skipped, moved or no longer planned (still ahead) are cancelled.
  for (const r of known.values()) {
    if (r.state !== 'active' || !r.eventId || wanted.has(r.meetingAt) || r.meetingAt <= now) continue;
    await port.cancel(club, r.eventId);
    await save(db, club.id, { ...r, state: 'cancelled' });
    logger.info('meeting event cancelled', { clubId: club.id, meetingAt: r.meetingAt, eventId: r.eventId });
  }
  return shown;
}
