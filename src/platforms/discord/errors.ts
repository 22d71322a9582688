import { DiscordAPIError, RESTEvents, RateLimitError, type Client } from 'discord.js';
import type { ChannelProblem } from '../../club/ports.ts';
import type { Logger } from '../../logger.ts';
import { LIMITS, clip } from './limits.ts';
import { REQUIRED_PERMISSIONS } from './permissions.ts';

/** What went wrong, in terms an admin can act on. */
export type DiscordFailure = 'missing-permissions' | 'unknown-channel' | 'dm-closed' | 'rate-limit' | 'other';

/** Discord's JSON error codes we tell apart (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const CODES: Record<number, DiscordFailure> = {
  50001: 'missing-permissions', // Missing Access
  50013: 'missing-permissions',
  10003: 'unknown-channel',
  50007: 'dm-closed',
};

/** Discord's error code of a failed request, if it was one. */
export function discordCode(err: unknown): number | undefined {
  return err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
}

export function classify(err: unknown): DiscordFailure {
  if (err instanceof RateLimitError) return 'rate-limit';
  if (err instanceof DiscordAPIError) return CODES[Number(err.code)] ?? (err.status === 429 ? 'rate-limit' : 'other');
  return 'other';
}

const ADVICE: Record<DiscordFailure, string> = {
  'missing-permissions':
    'I am missing permissions in this channel. Please give me View Channel, Send Messages, Embed Links, Add Reactions, Read Message History, Create Public Threads and Send Messages in Threads.',
  'unknown-channel': 'The paper club channel no longer exists. Run /club setup in the new channel.',
  'dm-closed': 'A member has closed their DMs, so reminders go to the club channel instead.',
  'rate-limit': 'Discord is rate-limiting me; some messages may arrive late.',
  other: 'Something went wrong talking to Discord; it has been logged.',
};

/** Codes no retry can fix in the club's channel (Unknown Channel, Missing Access, Missing Permissions): the club parks. */
const PERMANENT_CHANNEL_CODES = new Set([10003, 50001, 50013]);

/** What to tell an admin about a permanent channel failure, or null when the failure is transient. */
export function channelProblemFor(err: unknown, channelId: string): ChannelProblem | null {
  const code = discordCode(err);
  if (code === undefined || !PERMANENT_CHANNEL_CODES.has(code)) return null;
  if (code === 10003) return { cause: 'unknown-channel', advice: `The paper club channel <#${channelId}> no longer exists (or I can't see it); run /club setup in the club's new channel.` };
  return {
    cause: 'missing-permissions',
    advice: `I'm missing permissions in <#${channelId}>: I need ${REQUIRED_PERMISSIONS.map(([, name]) => name).join(', ')} there (channel settings → Permissions → paperclub).`,
  };
}

/** Marks a thrown delivery error as a permanent channel problem (the scheduler parks the club) and returns it. */
export function withChannelProblem(err: unknown, channelId: string): unknown {
  const problem = channelProblemFor(err, channelId);
  if (problem && err && typeof err === 'object') Object.assign(err, { channelProblem: problem });
  return err;
}


/**
 * Logs every Discord failure with its context, and tells the club about each kind of failure once
 * (per channel and kind) instead of once per event. Never throws.
 */
export class FailureReporter {
  private readonly told = new Set<string>();
  private readonly logger: Logger;

  constructor(private readonly client: Client, logger: Logger) {
    this.logger = logger.child({ part: 'discord-errors' });
  }

  /** `quiet`: log only, someone else tells the admins (the scheduler, when it parks the club). */
  async report(err: unknown, ctx: { op: string; channel?: string; guild?: string; messageId?: string; key?: string; quiet?: boolean }): Promise<DiscordFailure> {
    const kind = classify(err);
    const code = err instanceof DiscordAPIError ? err.code : undefined;
    const { quiet, ...fields } = ctx;
    this.logger.warn('discord request failed', { ...fields, kind, code, err });
    if (quiet || kind === 'other' || kind === 'dm-closed' || !ctx.channel) return kind;
    const key = `${ctx.channel}:${kind}`;
    if (this.told.has(key)) return kind;
    this.told.add(key);
    await this.tell(kind, ctx.channel, ctx.guild).catch((e) => this.logger.warn('could not tell the club', { ...ctx, kind, err: e }));
    return kind;
  }

  /** The club channel gets a note; when we cannot post there (deleted, no access) the server owner gets a DM. */
  private async tell(kind: DiscordFailure, channelId: string, guildId?: string): Promise<void> {
    const text = clip(`⚠️ Paper club: ${ADVICE[kind]}`, LIMITS.content);
    if (kind !== 'unknown-channel') {
      try {
        const channel = await this.client.channels.fetch(channelId);
        if (channel?.isSendable()) {
          await channel.send({ content: text, allowedMentions: { parse: [] } });
          return;
        }
      } catch {
        // fall through to the owner
      }
    }
    const guild = guildId ? this.client.guilds.cache.get(guildId) : this.guildOfChannel(channelId);
    if (!guild) return;
    const owner = await this.client.users.fetch(guild.ownerId);
    await owner.send({ content: clip(`${text} (server: ${guild.name}, channel <#${channelId}>)`, LIMITS.content), allowedMentions: { parse: [] } });
  }

  private guildOfChannel(channelId: string) {
    const ch = this.client.channels.cache.get(channelId);
    return ch && 'guild' in ch ? ch.guild : undefined;
  }

  /** Gateway and REST trouble that is not tied to one request: logged, never fatal. */
  watch(): void {
    this.client.on('error', (err) => this.logger.error('discord client error', { err }));
    this.client.on('warn', (msg) => this.logger.warn('discord client warning', { detail: msg }));
    this.client.on('shardError', (err, shardId) => this.logger.error('gateway error', { shardId, err }));
    this.client.on('shardDisconnect', (ev, shardId) => this.logger.warn('gateway disconnected', { shardId, code: ev.code }));
    this.client.on('shardResume', (shardId, replayed) => this.logger.info('gateway resumed', { shardId, replayed }));
    // discord.js waits and retries on 429 itself; we only log it, once per event, with the route.
    this.client.rest.on(RESTEvents.RateLimited, (info) =>
      this.logger.warn('rate limited', { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global }),
    );
  }
}
