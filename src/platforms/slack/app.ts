/** Creates the Bolt App: Socket Mode or the HTTP receiver, the Web API pointed at SLACK_API_URL when set, a global error handler. */
// Named import: Node's CJS interop and vitest's both expose App by name (their default exports differ).
import { App } from '@slack/bolt';
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import { slackMode, type SlackConfig, type SlackMode } from './config.ts';
import { slackErrorCode } from './errors.ts';
import { createGuardedHttpReceiver } from './malformed-requests.ts';

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

/** Builds (does not start) the Bolt App for the config. Throws when the config names no receiver. */
export function createSlackApp(config: SlackConfig, logger: Logger, identity: BotIdentity): CreatedApp {
  const mode = slackMode(config);
  if (!mode) throw new Error('Slack needs SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)');
  const clientOptions = slackClientOptions(config);
  // The token was checked already (startSlack's auth.test): Bolt is given its answer instead of asking again.
  // deferInitialization: nothing runs in the constructor, where a failure could only be an unhandled rejection.
  const common = {
    token: config.botToken,
    ...identity,
    tokenVerificationEnabled: false,
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
          receiver: createGuardedHttpReceiver({ signingSecret: config.signingSecret!, port: config.port ?? 3000, boltLogger: common.logger, logger }),
        });

  // Last line of defence: anything a listener did not handle is logged; the process keeps running.
  app.error(async (error) => {
    const e = error as Error & { code?: string; original?: unknown };
    logger.error('unhandled slack error', { code: e.code, slackError: slackErrorCode(e.original ?? e), error: e.message });
  });
  return { app, mode };
}
