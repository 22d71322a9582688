import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { ReadVia } from './types.ts';

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
  private scheduled = false;

  private constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown, what: string) => void,
  ) {}

  /** The writer of this database (one per connection, shared by everything that reads marks). */
  static of(db: Db, onError: (err: unknown, what: string) => void = () => {}): ReadMarkWriter {
    let w = writers.get(db);
    if (!w) writers.set(db, (w = new ReadMarkWriter(db, onError)));
    return w;
  }

  /** Whether the member has read the paper, counting marks not written yet. */
  isRead(memberId: number, paperId: number): boolean {
    const p = this.pending.get(`${memberId}:${paperId}`);
    if (p) return p.read;
    return stmt(this.db, 'SELECT 1 FROM read_marks WHERE member_id = ? AND paper_id = ?').get(memberId, paperId) !== undefined;
  }

  /** Sets the mark; returns false when it already was so (no change). */
  set(memberId: number, paperId: number, clubId: number | null, via: ReadVia, read: boolean, at: number): boolean {
    const key = `${memberId}:${paperId}`;
    const before = this.pending.get(key);
    const current = before ? before.read : this.isRead(memberId, paperId);
    if (current === read) return false;
    // A mark after an un-mark of a stored mark in the same group: replace it (new time), as separate commits would.
    const replace = read && before !== undefined && !before.read;
    this.pending.set(key, { memberId, paperId, clubId, via, at, read, replace });
    this.schedule();
    return true;
  }

  /** Claims a platform event id once (Slack re-sends events); false when it was seen before. */
  claimEvent(source: string, eventId: string, at: number): boolean {
    const key = `${source}\u0000${eventId}`;
    if (this.events.has(key)) return false;
    if (stmt(this.db, 'SELECT 1 FROM processed_events WHERE source = ? AND event_id = ?').get(source, eventId) !== undefined) return false;
    this.events.set(key, { source, eventId, at });
    this.schedule();
    return true;
  }

  /** Writes every waiting mark now (before anything reads marks, and at shutdown). */
  flush(): void {
    if (!this.pending.size && !this.events.size) return;
    if (!this.db.open) return; // closed without a flush: nothing can be written any more
    const marks = [...this.pending.values()];
    const events = [...this.events.values()];
    this.pending.clear();
    this.events.clear();
    try {
      this.db.transaction(() => {
        for (const e of events) this.writeEvent(e);
        for (const m of marks) this.writeMark(m);
      })();
    } catch (err) {
      // One bad row (its member or paper deleted meanwhile) must not take the others with it: one by one.
      this.onError(err, 'grouped read marks failed; writing them one by one');
      for (const e of events) this.attempt(() => this.writeEvent(e), 'event');
      for (const m of marks) this.attempt(() => this.writeMark(m), 'read mark');
    }
  }

  private attempt(write: () => void, what: string): void {
    try {
      write();
    } catch (err) {
      this.onError(err, `${what} not written`);
    }
  }

  private writeEvent(e: { source: string; eventId: string; at: number }): void {
    stmt(this.db, 'INSERT OR IGNORE INTO processed_events (source, event_id, processed_at) VALUES (?, ?, ?)').run(e.source, e.eventId, e.at);
  }

  private writeMark(m: PendingMark): void {
    if (!m.read || m.replace) deleteReadMark(this.db, m.memberId, m.paperId);
    if (m.read) insertReadMark(this.db, m.memberId, m.paperId, m.clubId, m.via, m.at);
  }

  /**
   * Writes the group now if it is full. Never from inside a caller's transaction: that one is a read (readTogether),
   * and writing in it would fail if another process wrote since it began; the caller calls this again after it.
   */
  flushIfFull(): boolean {
    if (this.pending.size + this.events.size < MAX_GROUP || this.db.inTransaction) return false;
    this.flush();
    return true;
  }

  private schedule(): void {
    if (this.flushIfFull()) return;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}

/** Stores a read mark as it is (no group); true when it is new. read-marks.ts writes what waits first. */
export function insertReadMark(db: Db, memberId: number, paperId: number, clubId: number | null, via: ReadVia, at: number): boolean {
  return stmt(db, 'INSERT OR IGNORE INTO read_marks (member_id, paper_id, club_id, via, marked_at) VALUES (?, ?, ?, ?, ?)').run(memberId, paperId, clubId, via, at).changes === 1;
}

/** Removes a stored read mark; true when there was one. */
export function deleteReadMark(db: Db, memberId: number, paperId: number): boolean {
  return stmt(db, 'DELETE FROM read_marks WHERE member_id = ? AND paper_id = ?').run(memberId, paperId).changes === 1;
}

/** Writes the read marks waiting in this database's group, if any: call before reading marks. */
export function flushReadMarks(db: Db): void {
  writers.get(db)?.flush();
}
