/** Creates the Bolt App: Socket Mode or the HTTP receiver, the Web API pointed at SLACK_API_URL when set, a global error handler. */
// Named import: Node's CJS interop and vitest's both expose App by name (their default exports differ).
import { App } from '@slack/bolt';
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import { slackMode, type SlackConfig, type SlackMode } from './config.ts';
import { slackErrorCode } from './errors.ts';
import { createGuardedHttpReceiver, type GuardedReceiverOptions } from './malformed-requests.ts';
import type { CustomRoute, InstallationStore } from '@slack/bolt';
import type { ServerResponse } from 'node:http';
import { BOT_SCOPES } from './scopes.ts';

/** Bolt's logger interface over ours, so Bolt and the Web API log as structured lines with part=slack. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = 'info' as LogLevel;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...m: unknown[]) => logger.debug(text(m), { source: 'bolt' }),
    info: (...m: unknown[]) => logger.info(text(m), { source: 'bolt' }),
    warn: (...m: unknown[]) => logger.warn(text(m), { source: 'bolt' }),
    error: (...m: unknown[]) => logger.error(text(m), { source: 'bolt' }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export interface CreatedApp {
  app: App;
  mode: SlackMode;
}

/** The Web API client's options for the config: the API's base URL (a stand-in's in tests) and its retries. */
export function slackClientOptions(config: Pick<SlackConfig, 'apiUrl' | 'retries'>) {
  return {
    // Bolt hands these to the Socket Mode client too, so apps.connections.open reaches the same base URL.
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` } : {}),
    ...(config.retries !== undefined ? { retryConfig: { retries: config.retries } } : {}),
  };
}

/** Who the bot token belongs to, as auth.test answered it (startSlack checks the token once, before the app). */
export interface BotIdentity {
  botId?: string;
  botUserId?: string;
}

/** Extras of the HTTP receiver: the OAuth installer's store and answers, and routes such as GET /healthz. */
export interface ReceiverExtras {
  installationStore?: InstallationStore;
  customRoutes?: CustomRoute[];
}

/** Builds (does not start) the Bolt App for the config. Throws when the config names no receiver. */
export function createSlackApp(config: SlackConfig, logger: Logger, identity: BotIdentity, extras: ReceiverExtras = {}): CreatedApp {
  const mode = slackMode(config);
  if (!mode) throw new Error('Slack needs SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)');
  const clientOptions = slackClientOptions(config);
  // One token: it was checked already (startSlack's auth.test), so Bolt is given its answer instead of asking again.
  // Installs by OAuth: no token; Bolt's installer authorizes each request from the installation store.
  // deferInitialization: nothing runs in the constructor, where a failure could only be an unhandled rejection.
  const common = {
    ...(config.botToken ? { token: config.botToken, ...identity, tokenVerificationEnabled: false } : {}),
    logger: boltLogger(logger),
    clientOptions,
    deferInitialization: true,
  };
  const app =
    mode === 'socket'
      ? new App({ ...common, appToken: config.appToken, socketMode: true })
      : new App({
          ...common,
          // Bolt's own HTTPReceiver, guarded against signed but malformed bodies (see malformed-requests.ts).
          receiver: createGuardedHttpReceiver({
            signingSecret: config.signingSecret!,
            port: config.port ?? 3000,
            boltLogger: common.logger,
            logger,
            ...(extras.customRoutes ? { customRoutes: extras.customRoutes } : {}),
            ...(config.oauth ? { installer: installerOptions(config, extras.installationStore, logger) } : {}),
          }),
        });

  // Last line of defence: anything a listener did not handle is logged; the process keeps running.
  app.error(async (error) => {
    const e = error as Error & { code?: string; original?: unknown };
    logger.error('unhandled slack error', { code: e.code, slackError: slackErrorCode(e.original ?? e), error: e.message });
  });
  return { app, mode };
}

/**
 * Bolt's installer (@slack/oauth) on the HTTP receiver: GET /slack/install shows "Add to Slack" (state in a cookie),
 * GET /slack/oauth_redirect exchanges the code (oauth.v2.access) and stores the installation. Its Web API calls and
 * the authorize page follow SLACK_API_URL (a stand-in in tests; https://slack.com/oauth/v2/authorize by default).
 */
function installerOptions(config: SlackConfig, store: InstallationStore | undefined, logger: Logger): NonNullable<GuardedReceiverOptions['installer']> {
  const oauth = config.oauth!;
  const page = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>paperclub</title></head><body><p>${text}</p></body></html>`);
  };
  const escape = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    ...(store ? { installationStore: store } : {}),
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
    installerOptions: {
      ...(oauth.redirectUri ? { redirectUriPath: new URL(oauth.redirectUri).pathname } : {}),
      clientOptions: slackClientOptions(config),
      ...(config.apiUrl ? { authorizationUrl: new URL('/oauth/v2/authorize', slackClientOptions(config).slackApiUrl).toString() } : {}),
      callbackOptions: {
        success: (installation, _opts, _req, res) => {
          const team = installation.team?.name ?? installation.team?.id ?? 'your workspace';
          page(res, 200, `paperclub is installed in ${escape(team)}. In a channel, invite it (<code>/invite @paperclub</code>) and run <code>/paperclub club setup</code>.`);
        },
        failure: (error, _opts, _req, res) => {
          logger.warn('slack install failed', { code: (error as { code?: string }).code, error: error.message });
          page(res, 400, 'The install did not complete. Start again from the install link.');
        },
      },
    },
  };
}
