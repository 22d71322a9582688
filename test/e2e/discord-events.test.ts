/**
 * Discord scheduled events through real discord.js against the local stand-in: one event per announced meeting,
 * edited on a presenter change, found again after a crash and a restart (never duplicated), cancelled on a skip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClubCore, UserRef } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import type { MeetingEventSync } from '../../src/platforms/discord/scheduled-events.ts';
import type { Db } from '../../src/store/db.ts';
import { discordEventWorld, EVENT_ADMIN as ADMIN } from './discord-event-world.ts';
import type { FakeDiscord } from './fake-discord.ts';
import { rowOf, runSql, valueOf } from '../helpers/sql.ts';

const ALICE: UserRef = { userId: '200', displayName: 'alice' };

describe('discord scheduled events (real discord.js, local stand-in)', () => {
  let w: Awaited<ReturnType<typeof discordEventWorld>>;
  let fake: FakeDiscord;
  let db: Db;
  let core: ClubCore;
  let sync: MeetingEventSync;
  let where: Where;
  let clock: Awaited<ReturnType<typeof discordEventWorld>>['clock'];
  let slot = 0;

  // A restart on the same database: a new core, bot and event sync (the sync told the time by the test's clock).
  const boot = async () => {
    await w.boot();
    ({ core, sync } = w);
    await sync.syncNow();
  };
  const shutdown = () => w.shutdown();
  const events = () => w.events();
  const eventWrites = () => fake.requests.filter((r) => r.path.includes('/scheduled-events') && r.method !== 'GET').length;

  beforeAll(async () => {
    w = await discordEventWorld({ name: 'events', sync: { now: () => w.clock().getTime() } });
    ({ fake, db, core, sync, where, clock } = w);
    await sync.syncNow();
    expect((await w.setupClub()).error).toBeFalsy();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('GIVEN a club whose meeting is not announced yet THEN there is no event', async () => {
    await sync.syncNow();
    expect(events()).toHaveLength(0);
  });

  it('GIVEN the meeting is announced THEN exactly one external event is created with number, title, times and the channel as location', async () => {
    const club = (await core.clubFor(where))!;
    const next = (await core.nextAnnouncement(club))!;
    slot = next.slotAt;
    clock.set(slot - club.announceLeadMinutes * 60_000);
    expect(await core.beginPost(club.id, slot)).toBeTruthy();
    await core.completePost(club.id, slot, { channel: where.channel, messageId: '1' });
    await sync.syncNow();
    await sync.syncNow(); // a second pass changes nothing
    expect(events()).toHaveLength(1);
    const ev = events()[0]!;
    expect(ev.name).toBe(`Meeting 1: ${next.paper!.title}`);
    expect(ev.scheduled_start_time).toBe(new Date(slot).toISOString());
    expect(ev.scheduled_end_time).toBe(new Date(slot + 60 * 60_000).toISOString());
    expect(ev.entity_type).toBe(3);
    expect(ev.entity_metadata.location).toBe(`https://discord.com/channels/${where.workspace}/${where.channel}`);
    expect(ev.description).toContain(next.paper!.url);
    expect(ev.description).toContain('No presenter yet');
  });

  it('GIVEN a presenter signs up THEN the same event is edited to name them, once', async () => {
    const id = events()[0]!.id;
    expect((await core.execute({ where, user: ALICE, command: 'signup', args: { week: '1' } })).error).toBeFalsy();
    const before = eventWrites();
    await sync.syncNow();
    await sync.syncNow();
    expect(eventWrites()).toBe(before + 1);
    expect(events()).toHaveLength(1);
    expect(events()[0]!.id).toBe(id);
    expect(events()[0]!.description).toContain('Presenting: alice');
  });

  it('GIVEN the meeting link is set THEN the event location becomes it', async () => {
    expect((await core.execute({ where, user: ADMIN, command: 'club settings', args: { link: 'https://meet.example.com/club' } })).error).toBeFalsy();
    await sync.syncNow();
    expect(events()).toHaveLength(1);
    expect(events()[0]!.entity_metadata.location).toBe('https://meet.example.com/club');
  });

  it('GIVEN a crash between creating the event and recording its id, and a restart THEN the event is found again, not duplicated', async () => {
    const id = events()[0]!.id;
    await shutdown();
    await runSql(db, "UPDATE meeting_events SET state = 'creating', event_id = NULL");
    await boot();
    await sync.syncNow();
    expect(events()).toHaveLength(1);
    expect(await rowOf(db, 'SELECT event_id, state FROM meeting_events')).toEqual({ event_id: id, state: 'active' });
  });

  it('GIVEN the meeting is skipped THEN its event is cancelled and no other event appears', async () => {
    expect((await core.execute({ where, user: ADMIN, command: 'club skip', args: {} })).error).toBeFalsy();
    await sync.syncNow();
    await sync.syncNow();
    expect(events()).toHaveLength(1);
    expect(events()[0]!.status).toBe(4);
    expect(await valueOf(db, 'SELECT state FROM meeting_events')).toBe('cancelled');
  });

  it('GIVEN a server where the bot may not create events THEN the club gets one notice, and once the permission is granted the event appears within the hour, with no second notice', async () => {
    // The next meeting gets announced; the server refuses the event.
    const club = (await core.clubFor(where))!;
    const next = (await core.nextAnnouncement(club))!;
    clock.set(next.slotAt - club.announceLeadMinutes * 60_000);
    expect(await core.beginPost(club.id, next.slotAt)).toBeTruthy();
    await core.completePost(club.id, next.slotAt, { channel: where.channel, messageId: '2' });
    fake.failWith = (r) => (r.method === 'POST' && r.path.endsWith('/scheduled-events') ? { status: 403, code: 50013, message: 'Missing Permissions' } : null);
    const notices = () => (fake.messages.get(where.channel) ?? []).filter((m: any) => /Create Events/.test(m.content ?? ''));
    await sync.syncNow();
    await sync.syncNow();
    expect(notices()).toHaveLength(1);
    expect(events()).toHaveLength(1); // only the cancelled one
    // An admin grants Create Events. Within the hour the server is left alone; after it, the event is made.
    fake.failWith = null;
    clock.set(clock().getTime() + 30 * 60_000);
    await sync.syncNow();
    expect(events()).toHaveLength(1);
    clock.set(clock().getTime() + 31 * 60_000);
    await sync.syncNow();
    expect(events()).toHaveLength(2);
    expect(events()[1]!.status).toBe(1); // scheduled
    expect(notices()).toHaveLength(1);
  });
});
