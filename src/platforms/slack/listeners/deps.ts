/** What every listener needs: the core, the user directory, a logger, and Delivery for replies that carry a post. */
import type { ClubCore } from '../../../club/core.ts';
import type { Logger } from '../../../logger.ts';
import type { Delivery } from '../../types.ts';
import type { UserDirectory } from '../admin.ts';

export interface ListenerDeps {
  core: ClubCore;
  users: UserDirectory;
  delivery: Delivery;
  logger: Logger;
}
