import { Events, Status, type Client } from 'discord.js';
import type { Logger } from '../../logger.ts';
import type { Delivery } from '../../club/ports.ts';
import { createClient } from './client.ts';
import { createDelivery } from './delivery.ts';
import { FailureReporter } from './errors.ts';
import { registerInteractions, type InteractionOptions } from './interactions.ts';
import { registerReactions } from './reactions.ts';
import type { CorePort, DiscordConfig } from './types.ts';

export type { DiscordConfig } from './types.ts';

export interface DiscordAdapter {
  client: Client;
  delivery: Delivery;
  /** For GET /healthz: 'ok' when the client and every one of this process's shards are ready, else which are not. */
  health(): string;
  stop(): Promise<void>;
}

/**
 * A login failure that retrying cannot fix: Discord refused the token, the intents the bot asks for, or its shards
 * (4010 Invalid shard: an id out of range or a count Discord does not accept; 4011 Sharding required: a shard would
 * hold too many servers). See docs/deploy.md for shard counts.
 */
export function isCredentialRefusal(err: unknown): boolean {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  return (
    e.code === 'TokenInvalid' ||
    e.code === 'DisallowedIntents' ||
    /invalid token|disallowed intents|invalid shard|sharding is required/i.test(String(e.message ?? ''))
  );
}

/** Connects the club core to Discord and resolves once the gateway is ready (all guilds received). */
export async function startDiscord(opts: { core: CorePort; config: DiscordConfig; logger: Logger; interactions?: InteractionOptions }): Promise<DiscordAdapter> {
  // Every line of a sharded process says which shards it runs ('auto': all of them, known at login).
  const shards = opts.config.shards;
  const logger = opts.logger.child({ platform: 'discord', ...(shards && shards !== 'auto' ? { shards: shards.ids, shardCount: shards.count } : {}) });
  const client = createClient(opts.config);
  const reporter = new FailureReporter(client, logger);
  reporter.watch();
  const delivery = createDelivery(client, { logger, reporter });
  registerInteractions(client, { core: opts.core, logger }, { reporter, ...opts.interactions });
  registerReactions(client, { core: opts.core, logger });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(opts.config.token);
    await ready;
  } catch (err) {
    await client.destroy();
    throw err;
  }
  logger.info('discord ready', { user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.options.shards, shardCount: client.options.shardCount });
  return {
    client,
    delivery,
    health: () => {
      if (!client.isReady()) return 'not connected';
      const waiting = client.ws.shards.filter((shard) => shard.status !== Status.Ready).map((shard) => shard.id);
      return waiting.length ? `shard ${waiting.join(', ')} not ready` : 'ok';
    },
    stop: () => client.destroy(),
  };
}
