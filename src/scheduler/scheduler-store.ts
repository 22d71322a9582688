import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';

/** SQL the scheduler needs beyond the club store. Every helper takes `db` first. */

/** The latest slot at or before `now` that has a meeting row of any status (posted, skipped, missed …), or null. */
export function latestSettledSlot(db: Db, clubId: number, now: number): number | null {
  return (stmt(db, 'SELECT max(slot_at) FROM meetings WHERE club_id = ? AND slot_at <= ?').pluck().get(clubId, now) as number | null) ?? null;
}

/** Slots whose post was begun but not confirmed (a crash or a failed send), oldest first. */
export function pendingPostSlots(db: Db, clubId: number): number[] {
  return stmt(db, `SELECT slot_at FROM meetings WHERE club_id = ? AND status = 'posting' ORDER BY slot_at`).pluck().all(clubId) as number[];
}


export function reminderSent(db: Db, clubId: number, slotAt: number, kind: string): boolean {
  return stmt(db, 'SELECT 1 FROM reminders WHERE club_id = ? AND slot_at = ? AND kind = ?').get(clubId, slotAt, kind) !== undefined;
}

export function recordReminder(db: Db, clubId: number, slotAt: number, kind: string, at: number): void {
  stmt(db, 'INSERT OR IGNORE INTO reminders (club_id, slot_at, kind, sent_at) VALUES (?, ?, ?, ?)').run(clubId, slotAt, kind, at);
}

/** recordReminder for many, in one commit. */
export function recordReminders(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number; kind: string }>, at: number): void {
  db.transaction(() => {
    for (const i of items) recordReminder(db, i.clubId, i.slotAt, i.kind, at);
  })();
}

// --- set queries for a sweep over every club (see due-scan.ts) ------------------------------------------

/** Clubs with a post begun but not confirmed. */
export function clubsWithPendingPosts(db: Db): Set<number> {
  return new Set(stmt(db, `SELECT DISTINCT club_id FROM meetings WHERE status = 'posting'`).pluck().all() as number[]);
}

/**
 * Each club's latest recorded meeting up to its own announce horizon (`now` + its lead), as latestSettledSlot gives
 * one club: rows further ahead are skipped dates that must not hide the meetings before them. For the clubs due a
 * check (clubsDueACheck).
 */
export function latestSettledSlots(db: Db, now: number): Map<number, number> {
  const rows = stmt(
    db,
    `SELECT c.id AS clubId, (SELECT max(m.slot_at) FROM meetings m WHERE m.club_id = c.id AND m.slot_at <= ? + c.announce_lead_minutes * 60000) AS slotAt
     FROM clubs c WHERE c.next_check_at IS NULL OR c.next_check_at <= ?`,
  ).all(now, now) as Array<{ clubId: number; slotAt: number | null }>;
  const out = new Map<number, number>();
  for (const r of rows) if (r.slotAt !== null) out.set(r.clubId, r.slotAt);
  return out;
}

/** Clubs parked on a broken channel. */
export function parkedClubIds(db: Db): Set<number> {
  return new Set(stmt(db, 'SELECT club_id FROM club_health WHERE parked_cause IS NOT NULL').pluck().all() as number[]);
}

/** Reminder kinds recorded for meetings at `slotAt`, by club. */
export function remindersAtSlot(db: Db, slotAt: number): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const r of stmt(db, 'SELECT club_id AS clubId, kind FROM reminders WHERE slot_at = ?').all(slotAt) as Array<{ clubId: number; kind: string }>) {
    let kinds = out.get(r.clubId);
    if (!kinds) out.set(r.clubId, (kinds = new Set()));
    kinds.add(r.kind);
  }
  return out;
}

/** Member ids signed up to present at meetings at `slotAt`, by club. */
export function presenterIdsAtSlot(db: Db, slotAt: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of stmt(db, 'SELECT club_id AS clubId, member_id AS memberId FROM sign_ups WHERE meeting_at = ?').all(slotAt) as Array<{ clubId: number; memberId: number }>) {
    const ids = out.get(r.clubId);
    if (ids) ids.push(r.memberId);
    else out.set(r.clubId, [r.memberId]);
  }
  return out;
}

/** Records when each idle club next needs a look (one commit for the whole sweep). */
export function setNextChecks(db: Db, checks: ReadonlyArray<{ clubId: number; at: number }>): void {
  const update = stmt(db, 'UPDATE clubs SET next_check_at = ? WHERE id = ?');
  db.transaction(() => {
    for (const c of checks) update.run(c.at, c.clubId);
  })();
}

/** Forgets every club's next check: the next sweep looks at all of them (start-up, where settings may have changed). */
export function clearNextChecks(db: Db): void {
  stmt(db, 'UPDATE clubs SET next_check_at = NULL WHERE next_check_at IS NOT NULL').run();
}
