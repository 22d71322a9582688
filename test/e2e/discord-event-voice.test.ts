/**
 * A club that meets in a Discord voice or stage channel: `/club settings voice:` (Discord's channel picker) places
 * the meeting's event in that channel (entity type 2 or 1, channel_id, no location), `no_voice` moves it back to an
 * external event. The stand-in refuses what Discord refuses for each entity type, and the permissions they need.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClubCore } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import type { DiscordAdapter } from '../../src/platforms/discord/index.ts';
import type { MeetingEventSync } from '../../src/platforms/discord/scheduled-events.ts';
import { discordEventWorld, EVENT_ADMIN as ADMIN } from './discord-event-world.ts';
import { BOT_PERMS, FakeDiscord, STAGE_EVENT_PERMS, VOICE_EVENT_PERMS, snowflake } from './fake-discord.ts';

describe('meetings in a voice or stage channel (real discord.js, local stand-in)', () => {
  let w: Awaited<ReturnType<typeof discordEventWorld>>;
  let fake: FakeDiscord;
  let core: ClubCore;
  let bot: DiscordAdapter;
  let sync: MeetingEventSync;
  let where: Where;
  const voice = { id: snowflake(), name: 'meeting-room', type: 2 };
  const stage = { id: snowflake(), name: 'auditorium', type: 13 };
  const events = () => w.events();
  const settings = async (options: Record<string, unknown>) =>
    (await fake.waitForAnswer(fake.slashCommand({ user: fake.owner, channelId: where.channel, path: 'club settings', options }))).data;

  beforeAll(async () => {
    w = await discordEventWorld({
      name: 'voice',
      prepare: (f) => {
        f.guilds[0]!.channels.push(voice, stage);
        f.setBotPermissions(voice.id, BOT_PERMS | VOICE_EVENT_PERMS);
      },
    });
    ({ fake, core, bot, sync, where } = w);
    expect((await w.setupClub()).error).toBeFalsy();
    await w.announceNext(async (begun) => bot.delivery.postMeeting((await core.clubFor(where))!, begun.post));
  });

  afterAll(async () => {
    await w?.close();
  });

  it('GIVEN an admin picks a voice channel in /club settings THEN the meeting\'s event is a voice event in it, with no location', async () => {
    const answer = await settings({ voice: { channel: voice } });
    expect(answer.content ?? JSON.stringify(answer)).toContain(`voice channel <#${voice.id}>`);
    await sync.syncNow();
    expect(events()).toHaveLength(1);
    expect(events()[0]).toMatchObject({ entity_type: 2, channel_id: voice.id, entity_metadata: null, status: 1 });
    expect(fake.refusals).toEqual([]);
    // Members are told where: /paper now names the channel (a mention Discord shows as a link into it).
    const now = (await fake.waitForAnswer(fake.slashCommand({ user: fake.owner, channelId: where.channel, path: 'paper now', options: {} }))).data;
    expect(JSON.stringify(now)).toContain(`Where: <#${voice.id}> (voice channel)`);
  });

  it('GIVEN the admin switches to a stage channel the bot may run THEN the same event becomes a stage event', async () => {
    fake.setBotPermissions(stage.id, BOT_PERMS | STAGE_EVENT_PERMS);
    const id = events()[0]!.id;
    await settings({ voice: { channel: stage } });
    await sync.syncNow();
    expect(events()).toHaveLength(1);
    expect(events()[0]).toMatchObject({ id, entity_type: 1, channel_id: stage.id, entity_metadata: null });
    expect(fake.refusals).toEqual([]);
  });

  it('GIVEN no_voice THEN the event is external again, at the club channel, with no channel id', async () => {
    await settings({ no_voice: true });
    await sync.syncNow();
    expect(events()[0]).toMatchObject({ entity_type: 3, channel_id: null, entity_metadata: { location: `https://discord.com/channels/${where.workspace}/${where.channel}` } });
    expect((await core.clubFor(where))!.meetingChannel).toBeNull();
    expect(fake.refusals).toEqual([]);
  });

  it('GIVEN text where a voice channel is wanted, or both voice and no_voice THEN a short message and nothing changes', async () => {
    const text = await core.execute({ where, user: ADMIN, command: 'club settings', args: { voice: 'general' } });
    expect(text.error).toBe(true);
    expect(text.text).toContain("pick a voice or stage channel from Discord's list");
    const both = await core.execute({ where, user: ADMIN, command: 'club settings', args: { voice: { channelId: voice.id, kind: 'voice' }, no_voice: true } });
    expect(both.text).toContain('either voice or no_voice');
    expect((await core.clubFor(where))!.meetingChannel).toBeNull();
  });

  it('GIVEN a voice channel where the bot cannot Connect THEN Discord refuses, and the club is told what to grant, once', async () => {
    const closed = { id: snowflake(), name: 'closed-room', type: 2 };
    fake.guilds[0]!.channels.push(closed); // known to the stand-in's rules; the bot's permissions there are the default ones
    await core.execute({ where, user: ADMIN, command: 'club settings', args: { voice: { channelId: closed.id, kind: 'voice' } } });
    await sync.syncNow();
    await sync.syncNow();
    expect(fake.refusals.map((r) => r.code)).toEqual([50013]);
    const notices = (fake.messages.get(where.channel) ?? []).filter((m: any) => /Events tab/.test(m.content ?? ''));
    expect(notices).toHaveLength(1);
    expect(notices[0].content).toContain(`in <#${closed.id}> **View Channel** and **Connect**`);
    expect(events()[0]!.entity_type).toBe(3); // unchanged
  });
});

describe('the stand-in refuses scheduled events Discord refuses (field requirements by entity type)', () => {
  it('GIVEN bodies that break the rules for their entity type THEN each is refused with 50035, and valid ones pass', async () => {
    const fake = new FakeDiscord({ guilds: 1 });
    const voice = { id: snowflake(), name: 'room', type: 2 };
    fake.guilds[0]!.channels.push(voice);
    fake.setBotPermissions(voice.id, BOT_PERMS | VOICE_EVENT_PERMS);
    await fake.start();
    try {
      const g = fake.guilds[0]!;
      const post = async (extra: object) => {
        const res = await fetch(`${fake.apiUrl}/v10/guilds/${g.id}/scheduled-events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bot x' },
          body: JSON.stringify({ name: 'Meeting', privacy_level: 2, scheduled_start_time: '2026-12-02T17:00:00Z', ...extra }),
        });
        return res.status === 200 ? 200 : ((await res.json()) as { code: number }).code;
      };
      const end = { scheduled_end_time: '2026-12-02T18:00:00Z' };
      expect(await post({ entity_type: 3, entity_metadata: { location: 'https://meet.example.com' } })).toBe(50035); // no end time
      expect(await post({ entity_type: 3, ...end })).toBe(50035); // no location
      expect(await post({ entity_type: 3, ...end, entity_metadata: { location: 'x'.repeat(101) } })).toBe(50035);
      expect(await post({ entity_type: 3, ...end, channel_id: voice.id, entity_metadata: { location: 'here' } })).toBe(50035);
      expect(await post({ entity_type: 2 })).toBe(50035); // no channel
      expect(await post({ entity_type: 2, channel_id: g.channels[0]!.id })).toBe(50035); // a text channel
      expect(await post({ entity_type: 1, channel_id: voice.id })).toBe(50035); // voice is not stage
      expect(await post({ entity_type: 2, channel_id: voice.id, entity_metadata: { location: 'here' } })).toBe(50035);
      expect(await post({ entity_type: 3, ...end, entity_metadata: { location: 'https://meet.example.com' } })).toBe(200);
      expect(await post({ entity_type: 2, channel_id: voice.id })).toBe(200); // no end time needed
    } finally {
      await fake.stop();
    }
  });
});
