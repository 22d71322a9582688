import { sql } from 'kysely';
import type { Db } from './db.ts';
import { claimOnce, eventClaimed } from './processed-events.ts';
import type { ReadVia } from '../club/types.ts';


interface PendingMark {
  memberId: number;
  paperId: number;
  clubId: number | null;
  via: ReadVia;
  at: number;
  read: boolean;
  /** The stored mark is replaced (an un-mark then a mark in one group): it gets the new time, as two commits would. */
  replace: boolean;
}

/**
 * How long this process takes its own committed marks and event ids as the truth, before the stored rows (PostgreSQL
 * only). A read transaction there reads a snapshot that may have been taken before a group this process committed a
 * moment ago; SQLite's reads wait for the one connection, so they always see it.
 */
const OWN_WRITES_MS = 5_000;

/** Marks waiting beyond this many are written at once. */
const MAX_GROUP = 512;

const writers = new WeakMap<Db, ReadMarkWriter>();

/**
 * Read marks from reactions, committed in groups. A burst of reactions (a popular post, a gateway replaying events
 * after a reconnect) arrives faster than one commit each can keep up with; marks made in the same turn of the event
 * loop share one commit instead (up to MAX_GROUP). Nobody can see the difference: whoever reads read marks first
 * writes what is waiting (`flushReadMarks`), and the answer to each reaction ("marked", "no change") is worked out
 * against the stored marks plus those waiting. A crash loses at most the marks of the current turn.
 */
export class ReadMarkWriter {
  private readonly pending = new Map<string, PendingMark>();
  private readonly events = new Map<string, { source: string; eventId: string; at: number }>();
  /** The group being committed, and (PostgreSQL) groups committed lately, until they are surely in every snapshot. */
  private readonly inFlight = new Map<string, boolean>();
  private readonly inFlightEvents = new Set<string>();
  private readonly recent = new Map<string, { read: boolean; until: number }>();
  private readonly recentEvents = new Map<string, number>();
  private readonly keepRecent: boolean;
  private scheduled = false;
  /** The group being committed, if any. */
  private writing: Promise<void> | null = null;

  private constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown, what: string) => void,
  ) {
    this.keepRecent = db.dialect !== 'sqlite';
  }

  /** What this process last set the mark to, if it is not surely stored and visible yet. */
  private known(key: string): boolean | undefined {
    const p = this.pending.get(key);
    if (p) return p.read;
    const f = this.inFlight.get(key);
    if (f !== undefined) return f;
    const r = this.recent.get(key);
    return r && r.until > Date.now() ? r.read : undefined;
  }

  private knownEvent(key: string): boolean {
    if (this.events.has(key) || this.inFlightEvents.has(key)) return true;
    const until = this.recentEvents.get(key);
    return until !== undefined && until > Date.now();
  }

  /** A group goes out: its values stay visible here until it is committed (and, on PostgreSQL, a while after). */
  private sending(marks: readonly PendingMark[], events: ReadonlyArray<{ source: string; eventId: string }>): void {
    for (const m of marks) this.inFlight.set(`${m.memberId}:${m.paperId}`, m.read);
    for (const e of events) this.inFlightEvents.add(`${e.source}\u0000${e.eventId}`);
  }

  private sent(marks: readonly PendingMark[], events: ReadonlyArray<{ source: string; eventId: string }>): void {
    const now = Date.now();
    if (this.keepRecent) {
      for (const [k, r] of this.recent) if (r.until <= now) this.recent.delete(k);
      for (const [k, until] of this.recentEvents) if (until <= now) this.recentEvents.delete(k);
    }
    for (const m of marks) {
      const key = `${m.memberId}:${m.paperId}`;
      if (this.inFlight.get(key) === m.read) this.inFlight.delete(key);
      if (this.keepRecent) this.recent.set(key, { read: m.read, until: now + OWN_WRITES_MS });
    }
    for (const e of events) {
      const key = `${e.source}\u0000${e.eventId}`;
      this.inFlightEvents.delete(key);
      if (this.keepRecent) this.recentEvents.set(key, now + OWN_WRITES_MS);
    }
  }

  /** The writer of this database (one per connection, shared by everything that reads marks). */
  static of(db: Db, onError: (err: unknown, what: string) => void = () => {}): ReadMarkWriter {
    let w = writers.get(db.root);
    if (!w) writers.set(db.root, (w = new ReadMarkWriter(db.root, onError)));
    return w;
  }

  /** Whether the member has read the paper, counting marks not written yet; `db` may be the caller's read transaction. */
  async isRead(db: Db, memberId: number, paperId: number): Promise<boolean> {
    const key = `${memberId}:${paperId}`;
    const known = this.known(key);
    if (known !== undefined) return known;
    const stored = (await db.first(sql`SELECT 1 FROM read_marks WHERE member_id = ${memberId} AND paper_id = ${paperId}`)) !== undefined;
    // A mark set meanwhile (another reaction of the same member while this one read) wins.
    return this.known(key) ?? stored;
  }

  /**
   * Sets the mark; returns false when it already was so (no change). `stored`: whether the mark was stored, when the
   * caller read it already in `db` (knownMemberAndMark); what this process set since still wins, as in isRead.
   */
  async set(db: Db, memberId: number, paperId: number, clubId: number | null, via: ReadVia, read: boolean, at: number, stored?: boolean): Promise<boolean> {
    const key = `${memberId}:${paperId}`;
    const current = this.pending.get(key)?.read ?? (stored === undefined ? await this.isRead(db, memberId, paperId) : (this.known(key) ?? stored));
    if (current === read) return false;
    // Looked up again after the read: a mark after an un-mark of a stored mark in the same group replaces it (new
    // time), as separate commits would.
    const before = this.pending.get(key);
    const replace = read && before !== undefined && !before.read;
    this.pending.set(key, { memberId, paperId, clubId, via, at, read, replace });
    this.schedule();
    return true;
  }

  /** Claims a platform event id once (Slack re-sends events); false when it was seen before. */
  async claimEvent(db: Db, source: string, eventId: string, at: number): Promise<boolean> {
    const key = `${source}\u0000${eventId}`;
    if (this.knownEvent(key)) return false;
    if (await eventClaimed(db, source, eventId)) return false;
    if (this.knownEvent(key)) return false;
    this.events.set(key, { source, eventId, at });
    this.schedule();
    return true;
  }

  /**
   * Writes every waiting mark now (before anything reads marks, and at shutdown). Resolves once they are committed,
   * also those a flush already under way took.
   */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    await this.writeWaiting();
  }

  /**
   * Inside a caller's transaction, the waiting marks are written in it (its reads then see them; the outer handle
   * would wait for that very transaction). A group another flush took and has not committed yet is not waited for.
   */
  async flushInto(tx: Db): Promise<void> {
    if (!tx.inTransaction) return this.flush();
    if (!this.pending.size && !this.events.size) return;
    const marks = [...this.pending.values()];
    const events = [...this.events.values()];
    this.pending.clear();
    this.events.clear();
    this.sending(marks, events);
    try {
      await writeGroup(tx, marks, events);
    } finally {
      this.sent(marks, events);
    }
  }

  private async writeWaiting(): Promise<void> {
    if (!this.pending.size && !this.events.size) return;
    if (!this.db.isOpen) return; // closed without a flush: nothing can be written any more
    const marks = [...this.pending.values()];
    const events = [...this.events.values()];
    this.pending.clear();
    this.events.clear();
    this.sending(marks, events);
    const done = this.write(marks, events).finally(() => this.sent(marks, events));
    this.writing = done;
    try {
      await done;
    } finally {
      if (this.writing === done) this.writing = null;
    }
  }

  private async write(marks: PendingMark[], events: Array<{ source: string; eventId: string; at: number }>): Promise<void> {
    try {
      await writeGroup(this.db, marks, events);
    } catch (err) {
      // One bad row (its member or paper deleted meanwhile) must not take the others with it: one by one.
      this.onError(err, 'grouped read marks failed; writing them one by one');
      for (const e of events) await this.attempt(() => writeGroup(this.db, [], [e]), 'event');
      for (const m of marks) await this.attempt(() => writeGroup(this.db, [m], []), 'read mark');
    }
  }

  private async attempt(write: () => Promise<void>, what: string): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.onError(err, `${what} not written`);
    }
  }

  /** Whether the group is full: the caller writes it (flush) once out of its own read transaction. */
  get full(): boolean {
    return this.pending.size + this.events.size >= MAX_GROUP;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush().catch((err) => this.onError(err, 'read marks not written'));
    });
  }
}

/** One commit for a group of marks and event ids. */
async function writeGroup(db: Db, marks: readonly PendingMark[], events: ReadonlyArray<{ source: string; eventId: string; at: number }>): Promise<void> {
  await db.transaction(async (tx) => {
    for (const e of events) await claimOnce(tx, e.source, e.eventId, e.at);
    for (const m of marks) {
      if (!m.read || m.replace) await deleteReadMark(tx, m.memberId, m.paperId);
      if (m.read) await insertReadMark(tx, m.memberId, m.paperId, m.clubId, m.via, m.at);
    }
  });
}

/** Writes the read marks waiting in this database's group, if any: call before reading marks. */
export async function flushReadMarks(db: Db): Promise<void> {
  await writers.get(db.root)?.flushInto(db);
}

/** Stores a read mark as it is (no group); true when it is new. read-marks.ts writes what waits first. */
export async function insertReadMark(db: Db, memberId: number, paperId: number, clubId: number | null, via: ReadVia, at: number): Promise<boolean> {
  return (await db.run(sql`INSERT INTO read_marks (member_id, paper_id, club_id, via, marked_at) VALUES (${memberId}, ${paperId}, ${clubId}, ${via}, ${at}) ON CONFLICT DO NOTHING`)).changes === 1;
}

/** Removes a stored read mark; true when there was one. */
export async function deleteReadMark(db: Db, memberId: number, paperId: number): Promise<boolean> {
  return (await db.run(sql`DELETE FROM read_marks WHERE member_id = ${memberId} AND paper_id = ${paperId}`)).changes === 1;
}
