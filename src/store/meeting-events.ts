import { sql } from 'kysely';
import type { Db, RunResult } from './db.ts';
import type { Club, Platform } from '../club/types.ts';

/** What members see of a meeting's event: its link and how many are interested (null: not fetched yet). */
export interface ShownEvent {
  link: string;
  interested: number | null;
}

export interface EventRecord {
  meetingAt: number;
  eventId: string | null;
  fingerprint: string | null;
  state: 'creating' | 'active' | 'cancelled';
  link?: string | null;
  interested?: number | null;
}

export async function records(db: Db, clubId: number): Promise<EventRecord[]> {
  return await db.all(sql`SELECT meeting_at AS meetingAt, event_id AS eventId, fingerprint, state, link, interested FROM meeting_events WHERE club_id = ${clubId}`) as EventRecord[];
}

export async function save(db: Db, clubId: number, r: EventRecord): Promise<void> {
  await db.run(sql`INSERT INTO meeting_events (club_id, meeting_at, event_id, fingerprint, state, link, interested) VALUES (${clubId}, ${r.meetingAt}, ${r.eventId}, ${r.fingerprint}, ${r.state}, ${r.link ?? null}, ${r.interested ?? null})
     ON CONFLICT (club_id, meeting_at) DO UPDATE SET event_id = excluded.event_id, fingerprint = excluded.fingerprint, state = excluded.state,
       link = excluded.link, interested = excluded.interested`);
}

/** The event members see for a club's meeting (active, with a link), or null. */
export async function shownEvent(db: Db, clubId: number, meetingAt: number): Promise<ShownEvent | null> {
  const row = await db.first(sql`SELECT link, interested FROM meeting_events WHERE club_id = ${clubId} AND meeting_at = ${meetingAt} AND state = 'active' AND link IS NOT NULL`) as
    | ShownEvent
    | undefined;
  return row ?? null;
}

/** The club and meeting of a platform event this bot made (a gateway event names only the event). */
export async function meetingOfEvent(db: Db, platform: Platform, workspace: string, eventId: string): Promise<{ clubId: number; meetingAt: number } | null> {
  const row = await db.first(sql`SELECT e.club_id AS clubId, e.meeting_at AS meetingAt FROM meeting_events e JOIN clubs c ON c.id = e.club_id
     WHERE c.platform = ${platform} AND c.workspace = ${workspace} AND e.event_id = ${eventId} AND e.state = 'active'`) as { clubId: number; meetingAt: number } | undefined;
  return row ?? null;
}

/**
 * Before a club is deleted (its event records go with it): its events still ahead wait in orphan_meeting_events
 * until the platform has cancelled them (cancelOrphanEvents, run by each sync).
 */
export async function queueOrphanEvents(db: Db, club: Club, now: number): Promise<number> {
  return (await db.run(sql`INSERT OR IGNORE INTO orphan_meeting_events (platform, workspace, event_id)
     SELECT ${club.platform}, ${club.workspace}, event_id FROM meeting_events WHERE club_id = ${club.id} AND state = 'active' AND event_id IS NOT NULL AND meeting_at > ${now}`)).changes;
}

/** How many are interested in a meeting's event, as last fetched. */
export async function setInterested(db: Db, count: number, id: number, meetingAt: number, eventId: string): Promise<RunResult> {
  return await db.run(sql`UPDATE meeting_events SET interested = ${count} WHERE club_id = ${id} AND meeting_at = ${meetingAt} AND event_id = ${eventId}`);
}

/** Events of removed clubs still to cancel on a platform. */
export async function orphanEvents(db: Db, platform: Platform): Promise<Array<{ workspace: string; eventId: string }>> {
  return (await db.all(sql`SELECT workspace, event_id AS eventId FROM orphan_meeting_events WHERE platform = ${platform}`)) as Array<{ workspace: string; eventId: string }>;
}

/** An orphan event was cancelled. */
export async function forgetOrphanEvent(db: Db, platform: Platform, eventId: string): Promise<RunResult> {
  return await db.run(sql`DELETE FROM orphan_meeting_events WHERE platform = ${platform} AND event_id = ${eventId}`);
}

