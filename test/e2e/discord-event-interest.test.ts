/**
 * How many members are interested in a meeting's Discord event, shown in the weekly post and `/paper now`, through
 * real discord.js against the local stand-in: the count comes from `with_user_count=true`, the post is edited when
 * members press Interested (gateway events, gathered per event) and `/paper now` fetches it fresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClubCore } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import type { MeetingEventSync } from '../../src/platforms/discord/scheduled-events.ts';
import { discordEventWorld, EVENT_ADMIN as ADMIN } from './discord-event-world.ts';
import type { FakeDiscord, FakeUser } from './fake-discord.ts';
import { waitUntil } from './wait-until.ts';
import { valueOf } from '../helpers/sql.ts';

describe('interested count of a meeting event (real discord.js, local stand-in)', () => {
  let w: Awaited<ReturnType<typeof discordEventWorld>>;
  let fake: FakeDiscord;
  let core: ClubCore;
  let sync: MeetingEventSync;
  let where: Where;
  let clock: Awaited<ReturnType<typeof discordEventWorld>>['clock'];
  let postId = '';
  let eventId = '';
  let members: FakeUser[] = [];
  const post = () => (fake.messages.get(where.channel) ?? []).find((m: any) => m.id === postId);
  const eventField = () => post()?.embeds?.[0]?.fields?.find((f: any) => f.name === 'Event')?.value as string | undefined;

  beforeAll(async () => {
    w = await discordEventWorld({ name: 'interest', deliveries: true, sync: { interestDebounceMs: 50 } });
    ({ fake, core, sync, where, clock } = w);
    members = ['bea', 'cy', 'dee'].map((username) => fake.addUser({ username }));
    expect((await w.setupClub()).error).toBeFalsy();
    // The weekly post goes out for real, then the sync makes its event.
    postId = (await w.announceNext(async (begun) => w.bot.delivery.postMeeting((await core.clubFor(where))!, begun.post))).sent.messageId;
    await sync.syncNow();
    eventId = w.events()[0]!.id;
  });

  afterAll(async () => {
    await w?.close();
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
    const w = await discordEventWorld({ name: 'remove' });
    const { fake, where, db, core, sync } = w;
    try {
      expect((await w.setupClub()).error).toBeFalsy();
      await w.announceNext();
      await sync.syncNow();
      const events = () => fake.scheduledEvents.get(where.workspace) ?? [];
      expect(events().map((e) => e.status)).toEqual([1]);

      expect((await core.execute({ where, user: ADMIN, command: 'club remove', args: { confirm: 'yes' } })).error).toBeFalsy();
      // Discord fails the first cancel: the event waits for the next pass.
      fake.failWith = (r) => (r.method === 'PATCH' && r.path.includes('/scheduled-events/') ? { status: 500, code: 0, message: 'Internal Server Error' } : null);
      await sync.syncNow();
      expect(events().map((e) => e.status)).toEqual([1]);
      expect(await valueOf(db, 'SELECT count(*) FROM orphan_meeting_events')).toBe(1);
      fake.failWith = null;
      await sync.syncNow();
      await sync.syncNow();
      expect(events().map((e) => e.status)).toEqual([4]);
      expect(await valueOf(db, 'SELECT count(*) FROM orphan_meeting_events')).toBe(0);
      // No event is made again, and the club is gone from what members see.
      expect(events()).toHaveLength(1);
      expect((await core.memberHome(where, '200')).clubs).toEqual([]);
      expect((await core.execute({ where, user: ADMIN, command: 'paper calendar', args: {} })).error).toBe(true);
    } finally {
      await w.close();
    }
  });
});
