import type { ClubCore } from '../../dispatch/club-core.ts';
import type { CommandPipeline, Reactions } from '../../dispatch/ports.ts';
import type { Logger } from '../../logger.ts';

/** What the Discord adapter needs from the environment (read by src/config.ts, never logged). */
export interface DiscordConfig {
  token: string;
  applicationId?: string;
  /** REST base URL (without /v10), e.g. a REST proxy or the test stand-in: 'http://127.0.0.1:PORT/api'. */
  apiUrl?: string;
  /**
   * Which shards this process connects: 'auto' = every shard of the count Discord recommends (GET /gateway/bot);
   * ids out of a count = a range for one of several processes; absent = one connection, no sharding.
   */
  shards?: 'auto' | { ids: number[]; count: number };
}

/** The part of the club core the adapter calls (of its command pipeline and reactions ports); a Pick so tests and the bench can wrap it. */
export type CorePort = Pick<CommandPipeline, 'commands' | 'execute' | 'runAction' | 'suggest'> &
  Partial<Pick<CommandPipeline, 'takeInteraction'>> &
  Pick<Reactions, 'reaction'> &
  Pick<ClubCore, 'clubFor'>;

/** Dependencies every listener gets. */
export interface DiscordDeps {
  core: CorePort;
  logger: Logger;
}
