import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { DiscordConfig } from './types.ts';

/**
 * The discord.js client with only what the bot uses: guilds (channels, interactions) and guild message
 * reactions (read marks). No privileged intents, no message content. Partials let reactions on posts from
 * before a restart (not in cache) still arrive.
 */
export function createClient(config: Pick<DiscordConfig, 'apiUrl'>): Client {
  return new Client({
    // GuildScheduledEvents (1 << 16, not privileged): members marking a meeting's event Interested (its count).
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.GuildScheduledEvents],
    // GuildScheduledEvent: interest in events made over REST before this process started (not in cache).
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildScheduledEvent],
    // Never let user text ping anyone; the weekly post overrides this with the presenters' ids only.
    allowedMentions: { parse: [] },
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
}
