/** Starts paperclub on Slack: builds the Bolt app, registers listeners, starts the receiver; returns Delivery for the scheduler. */
import type { App, CustomRoute } from '@slack/bolt';
import { createSecretBox } from '../../secret-box.ts';
import { installedClients, singleTokenClients } from './clients.ts';
import { SlackInstallations } from './installations.ts';
import { register as registerInstalls } from './listeners/installs.ts';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { systemClock, type Clock } from '../../clock.ts';
import type { ClubCore, HomeChange } from '../../dispatch/club-core.ts';
import type { Signal } from '../../signal.ts';
import type { Logger } from '../../logger.ts';
import type { Delivery } from '../../club/ports.ts';
import { createUserDirectory } from './admin.ts';
import { webApi } from '@slack/bolt';
import { boltLogger, createSlackApp, slackClientOptions } from './app.ts';
import type { SlackConfig, SlackMode } from './config.ts';
import { createSlackDelivery } from './delivery.ts';
import { createPostUpdater } from './post-update.ts';
import { commandWords } from './respond.ts';
import { register as registerAppHome } from './listeners/app-home.ts';
import { createHomeRefresher, type HomeRefresher } from './home-refresh.ts';
import { register as registerFileImport } from './listeners/file-import.ts';
import { register as registerActions } from './listeners/actions.ts';
import { register as registerCommands } from './listeners/commands.ts';
import { register as registerEvents } from './listeners/events.ts';
import { register as registerViews } from './listeners/views.ts';

export type { SlackConfig } from './config.ts';
export { slackMode } from './config.ts';

/** A running Slack adapter. `url` is the HTTP receiver's events endpoint (HTTP mode only). */
export interface RunningSlack {
  app: App;
  mode: SlackMode;
  delivery: Delivery;
  url: string | null;
  /** Installs by OAuth: the workspaces' installations (null with one bot token). */
  installations: SlackInstallations | null;
  /** Re-publishes opened Home tabs when what they show changes. */
  home: HomeRefresher;
  /** For GET /healthz: 'ok' while the receiver runs. */
  health(): string;
  stop(): Promise<void>;
}

export async function startSlack(deps: {
  core: ClubCore;
  config: SlackConfig;
  logger: Logger;
  clock?: Clock;
  /** The core's home changes: opened Home tabs are published again when what they show changes. */
  homeChanges: Pick<Signal<HomeChange>, 'watch'>;
  /** Home-tab refresh tuning (tests): gathering window and publishes per minute per workspace. */
  homeRefresh?: { debounceMs?: number; perMinute?: number };
  /** Other GET routes on the HTTP receiver's port (GET /healthz). */
  customRoutes?: CustomRoute[];
  /** Installs by OAuth: how often installs made by other processes are read from the database (default 30 s). */
  installsRefreshMs?: number;
  /** Remembers each request's listeners under way, so a shutdown lets them finish (main.ts: InFlight). */
  track?: <T>(work: Promise<T>) => Promise<T>;
}): Promise<RunningSlack> {
  const logger = deps.logger.child({ part: 'slack' });
  const clock = deps.clock ?? systemClock;
  const oauth = deps.config.oauth;
  // Installs by OAuth: each workspace's tokens, sealed in the database; one bot token: checked once, quickly (the
  // app's own client retries for about half an hour: right for posts, not for start-up), so an unreachable Slack or a
  // refused token fails here at once and the caller decides what next.
  const installations = oauth ? new SlackInstallations(deps.core.db, createSecretBox(oauth.secretKey), clock, logger) : null;
  await installations?.refresh();
  const auth = deps.config.botToken
    ? await new webApi.WebClient(deps.config.botToken, { ...slackClientOptions(deps.config), retryConfig: { retries: 0 }, logger: boltLogger(logger) }).auth.test()
    : null;
  const { app, mode } = createSlackApp(deps.config, logger, { botId: auth?.bot_id, botUserId: auth?.user_id }, {
    ...(installations ? { installationStore: installations } : {}),
    ...(deps.customRoutes ? { customRoutes: deps.customRoutes } : {}),
  });
  const clients = installations ? installedClients(installations, { ...slackClientOptions(deps.config), logger: boltLogger(logger) }, logger) : singleTokenClients(app.client);
  const users = createUserDirectory({ client: app.client, logger, clock, extraAdmins: deps.config.adminUserIds });
  const delivery: Delivery = {
    ...createSlackDelivery({ clients, logger, commandWords: commandWords(deps.core.commands) }),
    // A workspace installed or parked: the scheduler picks its clubs up, or leaves them.
    ...(installations ? { onServedChange: (watch: () => void) => installations.onChange(() => watch()) } : {}),
  };
  const updatePost = createPostUpdater({ client: app.client, logger });
  const listenerDeps = { core: deps.core, users, logger, updatePost };
  const track = deps.track;
  // Every request's listeners, as one piece of work a shutdown waits for.
  if (track) app.use(async ({ next }) => track(next()));
  registerCommands(app, listenerDeps);
  registerActions(app, listenerDeps);
  registerEvents(app, listenerDeps);
  const home = createHomeRefresher({ clients, core: deps.core, changes: deps.homeChanges, logger, ...deps.homeRefresh });
  if (installations) {
    registerInstalls(app, { installations, logger });
    installations.onChange((team, installed) => {
      if (!installed) home.forgetTeam(team);
    });
  }
  registerAppHome(app, { ...listenerDeps, home });
  registerFileImport(app, listenerDeps);
  registerViews(app, listenerDeps); // Rotation & wrap-up: form submits

  let url: string | null = null;
  await app.init(); // deferInitialization: Bolt's set-up, after the token check above
  if (mode === 'http') {
    const server = (await app.start({ port: deps.config.port ?? 3000, host: deps.config.host })) as unknown as Server;
    const addr = server.address() as AddressInfo;
    url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/slack/events`;
    logger.info('slack http receiver listening', { port: addr.port });
  } else {
    await app.start();
    logger.info('slack socket mode connected');
  }

  // Other processes install and uninstall too (one database): their changes reach this one within the period.
  const refresh = installations
    ? setInterval(() => void installations.refresh().catch((err) => logger.warn('slack installs not re-read', { err })), deps.installsRefreshMs ?? 30_000)
    : null;
  refresh?.unref();

  let stopped = false;
  return {
    app,
    mode,
    delivery,
    url,
    installations,
    home,
    health: () => (stopped ? 'stopped' : 'ok'),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (refresh) clearInterval(refresh);
      home.stop();
      await app.stop();
    },
  };
}
