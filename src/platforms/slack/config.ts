/**
 * Slack settings: Socket Mode (bot + app token), HTTP (bot token + signing secret + port), or installs by OAuth over
 * HTTP (signing secret + `oauth`, no bot token: each workspace brings its own).
 */
export interface SlackConfig {
  /** One workspace's bot token (self-hosting); absent with installs by OAuth. */
  botToken?: string;
  /** Installs by OAuth: Bolt's installer serves /slack/install and /slack/oauth_redirect on the HTTP receiver. */
  oauth?: SlackOAuthConfig;
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

/** The app's OAuth credentials (Basic Information → App Credentials) and the key that seals workspaces' tokens. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` (CSRF protection of the install flow). */
  stateSecret: string;
  /** PAPERCLUB_SECRET_KEY as 32 bytes: seals each workspace's tokens in the database. */
  secretKey: Buffer;
  /** The public address of /slack/oauth_redirect; absent: the app's first Redirect URL in its settings. */
  redirectUri?: string;
}

export type SlackMode = 'socket' | 'http';

/** Which receiver a config asks for, or null when Slack should not start. */
export function slackMode(config: Partial<SlackConfig> | null | undefined): SlackMode | null {
  if (config?.oauth) return config.signingSecret && !config.botToken ? 'http' : null;
  if (!config?.botToken) return null;
  if (config.appToken) return 'socket';
  if (config.signingSecret) return 'http';
  return null;
}
