import { existsSync } from 'node:fs';
import { loadDefaultLists } from './catalog/catalog-store.ts';
import { fstatSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readListConfig } from './catalog/list-config.ts';
import { markdownStackLoaded } from './catalog/parse-markdown.ts';
import { MetadataService } from './catalog/metadata/metadata-service.ts';
import { offsetClock, systemClock } from './clock.ts';
import { ClubCore, type HomeChange } from './dispatch/club-core.ts';
import { PlatformLinks } from './dispatch/platform-links.ts';
import { Signal } from './signal.ts';
import type { Club, Platform } from './club/types.ts';
import type { MeetingEventPort } from './club/meeting-events.ts';
import { enabledPlatforms, loadConfig, secretKeyBytes, shardPlan, slackOAuth, type Config } from './config.ts';
import { hostname } from 'node:os';
import { createLogger, type Logger } from './logger.ts';
import type { Delivery } from './club/ports.ts';
import { keepStarting } from './platforms/keep-starting.ts';
import { Health } from './platforms/http/health.ts';
import { InFlight } from './platforms/in-flight.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { schedulerPort, schedulerStore } from './dispatch/scheduler-port.ts';
import { runtimeInfo } from './runtime-info.ts';
import { databaseAnswers, optimizeDb, startUpkeep, type Db } from './store/db.ts';
import { openDatabase } from './store/open.ts';
import { keptValues } from './store/kept-values.ts';
import { allLists } from './store/catalog.ts';
import { getList } from './store/catalog.ts';

/** How far `:clock` has moved the playground's clock ahead of real time, kept in the database across restarts. */
const PLAYGROUND_CLOCK_KEY = 'playground.clock-offset-ms';

/** Whether stdout and stderr are one terminal or one pipe: log lines on stderr would then land in the chat. */
function logsShareTheChat(): boolean {
  try {
    const out = fstatSync(1);
    const err = fstatSync(2);
    return out.dev === err.dev && out.ino === err.ino && out.rdev === err.rdev;
  } catch {
    return false;
  }
}

/** The playground's log file: beside its database file, or in the temp directory for an in-memory one. */
function playgroundLogPath(dbPath: string): string {
  return dbPath === ':memory:' ? join(tmpdir(), 'paperclub-playground.log') : join(dirname(resolve(dbPath)), 'paperclub.log');
}

/** SIGTERM to exit: systemd and orchestrators wait 10 s before SIGKILL; a little under it, so the last lines are written. */
const DRAIN_MS = 9_500;

/** A start-up problem the operator must fix: one line on stderr naming it, exit code 2, no stack trace. */
function refuseToStart(message: string): never {
  process.stderr.write(`paperclub: ${message.replace(/\s*\n\s*/g, '; ')}\n`);
  process.exit(2);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Opens the database and loads the default lists; stops start-up on a bad database, list config, list file or default list. */
async function openCatalog(config: Config): Promise<Db> {
  let db: Db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    // The URL may hold a password: name the variable, not its value.
    const which = config.PAPERCLUB_DATABASE_URL ? 'PAPERCLUB_DATABASE_URL (PostgreSQL)' : `PAPERCLUB_DB=${config.PAPERCLUB_DB}`;
    refuseToStart(`cannot open the database ${which}: ${messageOf(err)}`);
  }
  if (!existsSync(config.PAPERCLUB_LISTS)) refuseToStart(`PAPERCLUB_LISTS=${config.PAPERCLUB_LISTS}: no such file.`);
  try {
    // Every configured file must be there, also for lists loaded on an earlier start: a moved file is a mistake to report now.
    for (const list of readListConfig(config.PAPERCLUB_LISTS)) {
      if (!existsSync(list.path)) throw new Error(`list '${list.slug}': no such file ${list.path}`);
    }
    await loadDefaultLists(db, config.PAPERCLUB_LISTS);
  } catch (err) {
    await db.close();
    refuseToStart(`PAPERCLUB_LISTS=${config.PAPERCLUB_LISTS}: ${messageOf(err)}`);
  }
  if (!(await getList(db, config.PAPERCLUB_DEFAULT_LIST))) {
    const loaded = (await allLists(db)).map((l) => l.slug).join(', ') || 'none';
    await db.close();
    refuseToStart(`PAPERCLUB_DEFAULT_LIST=${config.PAPERCLUB_DEFAULT_LIST} names no loaded list (loaded: ${loaded}).`);
  }
  return db;
}

/** Wiring only: config -> db -> club core -> adapters -> scheduler. */
async function main(): Promise<void> {
  // A reader that stops early (`… | npm start | head`) closes stdout: stop quietly, not with an EPIPE stack trace.
  let stopOnClosedOutput: () => void = () => process.exit(0);
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') stopOnClosedOutput();
    else throw err;
  });
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    refuseToStart(messageOf(err));
  }
  const on = enabledPlatforms(config);
  const playgroundOnly = on.playground && !on.discord && !on.slack;
  // The playground prints to the terminal; keep its log quiet unless asked.
  const level = on.playground && !process.env.PAPERCLUB_LOG_LEVEL ? 'warn' : config.PAPERCLUB_LOG_LEVEL;
  // The playground's chat is stdout: when stderr shows on the same screen (or pipe), log lines go to a file instead
  // of between the replies.
  const logFile = on.playground && logsShareTheChat() ? playgroundLogPath(config.PAPERCLUB_DB) : null;
  const logFd = logFile ? openSync(logFile, 'a') : null;
  // Every line says which process wrote it (several share one database) and, when sharded, which Discord shards.
  const shards = shardPlan(config);
  const processName = config.PAPERCLUB_PROCESS_NAME ?? `${hostname()}:${process.pid}`;
  const logger = createLogger({
    level,
    base: { process: processName, ...(shards.kind === 'ids' ? { shards: shards.ids } : shards.kind === 'auto' ? { shards: 'auto' } : {}) },
    ...(logFd !== null ? { write: (line: string) => void writeSync(logFd, `${line}\n`) } : {}),
  });
  const db = await openCatalog(config);
  // GET /healthz: the database, then each platform once it is up (until then, why not).
  const health = new Health(processName);
  health.set('database', async () => ((await databaseAnswers(db)) ? 'ok' : 'no answer'));
  const inFlight = new InFlight();
  const kept = keptValues(db);
  // A file database keeps the playground's clock where `:clock` left it: a restart never goes back to real time and
  // re-runs meetings already held.
  const resumedOffset = playgroundOnly ? Math.max(0, Number((await kept.get(PLAYGROUND_CLOCK_KEY)) ?? 0) || 0) : 0;
  const clock = playgroundOnly ? offsetClock(systemClock, resumedOffset) : systemClock;
  const lookups = startLookups(config, db, logger);
  // What connects to what, all here: each platform joins `links` (the core's way out) and the scheduler as its adapter
  // comes up; the scheduler watches `clubChanges` through its port; the Slack adapter watches `homeChanges` (App Home).
  const links = new PlatformLinks();
  const clubChanges = new Signal<Club>();
  const homeChanges = new Signal<HomeChange>();
  const core = new ClubCore({
    links,
    clubChanges,
    homeChanges,
    ...(lookups ? { lookups } : {}),
    db,
    clock,
    logger,
    defaults: {
      sequence: config.PAPERCLUB_DEFAULT_LIST,
      cron: config.PAPERCLUB_DEFAULT_CRON,
      timezone: config.PAPERCLUB_DEFAULT_TIMEZONE,
      announceLeadMinutes: config.PAPERCLUB_ANNOUNCE_DAYS * 24 * 60,
      meetingMinutes: config.PAPERCLUB_MEETING_MINUTES,
    },
    ...(config.PAPERCLUB_PUBLIC_URL && config.PAPERCLUB_HTTP_PORT ? { calendarFeedUrl: config.PAPERCLUB_PUBLIC_URL } : {}),
  });
  await core.upgrade();

  const deliveries: Delivery[] = [];
  const stops: Array<() => Promise<void>> = [];
  let scheduler: Scheduler | null = null;
  // A platform that comes up late (after a retry) joins the running scheduler; before it exists, its list.
  const connect: Connect = {
    delivery: (d) => {
      links.connect(d);
      if (scheduler) scheduler.addDelivery(d);
      else deliveries.push(d);
    },
    meetingEvents: (platform, port) => links.connectMeetingEvents(platform, port),
  };
  await startPlatforms(config, on, core, logger, connect, stops, { health, inFlight, homeChanges });
  if (config.PAPERCLUB_HTTP_PORT) {
    // GET /healthz, and with PAPERCLUB_PUBLIC_URL the subscribable calendars and club pages (README, "Calendar
    // feeds", "The club's page"); a port in use stops start-up like any other setting.
    const { startCalendarFeed } = await import('./platforms/http/calendar-feed.ts');
    try {
      const feed = await startCalendarFeed({ ...(config.PAPERCLUB_PUBLIC_URL ? { core } : {}), health, port: config.PAPERCLUB_HTTP_PORT, host: config.httpHost, logger });
      stops.push(() => feed.stop());
    } catch (err) {
      refuseToStart(`PAPERCLUB_HTTP_PORT=${config.PAPERCLUB_HTTP_PORT}: ${messageOf(err)}`);
    }
  }

  let playground: Awaited<ReturnType<typeof import('./platforms/console/index.ts').startPlayground>> | null = null;
  if (on.playground) {
    const { startPlayground } = await import('./platforms/console/index.ts');
    const moved = 'advance' in clock ? (clock as ReturnType<typeof offsetClock>) : null;
    const startNotes = [
      ...(resumedOffset > 0
        ? [`The clock resumed where :clock left it on the last run (${formatOffset(resumedOffset)} ahead of real time).`]
        : []),
      ...(logFile ? [`Log lines go to ${logFile}.`] : []),
    ];
    playground = await startPlayground({
      core,
      kept,
      startNotes,
      runDue: async () => {
        await scheduler?.runDue();
      },
      advanceClock: moved
        ? (ms) => {
            moved.advance(ms);
            void kept.set(PLAYGROUND_CLOCK_KEY, String(moved.offset()));
          }
        : undefined,
    });
    connect.delivery(playground.delivery);
  }

  scheduler = new Scheduler({
    // The scheduler reaches the core and the database only through its port: the posting steps, the vote close and
    // the club list of the core, and its own store (reminders, next checks, parked clubs, the clubs due) over this db.
    port: schedulerPort(core, schedulerStore(db)),
    deliveries,
    clock,
    logger,
    graceMs: config.PAPERCLUB_GRACE_HOURS * 3_600_000,
    meetingDurationMs: config.PAPERCLUB_MEETING_MINUTES * 60_000,
    // The playground's clock can jump, so it polls instead of trusting real-time cron jobs.
    cron: !(on.playground && !on.discord && !on.slack),
  });
  await scheduler.start();
  logger.debug('runtime', { ...runtimeInfo(import.meta.url), markdownLoaded: markdownStackLoaded() });

  // WAL checkpoints between bursts of writes, planner statistics kept fresh (store/db.ts).
  const stopUpkeep = startUpkeep(db);

  let closing = false;
  /**
   * Drains, then exits: /healthz says 'draining' (the proxy stops sending work), no new scheduler run starts, the
   * runs, commands and notices under way finish their sends, then the platforms disconnect and the database closes.
   * Within 10 s: past that the process exits anyway (a send cut off mid-way is looked for on the platform by the
   * next process before it is sent again).
   */
  const shutdown = async (code = 0, signal?: string) => {
    if (closing) return;
    closing = true;
    const began = Date.now();
    health.drain();
    if (signal) logger.info('draining: no new work; finishing what is under way', { signal, commands: inFlight.size });
    const deadline = setTimeout(() => {
      logger.error('drain took over 10 s: exiting with work unfinished', { commands: inFlight.size });
      process.exit(code || 1);
    }, DRAIN_MS);
    deadline.unref();
    playground?.playground.stop();
    await scheduler?.stop().catch((err) => logger.error('scheduler stop failed', { err }));
    lookups?.stop();
    await inFlight.settled();
    await core.noticesSent();
    for (const stop of stops) await stop().catch((err) => logger.error('stop failed', { err }));
    await inFlight.settled();
    stopUpkeep();
    await core.flushWrites();
    optimizeDb(db);
    await db.close();
    if (signal) logger.info('drained', { ms: Date.now() - began });
    process.exit(code);
  };
  stopOnClosedOutput = () => void shutdown(0);
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  process.on('unhandledRejection', (err) => logger.error('unhandled rejection', { err }));

  if (playground) {
    process.stdout.write((await playground.playground.banner()) + '\n');
    if (playground.pageUrl) process.stdout.write(`Club page: ${playground.pageUrl}\n`);
    const poll = on.discord || on.slack ? null : setInterval(() => void scheduler?.runDue(), 30_000);
    await playground.playground.run();
    if (poll) clearInterval(poll);
    if (!on.discord && !on.slack) await shutdown(0);
  } else {
    logger.info('paperclub running', { database: db.dialect, discord: on.discord, slack: on.slack, clubs: (await core.listClubs()).length });
  }
}

/** '7 days 2 hours', '3 hours', '45 minutes': how far the playground's clock is ahead. */
function formatOffset(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor((ms % 86_400_000) / 3_600_000);
  const minutes = Math.round((ms % 3_600_000) / 60_000);
  const part = (n: number, unit: string) => (n ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : []);
  return [...part(days, 'day'), ...part(hours, 'hour'), ...(days ? [] : part(minutes, 'minute'))].join(' ') || 'less than a minute';
}

/** Paper metadata look-ups, unless PAPERCLUB_METADATA=off: then one line says so and papers show what lists say. */
function startLookups(config: Config, db: Db, logger: Logger): MetadataService | null {
  if (config.PAPERCLUB_METADATA === 'off') {
    logger.info('paper metadata look-ups off (PAPERCLUB_METADATA=off): papers show what their lists say');
    return null;
  }
  return new MetadataService(db, logger, {
    ...(config.PAPERCLUB_ARXIV_URL ? { arxivUrl: config.PAPERCLUB_ARXIV_URL } : {}),
    ...(config.PAPERCLUB_S2_URL ? { s2Url: config.PAPERCLUB_S2_URL } : {}),
    ...(config.SEMANTIC_SCHOLAR_API_KEY ? { s2ApiKey: config.SEMANTIC_SCHOLAR_API_KEY } : {}),
  });
}

async function startPlatforms(
  config: Config,
  on: ReturnType<typeof enabledPlatforms>,
  core: ClubCore,
  logger: Logger,
  connect: Connect,
  stops: Array<() => Promise<void>>,
  ops: { health: Health; inFlight: InFlight; homeChanges: Signal<HomeChange> },
): Promise<void> {
  // Each platform is started again later if it fails for a reason that can pass (platforms/keep-starting.ts).
  if (on.discord) {
    ops.health.set('discord', () => 'not connected');
    const { startDiscord, isCredentialRefusal } = await import('./platforms/discord/index.ts');
    const retry = keepStarting({
      name: 'discord',
      logger,
      permanent: isCredentialRefusal,
      start: async () => {
        const discord = await startDiscord({
          core,
          logger,
          interactions: { track: (work) => ops.inFlight.track(work) },
          config: { token: config.DISCORD_TOKEN!, applicationId: config.DISCORD_APPLICATION_ID, apiUrl: config.DISCORD_API_URL, ...discordShards(config) },
        });
        connect.delivery(discord.delivery);
        ops.health.set('discord', () => discord.health());
        stops.push(() => discord.stop());
        // Announced meetings as the server's scheduled events (docs/discord.md).
        const { startMeetingEventSync } = await import('./platforms/discord/scheduled-events.ts');
        const events = startMeetingEventSync({ client: discord.client, core, logger });
        connect.meetingEvents('discord', events.port);
        stops.push(async () => events.stop());
      },
    });
    stops.push(async () => retry.stop());
    await retry.first;
  }
  if (on.slack) {
    ops.health.set('slack', () => 'not connected');
    const { startSlack } = await import('./platforms/slack/index.ts');
    const { isCredentialRefusal } = await import('./platforms/slack/errors.ts');
    const retry = keepStarting({
      name: 'slack',
      logger,
      permanent: (err) => isCredentialRefusal(err) || (err as { code?: unknown }).code === 'EADDRINUSE',
      start: async () => {
        const slack = await startSlack({
          core,
          homeChanges: ops.homeChanges,
          logger,
          track: (work) => ops.inFlight.track(work),
          // The receiver's port answers GET /healthz too (one port behind the proxy).
          customRoutes: [{ path: '/healthz', method: ['GET', 'HEAD'], handler: (req, res) => void ops.health.answer(req, res) }],
          config: {
            ...(config.SLACK_BOT_TOKEN ? { botToken: config.SLACK_BOT_TOKEN } : {}),
            ...(slackOAuth(config)
              ? {
                  oauth: {
                    clientId: config.SLACK_CLIENT_ID!,
                    clientSecret: config.SLACK_CLIENT_SECRET!,
                    stateSecret: config.SLACK_STATE_SECRET!,
                    secretKey: secretKeyBytes(config.PAPERCLUB_SECRET_KEY!),
                    ...(config.SLACK_REDIRECT_URI ? { redirectUri: config.SLACK_REDIRECT_URI } : {}),
                  },
                }
              : {}),
            appToken: config.SLACK_APP_TOKEN,
            signingSecret: config.SLACK_SIGNING_SECRET,
            port: config.PORT,
            apiUrl: config.SLACK_API_URL,
            adminUserIds: config.SLACK_ADMIN_USERS?.split(',').map((s) => s.trim()).filter(Boolean),
          },
        });
        connect.delivery(slack.delivery);
        ops.health.set('slack', () => slack.health());
        stops.push(() => slack.stop());
      },
    });
    stops.push(async () => retry.stop());
    await retry.first;
  }
}

/** How a platform that came up joins the rest: its delivery (core and scheduler), its meeting events (core). */
interface Connect {
  delivery(d: Delivery): void;
  meetingEvents(platform: Platform, port: MeetingEventPort): void;
}

/** The Discord adapter's shards from the configuration (none: one unsharded connection). */
function discordShards(config: Config): { shards?: 'auto' | { ids: number[]; count: number } } {
  const plan = shardPlan(config);
  return plan.kind === 'auto' ? { shards: 'auto' } : plan.kind === 'ids' ? { shards: { ids: plan.ids, count: plan.count } } : {};
}

await main();
