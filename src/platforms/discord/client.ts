import { Client, GatewayIntentBits, Partials, ShardClientUtil } from 'discord.js';
import type { DiscordConfig } from './types.ts';

/**
 * The discord.js client with only what the bot uses: guilds (channels, interactions) and guild message
 * reactions (read marks). No privileged intents, no message content. Partials let reactions on posts from
 * before a restart (not in cache) still arrive.
 */
export function createClient(config: Pick<DiscordConfig, 'apiUrl' | 'shards'>): Client {
  return new Client({
    // Always explicit: discord.js otherwise reads SHARDS / SHARD_COUNT from the environment (its ShardingManager's).
    ...(config.shards === 'auto' ? { shards: 'auto' as const } : { shards: config.shards?.ids ?? [0], shardCount: config.shards?.count ?? 1 }),
    // GuildScheduledEvents (1 << 16, not privileged): members marking a meeting's event Interested (its count).
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.GuildScheduledEvents],
    // GuildScheduledEvent: interest in events made over REST before this process started (not in cache).
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildScheduledEvent],
    // Never let user text ping anyone; the weekly post overrides this with the presenters' ids only.
    allowedMentions: { parse: [] },
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
}

/**
 * Whether this process's shards receive the server's events: Discord routes a server to shard
 * `(guild_id >> 22) % shard_count` (ShardClientUtil.shardIdForGuildId). Known once the client is logged in ('auto'
 * learns its count then); before that, false.
 */
export function ownsGuild(client: Client, guildId: string): boolean {
  const { shards, shardCount } = client.options;
  if (!Array.isArray(shards) || !client.isReady()) return false;
  if (!/^\d{1,20}$/.test(guildId)) return false;
  return shards.includes(ShardClientUtil.shardIdForGuildId(guildId, shardCount ?? 1));
}
