/**
 * Installs by OAuth: a workspace that removes the app (app_uninstalled) or whose bot token is revoked
 * (tokens_revoked with `bot` ids) has its tokens deleted and its clubs parked, history kept; a reinstall (the
 * installer's storeInstallation) resumes them. Bolt runs these two listeners without authorizing first, since the
 * workspace's installation may already be gone (bolt-js helpers: eventTypesToSkipAuthorize).
 * Event shapes: https://api.slack.com/events/app_uninstalled, https://api.slack.com/events/tokens_revoked.
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.ts';
import type { SlackInstallations } from '../installations.ts';

export function register(app: App, deps: { installations: SlackInstallations; logger: Logger }): void {
  const logger = deps.logger.child({ listener: 'installs' });

  app.event('app_uninstalled', async ({ body }) => {
    const team = (body as { team_id?: string }).team_id;
    if (!team) return;
    const parked = await deps.installations.forget(team, 'app_uninstalled');
    logger.info('slack app uninstalled', { team, parked });
  });

  app.event('tokens_revoked', async ({ event, body }) => {
    const team = (body as { team_id?: string }).team_id;
    const bots = (event as { tokens?: { bot?: string[] } }).tokens?.bot ?? [];
    // Only the bot token matters: the app asks for no user tokens. Revoked, it cannot act there any more.
    if (!team || !bots.length) return;
    const parked = await deps.installations.forget(team, 'tokens_revoked');
    logger.info('slack bot token revoked', { team, parked });
  });
}
