/**
 * Keeps open Home tabs true (issue 11): when something a member's page shows changes (a sign-up, a read mark, a
 * note, a new post, an admin's change), their page is published again, but only for members who opened the Home
 * tab since this process started (others see a fresh page when they open it: app_home_opened publishes one).
 *
 * Changes are gathered per workspace for `debounceMs` (default 2 s), so a burst (three notes, an admin's run of
 * commands) gives each member one publish. Publishes are spaced to at most `perMinute` per workspace (default 90):
 * views.publish is a Tier 4 method, 100+ per minute per workspace (https://docs.slack.dev/reference/methods/views.publish).
 * A club-wide change in a workspace where 300 members opened Home takes about 3 1/2 minutes to reach all of them.
 */
import type { SlackClients } from './clients.ts';
import type { ClubCore, HomeChange } from '../../dispatch/club-core.ts';
import type { Signal } from '../../signal.ts';
import type { Logger } from '../../logger.ts';
import { renderHomeView } from './home-view.ts';

/** The refresher the Home listeners and the core's change feed share. */
export interface HomeRefresher {
  /** The member has the Home tab open (app_home_opened): from now on their page follows changes. */
  opened(workspace: string, userId: string): void;
  /** A page was just published for the member (opening, a click): a refresh already due for them is dropped. */
  published(workspace: string, userId: string): void;
  /** Publishes the member's page now, with an optional status line on top. */
  publish(workspace: string, userId: string, status?: string): Promise<void>;
  /** Resolves when nothing is waiting or being published (tests, shutdown). */
  idle(): Promise<void>;
  /** The workspace uninstalled the app: its open pages are forgotten and nothing more is published there. */
  forgetTeam(workspace: string): void;
  stop(): void;
}

interface WorkspaceQueue {
  due: Set<string>;
  timer: NodeJS.Timeout | null;
  draining: Promise<void> | null;
  /** Earliest time the next publish may go out (spacing). */
  nextAt: number;
}

/** Builds the refresher and subscribes it to the core's home changes on Slack. */
export function createHomeRefresher(opts: {
  /** The workspace's client (its own token with installs by OAuth). */
  clients: SlackClients;
  core: Pick<ClubCore, 'memberHome'>;
  /** What members' pages show changed (the core tells it; main.ts connects it). */
  changes: Pick<Signal<HomeChange>, 'watch'>;
  logger: Logger;
  debounceMs?: number;
  perMinute?: number;
}): HomeRefresher {
  const logger = opts.logger.child({ part: 'home-refresh' });
  const debounceMs = opts.debounceMs ?? 2_000;
  const spacingMs = 60_000 / (opts.perMinute ?? 90);
  const openedBy = new Map<string, Set<string>>();
  const queues = new Map<string, WorkspaceQueue>();
  let stopped = false;

  const publish = async (workspace: string, userId: string, status?: string) => {
    const client = await opts.clients.forTeam(workspace);
    if (!client) return; // uninstalled meanwhile
    const view = renderHomeView(await opts.core.memberHome({ platform: 'slack', workspace }, userId), status);
    await client.views.publish({ user_id: userId, view });
  };

  const queueOf = (workspace: string) => {
    let q = queues.get(workspace);
    if (!q) queues.set(workspace, (q = { due: new Set(), timer: null, draining: null, nextAt: 0 }));
    return q;
  };

  const drain = async (workspace: string, q: WorkspaceQueue) => {
    while (q.due.size && !stopped) {
      const wait = q.nextAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait).unref());
      const [userId] = q.due;
      if (userId === undefined || stopped) break;
      q.due.delete(userId);
      try {
        await publish(workspace, userId);
      } catch (err) {
        logger.warn('home view not refreshed', { workspace, user: userId, err });
      } finally {
        // Counted from the answer, so requests reach Slack at least this far apart whatever the latency.
        q.nextAt = Date.now() + spacingMs;
      }
    }
  };

  const schedule = (workspace: string, q: WorkspaceQueue) => {
    if (q.timer || q.draining || stopped) return;
    q.timer = setTimeout(() => {
      q.timer = null;
      q.draining = drain(workspace, q).finally(() => {
        q.draining = null;
        if (q.due.size) schedule(workspace, q); // changes that came in while the last publish was out
      });
    }, debounceMs);
    q.timer.unref();
  };

  const unwatch = opts.changes.watch((change: HomeChange) => {
    if (change.platform !== 'slack' || stopped) return;
    const watching = openedBy.get(change.workspace);
    if (!watching?.size) return;
    const users = change.userId ? (watching.has(change.userId) ? [change.userId] : []) : [...watching];
    if (!users.length) return;
    const q = queueOf(change.workspace);
    for (const u of users) q.due.add(u);
    schedule(change.workspace, q);
  });

  return {
    opened(workspace, userId) {
      const set = openedBy.get(workspace) ?? openedBy.set(workspace, new Set()).get(workspace)!;
      set.add(userId);
    },
    published(workspace, userId) {
      queues.get(workspace)?.due.delete(userId);
    },
    publish,
    forgetTeam(workspace) {
      openedBy.delete(workspace);
      queues.get(workspace)?.due.clear();
    },
    async idle() {
      for (;;) {
        const busy = [...queues.values()].filter((q) => q.timer || q.draining || q.due.size);
        if (!busy.length) return;
        await Promise.all(busy.map((q) => q.draining ?? new Promise((r) => setTimeout(r, 20))));
      }
    },
    stop() {
      stopped = true;
      unwatch();
      for (const q of queues.values()) if (q.timer) clearTimeout(q.timer);
    },
  };
}
