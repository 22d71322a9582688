/**
 * Rule 12 of issue 23 through real discord.js against the local stand-in: after a restart, the event sync never
 * takes back a cancelled event of the same meeting (Discord: CANCELED is final, guild-scheduled-event.mdx), whether
 * the database remembers that event (it was this meeting's) or not (a record from before it was kept).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { discordEventWorld, EVENT_ADMIN as ADMIN } from './discord-event-world.ts';
import { rowOf, runSql, valueOf } from '../helpers/sql.ts';

describe('discord event sync after a restart (real discord.js, local stand-in)', () => {
  let w: Awaited<ReturnType<typeof discordEventWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** A club whose meeting was announced (event 1), skipped (event 1 cancelled), and unskipped: announced again. */
  async function skippedAndBack() {
    w = await discordEventWorld({ name: 'event-restart', sync: { now: () => w!.clock().getTime() } });
    expect((await w.setupClub()).error).toBeFalsy();
    const { next } = await w.announceNext();
    await w.sync.syncNow();
    expect(w.events().map((e) => e.status)).toEqual([1]);
    const run = (command: string, args = {}) => w!.core.execute({ where: w!.where, user: ADMIN, command, args });
    expect((await run('club skip')).error).toBeFalsy();
    await w.sync.syncNow();
    expect(w.events().map((e) => e.status)).toEqual([4]);
    const unskip = await run('club unskip', { date: new Date(next.slotAt).toISOString().slice(0, 10) });
    expect(unskip.error, unskip.text).toBeFalsy();
    // The unskip announces it again itself (its post edited back; issue 22): nothing is begun a second time.
    expect(await valueOf(w.db, 'SELECT status FROM meetings WHERE slot_at = ?', next.slotAt)).toBe('posted');
    return { cancelled: w.events()[0]!.id as string };
  }

  it('GIVEN the new event of a meeting whose event was cancelled fails to be made, and the bot restarts THEN a new event is made and the cancelled one stays cancelled', async () => {
    const { cancelled } = await skippedAndBack();
    w!.fake.failWith = (req) => (req.method === 'POST' && req.path.endsWith('/scheduled-events') ? { status: 400, code: 50035, message: 'Invalid Form Body' } : null);
    await w!.sync.syncNow();
    expect(await valueOf(w!.db, 'SELECT state FROM meeting_events')).toBe('creating');
    w!.fake.failWith = null;
    await w!.shutdown();
    await w!.boot();
    await w!.sync.syncNow();
    const events = w!.events();
    expect(events.map((e) => [e.id === cancelled ? 'cancelled one' : 'new one', e.status])).toEqual([
      ['cancelled one', 4],
      ['new one', 1],
    ]);
    expect(await rowOf(w!.db, 'SELECT event_id AS eventId, state FROM meeting_events')).toEqual({ eventId: events[1]!.id, state: 'active' });
  });

  it('GIVEN a record left creating without any event id and a cancelled event of the same name and start on the server WHEN the bot restarts THEN the cancelled event is not adopted: a new one is made', async () => {
    const { cancelled } = await skippedAndBack();
    await w!.shutdown();
    // As a crash leaves it when nothing remembers the cancelled event (a database from before the id was kept).
    await runSql(w!.db, "UPDATE meeting_events SET state = 'creating', event_id = NULL");
    await w!.boot();
    await w!.sync.syncNow();
    const events = w!.events();
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.id === cancelled)!.status).toBe(4);
    const record = await rowOf(w!.db, 'SELECT event_id AS eventId, state FROM meeting_events') as { eventId: string; state: string };
    expect(record.state).toBe('active');
    expect(record.eventId).not.toBe(cancelled);
    expect(events.find((e) => e.id === record.eventId)!.status).toBe(1);
  });
});
