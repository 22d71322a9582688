/**
 * How many members are interested in a meeting's Discord event, shown in the weekly post and `/paper now`, through
 * real discord.js against the local stand-in: the count comes from `with_user_count=true`, the post is edited when
 * members press Interested (gateway events, gathered per event) and `/paper now` fetches it fresh.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startDiscord, type DiscordAdapter } from '../../src/platforms/discord/index.ts';
import { startMeetingEventSync, type MeetingEventSync } from '../../src/platforms/discord/scheduled-events.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { FakeDiscord, type FakeUser } from './fake-discord.ts';
import { waitUntil } from './wait-until.ts';

const ADMIN: UserRef = { userId: '100', displayName: 'ada', isPlatformAdmin: true };

describe('interested count of a meeting event (real discord.js, local stand-in)', () => {
  let fake: FakeDiscord;
  let dir: string;
  let db: Db;
  let core: ClubCore;
  let bot: DiscordAdapter;
  let sync: MeetingEventSync;
  let where: Where;
  let postId = '';
  let eventId = '';
  let members: FakeUser[] = [];
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');
  const post = () => (fake.messages.get(where.channel) ?? []).find((m: any) => m.id === postId);
  const eventField = () => post()?.embeds?.[0]?.fields?.find((f: any) => f.name === 'Event')?.value as string | undefined;

  beforeAll(async () => {
    fake = new FakeDiscord({ guilds: 1 });
    await fake.start();
    where = { platform: 'discord', workspace: fake.guilds[0]!.id, channel: fake.guilds[0]!.channels[0]!.id, channelName: 'paper-club' };
    members = ['bea', 'cy', 'dee'].map((username) => fake.addUser({ username }));
    dir = mkdtempSync(join(tmpdir(), 'paperclub-interest-'));
    db = openDb(join(dir, 'club.db'));
    loadDefaultLists(db, 'config/lists.json');
    core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 6 * 24 * 60 } });
    bot = await startDiscord({ core, config: { token: 'e2e-token', apiUrl: fake.apiUrl }, logger });
    core.useDeliveries([bot.delivery]);
    sync = startMeetingEventSync({ client: bot.client, core, logger, intervalMs: 3_600_000, interestDebounceMs: 50 });
    expect((await core.execute({ where, user: ADMIN, command: 'club setup', args: { list: 'latent-space', when: 'wed 17:00', timezone: 'UTC' } })).error).toBeFalsy();
    // The weekly post goes out for real, then the sync makes its event.
    const club = core.clubFor(where)!;
    const next = core.nextAnnouncement(club)!;
    clock.set(next.slotAt - club.announceLeadMinutes * 60_000);
    const begun = core.beginPost(club.id, next.slotAt)!;
    const sent = await bot.delivery.postMeeting(club, begun.post);
    core.completePost(club.id, next.slotAt, sent);
    postId = sent.messageId;
    await sync.syncNow();
    eventId = fake.scheduledEvents.get(where.workspace)![0]!.id;
  });

  afterAll(async () => {
    sync?.stop();
    await bot?.stop();
    await fake?.stop();
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN the event is made after the post went out THEN the post is edited to link the event with 0 interested', () => {
    expect(eventField()).toBe(`[0 interested](https://discord.com/events/${where.workspace}/${eventId})`);
  });

  it('GIVEN members press Interested THEN the count is fetched with with_user_count=true once per burst and the post shows it', async () => {
    const since = fake.mark();
    fake.markInterested(where.workspace, eventId, members[0]!);
    fake.markInterested(where.workspace, eventId, members[1]!);
    await waitUntil(() => eventField()?.startsWith('[2 interested]'), 'the post to show 2 interested');
    const reads = fake.requests.slice(since).filter((r) => r.method === 'GET' && r.path === `/guilds/${where.workspace}/scheduled-events/${eventId}`);
    expect(reads.length).toBe(1);
    expect(reads[0]!.query.get('with_user_count')).toBe('true');
    const edits = fake.requests.slice(since).filter((r) => r.method === 'PATCH' && r.path === `/channels/${where.channel}/messages/${postId}`);
    expect(edits.length).toBe(1);
  });

  it('GIVEN a member un-marks interest THEN the post goes back down', async () => {
    fake.markInterested(where.workspace, eventId, members[1]!, false);
    await waitUntil(() => eventField()?.startsWith('[1 interested]'), 'the post to show 1 interested');
  });

  it('GIVEN the count changed unseen by the gateway WHEN someone runs /paper now THEN the card and the post show the fresh count', async () => {
    fake.markInterested(where.workspace, eventId, members[1]!, true, { silent: true });
    fake.markInterested(where.workspace, eventId, members[2]!, true, { silent: true });
    const reply = await core.execute({ where, user: { userId: members[0]!.id, displayName: 'bea' }, command: 'paper now', args: {} });
    expect(reply.text).toContain(`Event: [3 interested](https://discord.com/events/${where.workspace}/${eventId})`);
    // The reply carries the post's new content; the adapter edits it when it answers the interaction.
    expect(reply.postUpdate?.messages.map((m) => m.messageId)).toEqual([postId]);
    expect(reply.postUpdate?.post.event).toEqual({ link: `https://discord.com/events/${where.workspace}/${eventId}`, interested: 3 });
  });

  it('GIVEN /paper now again within 15 s THEN the count is not fetched again', async () => {
    const since = fake.mark();
    clock.advance(10_000);
    const reply = await core.execute({ where, user: { userId: members[0]!.id, displayName: 'bea' }, command: 'paper now', args: {} });
    expect(reply.text).toContain('Event: [3 interested]');
    expect(fake.requests.slice(since).filter((r) => r.path.includes('/scheduled-events/'))).toEqual([]);
  });

  it('GIVEN a slash /paper now through Discord later THEN the weekly post is edited to the fresh count too', async () => {
    clock.advance(10_000);
    fake.markInterested(where.workspace, eventId, members[2]!, false, { silent: true });
    const i = fake.slashCommand({ user: members[0]!, channelId: where.channel, path: 'paper now' });
    const answer = await fake.waitForAnswer(i);
    expect(JSON.stringify(answer.data)).toContain('2 interested');
    await waitUntil(() => eventField()?.startsWith('[2 interested]'), 'the post to show 2 interested');
  });
});

describe('/club remove and the club\'s Discord events (real discord.js, local stand-in)', () => {
  it('GIVEN a club with an announced meeting\'s event WHEN an admin removes the club THEN the event is cancelled (retried after a failure) and nothing shows the club', async () => {
    const fake = new FakeDiscord({ guilds: 1 });
    await fake.start();
    const where: Where = { platform: 'discord', workspace: fake.guilds[0]!.id, channel: fake.guilds[0]!.channels[0]!.id, channelName: 'paper-club' };
    const dir = mkdtempSync(join(tmpdir(), 'paperclub-remove-'));
    const db = openDb(join(dir, 'club.db'));
    loadDefaultLists(db, 'config/lists.json');
    const logger = memoryLogger();
    const clock = manualClock('2026-11-02T12:00:00Z');
    const core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 6 * 24 * 60 } });
    const bot = await startDiscord({ core, config: { token: 'e2e-token', apiUrl: fake.apiUrl }, logger });
    const sync = startMeetingEventSync({ client: bot.client, core, logger, intervalMs: 3_600_000 });
    try {
      expect((await core.execute({ where, user: ADMIN, command: 'club setup', args: { list: 'latent-space', when: 'wed 17:00', timezone: 'UTC' } })).error).toBeFalsy();
      const club = core.clubFor(where)!;
      const next = core.nextAnnouncement(club)!;
      clock.set(next.slotAt - club.announceLeadMinutes * 60_000);
      core.beginPost(club.id, next.slotAt);
      core.completePost(club.id, next.slotAt, { channel: where.channel, messageId: '1' });
      await sync.syncNow();
      const events = () => fake.scheduledEvents.get(where.workspace) ?? [];
      expect(events().map((e) => e.status)).toEqual([1]);

      expect((await core.execute({ where, user: ADMIN, command: 'club remove', args: { confirm: 'yes' } })).error).toBeFalsy();
      // Discord fails the first cancel: the event waits for the next pass.
      fake.failWith = (r) => (r.method === 'PATCH' && r.path.includes('/scheduled-events/') ? { status: 500, code: 0, message: 'Internal Server Error' } : null);
      await sync.syncNow();
      expect(events().map((e) => e.status)).toEqual([1]);
      expect(db.prepare('SELECT count(*) FROM orphan_meeting_events').pluck().get()).toBe(1);
      fake.failWith = null;
      await sync.syncNow();
      await sync.syncNow();
      expect(events().map((e) => e.status)).toEqual([4]);
      expect(db.prepare('SELECT count(*) FROM orphan_meeting_events').pluck().get()).toBe(0);
      // No event is made again, and the club is gone from what members see.
      expect(events()).toHaveLength(1);
      expect(core.memberHome(where, '200').clubs).toEqual([]);
      expect((await core.execute({ where, user: ADMIN, command: 'paper calendar', args: {} })).error).toBe(true);
    } finally {
      sync.stop();
      await bot.stop();
      await fake.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
