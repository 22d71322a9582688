/**
 * The Home tab: on app_home_opened (tab 'home') publish the member's own page; Home-tab buttons run the core's
 * action and re-publish the page with the result on top (a Home click has no channel to answer in). Later changes
 * reach an opened page through the refresher (home-refresh.ts).
 */
import { decodeAction } from '../../../button-actions.ts';
import type { App } from '@slack/bolt';
import { HOME_ACTION_PREFIX } from '../home-view.ts';
import type { HomeRefresher } from '../home-refresh.ts';
import type { ListenerDeps } from './deps.ts';

/** Registers the app_home_opened listener and the Home-tab button listener. */
export function register(app: App, deps: ListenerDeps & { home: HomeRefresher }): void {
  const logger = deps.logger.child({ listener: 'app-home' });

  // What is published here is fresh: a refresh already due for the member is dropped (it would also wipe the status).
  const publish = async (_client: App['client'], workspace: string, userId: string, status?: string) => {
    deps.home.published(workspace, userId);
    await deps.home.publish(workspace, userId, status);
  };

  app.event('app_home_opened', async ({ event, body, client }) => {
    // The Messages and About tabs fire this event too; only the Home tab has a view to publish.
    if (event.tab !== 'home') return;
    const workspace = (body as { team_id?: string }).team_id ?? '';
    deps.home.opened(workspace, event.user);
    try {
      await publish(client, workspace, event.user);
    } catch (err) {
      logger.warn('home view not published', { user: event.user, err });
    }
  });

  app.action({ type: 'block_actions', action_id: new RegExp(`^${HOME_ACTION_PREFIX}`) }, async ({ ack, body, action, client }) => {
    await ack();
    if (action.type !== 'button' || !action.value) return;
    const workspace = body.team?.id ?? body.user.team_id ?? '';
    const log = logger.child({ user: body.user.id, action: action.value });
    let status: string;
    try {
      const who = await deps.users.lookup(body.user.id, body.user.name ?? body.user.username);
      // A Home click has no channel: it stands for the club the button names, if that club is in this workspace.
      const clubId = decodeAction(action.value)?.clubId;
      const club = (await deps.core.listClubs()).find((c) => c.id === clubId && c.platform === 'slack' && c.workspace === workspace);
      const reply = await deps.core.runAction({
        where: { platform: 'slack', workspace, channel: club?.channel ?? '' },
        user: { userId: body.user.id, displayName: who.displayName, isPlatformAdmin: who.isPlatformAdmin },
        action: action.value,
      });
      await deps.updatePost(reply.postUpdate);
      status = reply.text;
    } catch (err) {
      log.error('home button failed', { err });
      status = 'Something went wrong; please try again.';
    }
    try {
      await publish(client, workspace, body.user.id, status);
    } catch (err) {
      log.warn('home view not re-published', { err });
    }
  });
}
