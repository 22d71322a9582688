/** What every listener needs: the core, the user directory, a logger, and the post updater. */
import type { ClubCore } from '../../../dispatch/club-core.ts';
import type { CommandPipeline, Reactions } from '../../../dispatch/ports.ts';
import type { Logger } from '../../../logger.ts';
import type { UserDirectory } from '../admin.ts';
import type { PostUpdater } from '../post-update.ts';

export interface ListenerDeps {
  /** The core's command pipeline and reactions, and the club list (App Home buttons find their club). */
  core: CommandPipeline & Reactions & Pick<ClubCore, 'listClubs'>;
  users: UserDirectory;
  logger: Logger;
  /** Edits published weekly posts in place when a reply carries postUpdate. */
  updatePost: PostUpdater;
}
