/** What every listener needs: the core, the user directory, a logger, and the post updater. */
import type { ClubCore } from '../../../dispatch/club-core.ts';
import type { Logger } from '../../../logger.ts';
import type { UserDirectory } from '../admin.ts';
import type { PostUpdater } from '../post-update.ts';

export interface ListenerDeps {
  core: ClubCore;
  users: UserDirectory;
  logger: Logger;
  /** Edits published weekly posts in place when a reply carries postUpdate. */
  updatePost: PostUpdater;
}
