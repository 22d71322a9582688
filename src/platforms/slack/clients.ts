/**
 * Which Web API client speaks for a workspace. With one bot token (self-hosting) it is the app's own client for
 * every workspace. With installs by OAuth each workspace has its own token, so everything the bot sends outside a
 * listener (weekly posts, reminders, Home refreshes, users.info, DMs, file uploads) goes through that workspace's
 * client; inside a listener Bolt's `client` already carries it.
 */
import { webApi, type App } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { SlackInstallations } from './installations.ts';

export type SlackClient = App['client'];

export interface SlackClients {
  /** The workspace's client, or null when the app is not installed there. */
  forTeam(teamId: string): Promise<SlackClient | null>;
  /** Whether this process sends for the workspace (installed); absent with one bot token: every workspace. */
  serves?(teamId: string): boolean;
  /**
   * Slack answered that the workspace's token is dead (`account_inactive`: the app was removed; `token_revoked`):
   * its tokens are deleted and its clubs parked, as app_uninstalled would (a missed event must not leave the
   * scheduler failing there every run).
   */
  tokenDead?(teamId: string, code: string): Promise<void>;
}

/** Codes that mean the workspace's bot token will never work again (https://api.slack.com/methods/chat.postMessage#errors; bolt-python #1029). */
export const DEAD_TOKEN_CODES: ReadonlySet<string> = new Set(['account_inactive', 'token_revoked']);

/** One bot token: the app's client for every workspace. */
export function singleTokenClients(client: SlackClient): SlackClients {
  return { forTeam: async () => client };
}

/** Installs by OAuth: a client per workspace with its own token (made again when a reinstall brings a new one). */
export function installedClients(installations: SlackInstallations, options: ConstructorParameters<typeof webApi.WebClient>[1], logger: Logger): SlackClients {
  const byTeam = new Map<string, { token: string; client: SlackClient }>();
  installations.onChange((team, installed) => {
    if (!installed) byTeam.delete(team);
  });
  return {
    async forTeam(teamId) {
      const token = await installations.botToken(teamId);
      if (!token) {
        byTeam.delete(teamId);
        return null;
      }
      const known = byTeam.get(teamId);
      if (known?.token === token) return known.client;
      const client = new webApi.WebClient(token, { ...options, teamId }) as unknown as SlackClient;
      byTeam.set(teamId, { token, client });
      return client;
    },
    serves: (teamId) => installations.has(teamId),
    async tokenDead(teamId, code) {
      logger.warn('slack says the workspace token is dead: treating it as uninstalled', { team: teamId, code });
      await installations.forget(teamId, code);
    },
  };
}
