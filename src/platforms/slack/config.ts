/** Slack settings: Socket Mode (bot + app token) or HTTP (bot token + signing secret + port). */
export interface SlackConfig {
  botToken: string;
  /** xapp- token: Socket Mode. Wins over the signing secret when both are set. */
  appToken?: string;
  /** HTTP receiver: requests are verified with it. */
  signingSecret?: string;
  /** HTTP receiver port (0 picks a free one). */
  port?: number;
  /** HTTP receiver host; defaults to all interfaces. */
  host?: string;
  /** Web API base URL (also used by Socket Mode's apps.connections.open), e.g. a local stand-in. */
  apiUrl?: string;
  /** Web API retries; Slack's default is 10 over ~30 min, tests use 0. */
  retries?: number;
  /** User ids treated as workspace admins in addition to users.info's is_admin/is_owner. */
  adminUserIds?: string[];
}

export type SlackMode = 'socket' | 'http';

/** Which receiver a config asks for, or null when Slack should not start. */
export function slackMode(config: Partial<SlackConfig> | null | undefined): SlackMode | null {
  if (!config?.botToken) return null;
  if (config.appToken) return 'socket';
  if (config.signingSecret) return 'http';
  return null;
}
