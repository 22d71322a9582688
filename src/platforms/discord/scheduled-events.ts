/**
 * Discord scheduled events for announced meetings (issue 11): one guild event per announced meeting, edited when
 * the meeting changes, cancelled when it is skipped or moved (deleted when Discord already started it). The rules
 * live in club/meeting-events.ts; this file is the port over Discord's REST API, plus a timer that runs the sync.
 *
 * Permissions (EVENT_PERMISSIONS in permissions.ts): creating needs Create Events (1 << 44), editing/cancelling our
 * own events nothing more (Manage Events, 1 << 33, is only for other people's events); a voice-channel event also
 * View Channel + Connect there, a stage event Manage Channels + Mute Members + Move Members. Without them the club
 * gets one notice naming them, and posts still work.
 */
import { DiscordAPIError, Events, GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel, GuildScheduledEventStatus, Routes, type Client } from 'discord.js';
import type { EventPlace, MeetingEventPort, MeetingEventSpec } from '../../club/meeting-events.ts';
import type { Club } from '../../club/types.ts';
import type { PostUpdate } from '../../render/reply.ts';
import type { ClubCore } from '../../dispatch/club-core.ts';
import type { Logger } from '../../logger.ts';
import { editPublishedPost } from './post-update.ts';

/** Discord error codes met here. */
const UNKNOWN_EVENT = 10070;
const MISSING_PERMISSIONS = 50013;

interface RawEvent {
  id: string;
  name: string;
  scheduled_start_time: string;
  creator_id?: string | null;
  status: number;
  /** Only with `?with_user_count=true`. */
  user_count?: number;
}

/** The event's page on Discord (opens the Events tab entry, where members press Interested). */
export function eventLink(guildId: string, eventId: string): string {
  return `https://discord.com/events/${guildId}/${eventId}`;
}

const gone = (err: unknown) => err instanceof DiscordAPIError && (err.code === UNKNOWN_EVENT || err.status === 404);
/** Discord refused the change itself (a finished event, a status change it does not allow), not the request's means. */
const refused = (err: unknown) => err instanceof DiscordAPIError && err.status === 400;
const finished = (status: number) => status === GuildScheduledEventStatus.Completed || status === GuildScheduledEventStatus.Canceled;

/** External events need a location (1-100 characters): the meeting link when it fits, else the club's channel. */
function location(club: Club, spec: MeetingEventSpec): string {
  return spec.location && spec.location.length <= 100 ? spec.location : `https://discord.com/channels/${club.workspace}/${club.channel}`;
}

/**
 * The event as Discord wants it, by entity type
 * (https://discord.com/developers/docs/resources/guild-scheduled-event#guild-scheduled-event-object-field-requirements-by-entity-type):
 * in a voice or stage channel: channel_id, no entity_metadata; external: channel_id null, a location and an end time.
 * Both fields are always sent, so an edit can move an event from one kind to the other.
 */
function body(club: Club, spec: MeetingEventSpec) {
  const common = {
    name: spec.name,
    description: spec.description,
    scheduled_start_time: new Date(spec.startAt).toISOString(),
    scheduled_end_time: new Date(spec.endAt).toISOString(),
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
  };
  if (spec.channel) {
    const entity_type = spec.channel.kind === 'stage' ? GuildScheduledEventEntityType.StageInstance : GuildScheduledEventEntityType.Voice;
    return { ...common, entity_type, channel_id: spec.channel.id, entity_metadata: null };
  }
  return { ...common, entity_type: GuildScheduledEventEntityType.External, channel_id: null, entity_metadata: { location: location(club, spec) } };
}

/** The port over discord.js's REST client. */
export function discordEventPort(client: Client): MeetingEventPort {
  /** The event's status now; an event that is gone counts as finished. */
  const statusOf = async (guildId: string, eventId: string): Promise<number> => {
    try {
      return ((await client.rest.get(Routes.guildScheduledEvent(guildId, eventId))) as RawEvent).status;
    } catch (err) {
      if (gone(err)) return GuildScheduledEventStatus.Canceled;
      throw err;
    }
  };
  return {
    async create(club, spec) {
      const ev = (await client.rest.post(Routes.guildScheduledEvents(club.workspace), { body: body(club, spec) })) as RawEvent;
      return ev.id;
    },
    async find(club, spec) {
      const all = (await client.rest.get(Routes.guildScheduledEvents(club.workspace))) as RawEvent[];
      const start = new Date(spec.startAt).getTime();
      const mine = all.find(
        (e) => e.name === spec.name && Date.parse(e.scheduled_start_time) === start && (!e.creator_id || e.creator_id === client.user?.id) && e.status === GuildScheduledEventStatus.Scheduled,
      );
      return mine?.id ?? null;
    },
    async edit(club, eventId, spec) {
      try {
        await client.rest.patch(Routes.guildScheduledEvent(club.workspace, eventId), { body: body(club, spec) });
        return true;
      } catch (err) {
        if (gone(err)) return false;
        // Someone ended or cancelled it by hand: final on Discord (180000), so the meeting gets a new event, as when
        // an event is deleted by hand.
        if (refused(err) && finished(await statusOf(club.workspace, eventId))) return false;
        throw err;
      }
    },
    async cancel(club, eventId) {
      // Only a SCHEDULED event can be cancelled; an external one turns ACTIVE by itself at its start (docs, "Status
      // Update Automation"), after which cancelling is refused for good. DELETE works in any status.
      try {
        await client.rest.patch(Routes.guildScheduledEvent(club.workspace, eventId), { body: { status: GuildScheduledEventStatus.Canceled } });
      } catch (err) {
        if (gone(err)) return; // already gone
        if (!refused(err)) throw err;
        if (finished(await statusOf(club.workspace, eventId))) return; // ended or cancelled already: nothing shows it as ahead
        await client.rest.delete(Routes.guildScheduledEvent(club.workspace, eventId)).catch((e: unknown) => {
          if (!gone(e)) throw e;
        });
      }
    },
    link: (club, eventId) => eventLink(club.workspace, eventId),
    async interested(club, eventId) {
      try {
        const ev = (await client.rest.get(Routes.guildScheduledEvent(club.workspace, eventId), { query: new URLSearchParams({ with_user_count: 'true' }) })) as RawEvent;
        return ev.user_count ?? 0;
      } catch (err) {
        if (gone(err)) return null;
        throw err;
      }
    },
  };
}

/** What to grant, in Discord's words: Create Events, and in a voice or stage channel what its events need there. */
function missingPermissionsNotice(club: EventPlace & Partial<Pick<Club, 'meetingChannel' | 'meetingChannelKind'>>): string {
  const channel = club.meetingChannel
    ? club.meetingChannelKind === 'stage'
      ? `, and in <#${club.meetingChannel}> **Manage Channels**, **Mute Members** and **Move Members** (what a stage event needs)`
      : `, and in <#${club.meetingChannel}> **View Channel** and **Connect**`
    : '';
  return `I could not put this meeting in the server's Events tab: I need the **Create Events** permission${channel}. Weekly posts work as before.`;
}

/** A running event sync: `syncNow()` runs one pass (passes never overlap); `stop()` ends the timer. */
export interface MeetingEventSync {
  /** The server's events as the core reaches them (main.ts connects it: /paper now shows a fresh interested count). */
  port: MeetingEventPort;
  syncNow(): Promise<void>;
  stop(): void;
}

/**
 * Syncs at start, then every `intervalMs` (default one minute): the sync is idempotent and sends nothing when
 * nothing changed, so a timer keeps events true after any change (command, button, post, restart) without hooks.
 *
 * Interested counts: Discord tells the bot when a member marks or unmarks an event (GUILD_SCHEDULED_EVENT_USER_ADD /
 * _REMOVE, intent GuildScheduledEvents). Those are gathered per event for `interestDebounceMs` (default 10 s), then
 * the count is fetched once (GET …/scheduled-events/{id}?with_user_count=true) and the weekly post edited if it
 * changed: at most one read and one edit per event per window, however many members click.
 */
export function startMeetingEventSync(opts: {
  client: Client;
  core: Pick<ClubCore, 'syncMeetingEvents' | 'refreshEventInterest'>;
  logger: Logger;
  intervalMs?: number;
  interestDebounceMs?: number;
  /** How long a server that refused events is left alone before the sync tries it again (default an hour). */
  permissionRetryMs?: number;
  now?: () => number;
}): MeetingEventSync {
  const logger = opts.logger.child({ part: 'discord-events' });
  const inner = discordEventPort(opts.client);
  const now = opts.now ?? Date.now;
  const retryMs = opts.permissionRetryMs ?? 3_600_000;
  // Missing permissions: one notice per server and process; the server is then left alone for an hour, or until a
  // role or channel of it changes (an admin granting the permission), and tried again.
  const noticed = new Set<string>();
  const quietUntil = new Map<string, number>();
  const guard = <C extends EventPlace, A extends unknown[], R>(fn: (club: C, ...a: A) => Promise<R>) =>
    async (club: C, ...a: A): Promise<R> => {
      if ((quietUntil.get(club.workspace) ?? 0) > now()) throw new Error('missing permissions (waiting to try again)');
      try {
        return await fn(club, ...a);
      } catch (err) {
        if (err instanceof DiscordAPIError && err.code === MISSING_PERMISSIONS) {
          quietUntil.set(club.workspace, now() + retryMs);
          if (noticed.has(club.workspace)) throw err;
          noticed.add(club.workspace);
          logger.warn('no permission to manage events; meetings will not appear in the Events tab', { guild: club.workspace });
          if (club.channel) await opts.client.rest
            .post(Routes.channelMessages(club.channel), {
              body: { content: missingPermissionsNotice(club), allowed_mentions: { parse: [] } },
            })
            .catch(() => {});
        }
        throw err;
      }
    };
  const port: MeetingEventPort = {
    create: guard(inner.create),
    find: guard(inner.find),
    edit: guard(inner.edit),
    cancel: guard(inner.cancel),
    link: inner.link!,
    interested: inner.interested!,
  };
  const editPosts = async (updates: PostUpdate[]) => {
    for (const update of updates) await editPublishedPost(opts.client, update, { logger });
  };
  let running: Promise<void> = Promise.resolve();
  const syncNow = () =>
    (running = running
      .then(() => opts.core.syncMeetingEvents('discord', port))
      .then(editPosts)
      .catch((err) => logger.warn('event sync failed', { err })));
  void syncNow();
  const timer = setInterval(() => void syncNow(), opts.intervalMs ?? 60_000);
  timer.unref();

  // Interest clicks, gathered per event (see above).
  const pending = new Map<string, NodeJS.Timeout>();
  const onInterest = (event: { id: string; guildId: string }) => {
    if (pending.has(event.id)) return;
    const t = setTimeout(() => {
      pending.delete(event.id);
      void opts.core
        .refreshEventInterest('discord', event.guildId, event.id)
        .then(editPosts)
        .catch((err) => logger.warn('interested count not refreshed', { eventId: event.id, err }));
    }, opts.interestDebounceMs ?? 10_000);
    t.unref();
    pending.set(event.id, t);
  };
  opts.client.on(Events.GuildScheduledEventUserAdd, onInterest);
  opts.client.on(Events.GuildScheduledEventUserRemove, onInterest);
  // A role or channel changed (the Guilds intent sends these): perhaps the permission was granted; try at the next pass.
  const onRole = (_old: unknown, role: { guild: { id: string } }) => quietUntil.delete(role.guild.id);
  const onChannel = (_old: unknown, channel: { guildId?: string | null }) => {
    if (channel.guildId) quietUntil.delete(channel.guildId);
  };
  opts.client.on(Events.GuildRoleUpdate, onRole);
  opts.client.on(Events.ChannelUpdate, onChannel as never);
  return {
    port,
    syncNow,
    stop: () => {
      clearInterval(timer);
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
      opts.client.off(Events.GuildScheduledEventUserAdd, onInterest);
      opts.client.off(Events.GuildScheduledEventUserRemove, onInterest);
      opts.client.off(Events.GuildRoleUpdate, onRole);
      opts.client.off(Events.ChannelUpdate, onChannel as never);
    },
  };
}
