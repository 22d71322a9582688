import { sql } from 'kysely';
import type { Db } from './db.ts';


/** SQL the scheduler needs beyond the club store. Every helper takes `db` first. */

/** The latest slot at or before `now` that has a meeting row of any status (posted, skipped, missed …), or null. */
export async function latestSettledSlot(db: Db, clubId: number, now: number): Promise<number | null> {
  return (await db.value(sql`SELECT max(slot_at) FROM meetings WHERE club_id = ${clubId} AND slot_at <= ${now}`) as number | null) ?? null;
}

/** Slots whose post was begun but not confirmed (a crash or a failed send), oldest first. */
export async function pendingPostSlots(db: Db, clubId: number): Promise<number[]> {
  return await db.values(sql`SELECT slot_at FROM meetings WHERE club_id = ${clubId} AND status = 'posting' ORDER BY slot_at`) as number[];
}


export async function reminderSent(db: Db, clubId: number, slotAt: number, kind: string): Promise<boolean> {
  return await db.first(sql`SELECT 1 FROM reminders WHERE club_id = ${clubId} AND slot_at = ${slotAt} AND kind = ${kind}`) !== undefined;
}

export async function recordReminder(db: Db, clubId: number, slotAt: number, kind: string, at: number): Promise<void> {
  await db.run(sql`INSERT OR IGNORE INTO reminders (club_id, slot_at, kind, sent_at) VALUES (${clubId}, ${slotAt}, ${kind}, ${at})`);
}

/** recordReminder for many, in one commit. */
export async function recordReminders(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number; kind: string }>, at: number): Promise<void> {
  await db.transaction(async (db) => {
        for (const i of items) await recordReminder(db, i.clubId, i.slotAt, i.kind, at);
      });
}

// --- set queries for a sweep over every club (see due-scan.ts) ------------------------------------------

/** Clubs with a post begun but not confirmed. */
export async function clubsWithPendingPosts(db: Db): Promise<Set<number>> {
  return new Set(await db.values(sql`SELECT DISTINCT club_id FROM meetings WHERE status = 'posting'`) as number[]);
}

/**
 * Each club's latest recorded meeting up to its own announce horizon (`now` + its lead), as latestSettledSlot gives
 * one club: rows further ahead are skipped dates that must not hide the meetings before them. For the clubs due a
 * check (clubsDueACheck).
 */
export async function latestSettledSlots(db: Db, now: number): Promise<Map<number, number>> {
  const rows = await db.all(sql`SELECT c.id AS clubId, (SELECT max(m.slot_at) FROM meetings m WHERE m.club_id = c.id AND m.slot_at <= ${now} + c.announce_lead_minutes * 60000) AS slotAt
     FROM clubs c WHERE c.next_check_at IS NULL OR c.next_check_at <= ${now}`) as Array<{ clubId: number; slotAt: number | null }>;
  const out = new Map<number, number>();
  for (const r of rows) if (r.slotAt !== null) out.set(r.clubId, r.slotAt);
  return out;
}

/** Clubs parked on a broken channel. */
export async function parkedClubIds(db: Db): Promise<Set<number>> {
  return new Set(await db.values(sql`SELECT club_id FROM club_health WHERE parked_cause IS NOT NULL`) as number[]);
}

/** Reminder kinds recorded for meetings at `slotAt`, by club. */
export async function remindersAtSlot(db: Db, slotAt: number): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  for (const r of await db.all(sql`SELECT club_id AS clubId, kind FROM reminders WHERE slot_at = ${slotAt}`) as Array<{ clubId: number; kind: string }>) {
    let kinds = out.get(r.clubId);
    if (!kinds) out.set(r.clubId, (kinds = new Set()));
    kinds.add(r.kind);
  }
  return out;
}

/** Member ids signed up to present at meetings at `slotAt`, by club. */
export async function presenterIdsAtSlot(db: Db, slotAt: number): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const r of await db.all(sql`SELECT club_id AS clubId, member_id AS memberId FROM sign_ups WHERE meeting_at = ${slotAt}`) as Array<{ clubId: number; memberId: number }>) {
    const ids = out.get(r.clubId);
    if (ids) ids.push(r.memberId);
    else out.set(r.clubId, [r.memberId]);
  }
  return out;
}

/** Records when each idle club next needs a look (one commit for the whole sweep). */
export async function setNextChecks(db: Db, checks: ReadonlyArray<{ clubId: number; at: number }>): Promise<void> {
  await db.transaction(async (db) => {
    for (const c of checks) await db.run(sql`UPDATE clubs SET next_check_at = ${c.at} WHERE id = ${c.clubId}`);
  });
}

/** Forgets every club's next check: the next sweep looks at all of them (start-up, where settings may have changed). */
export async function clearNextChecks(db: Db): Promise<void> {
  await db.run(sql`UPDATE clubs SET next_check_at = NULL WHERE next_check_at IS NOT NULL`);
}
