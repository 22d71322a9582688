import { z } from 'zod';
import { validateMeetingSchedule } from './calendar/meeting-schedule.ts';

/** The one place that reads the environment. Secrets stay in this object and are never logged. */
const Env = z.object({
  PAPERCLUB_DB: z.string().min(1).default('./data/paperclub.db'),
  // A PostgreSQL server instead of the SQLite file (a hosted bot run by several processes). May hold a password: never logged.
  PAPERCLUB_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  PAPERCLUB_LISTS: z.string().min(1).default('config/lists.json'),
  PAPERCLUB_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PAPERCLUB_DEFAULT_LIST: z.string().min(1).default('latent-space'),
  PAPERCLUB_DEFAULT_CRON: z.string().min(1).default('0 17 * * 3'),
  PAPERCLUB_DEFAULT_TIMEZONE: z.string().min(1).default('UTC'),
  // New clubs post the paper this many days before each meeting (0: at the meeting time).
  PAPERCLUB_ANNOUNCE_DAYS: z.coerce.number().int().min(0).max(13).default(6),
  PAPERCLUB_GRACE_HOURS: z.coerce.number().min(0).max(24 * 14).default(24),
  PAPERCLUB_MEETING_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  PAPERCLUB_PLAYGROUND: z.enum(['auto', 'on', 'off']).default('auto'),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().min(1).optional(),
  DISCORD_API_URL: z.url().optional(),
  // Sharding (docs/deploy.md): 'auto' runs Discord's recommended shard count in this process; or a range of ids
  // ("0-3", "4,5") out of DISCORD_SHARD_COUNT, one range per process or machine.
  DISCORD_SHARDS: z.enum(['auto']).optional(),
  DISCORD_SHARD_IDS: z.string().regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, 'a list of shard ids such as "0", "0,1" or "0-3"').optional(),
  DISCORD_SHARD_COUNT: z.coerce.number().int().min(1).max(100_000).optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: z.url().optional(),
  // Installs by OAuth (many workspaces, docs/deploy.md): all three set, with SLACK_SIGNING_SECRET and PAPERCLUB_SECRET_KEY.
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(1).optional(),
  // Optional: the public address of /slack/oauth_redirect (else Slack uses the app's first Redirect URL).
  SLACK_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  // The key that encrypts the workspaces' tokens in the database: 32 random bytes, base64 or hex. Never logged.
  PAPERCLUB_SECRET_KEY: z.string().min(1).optional(),
  // The name every log line carries (several processes on one database); default host name and process id.
  PAPERCLUB_PROCESS_NAME: z.string().min(1).max(100).optional(),
  // Comma-separated Slack user ids treated as admins besides workspace admins and owners.
  SLACK_ADMIN_USERS: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // GET /healthz on this port; with PAPERCLUB_PUBLIC_URL also the calendar feeds (GET /calendar/<token>.ics) and club
  // pages (GET /club/<token>). The playground alone needs only the port (then on 127.0.0.1, at http://127.0.0.1:<port>).
  PAPERCLUB_HTTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PAPERCLUB_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Paper metadata look-ups (titles, authors, one-liners from arXiv and Semantic Scholar): on unless turned off.
  PAPERCLUB_METADATA: z.enum(['on', 'off']).default('on'),
  // Where the look-ups go; the defaults are the real services, these point the bot at stand-ins.
  PAPERCLUB_ARXIV_URL: z.url({ protocol: /^https?$/ }).optional(),
  PAPERCLUB_S2_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Optional: a Semantic Scholar key raises its limit from a shared pool to 1 request a second. Never logged.
  SEMANTIC_SCHOLAR_API_KEY: z.string().min(1).optional(),
});

export type Config = Readonly<
  z.infer<typeof Env> & {
    /** Where the HTTP server listens: all interfaces (a public service), or 127.0.0.1 for the playground's own. */
    httpHost?: string;
  }
>;

/** Reads and validates the environment; throws one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings (a blank line in .env) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const cfg = parsed.data;
  try {
    validateMeetingSchedule({ cron: cfg.PAPERCLUB_DEFAULT_CRON, timezone: cfg.PAPERCLUB_DEFAULT_TIMEZONE, everyWeeks: 1, anchorDate: null });
  } catch (err) {
    throw new Error(`invalid configuration: PAPERCLUB_DEFAULT_CRON/TIMEZONE: ${(err as Error).message}`);
  }
  if (cfg.DISCORD_TOKEN && !cfg.DISCORD_APPLICATION_ID) {
    throw new Error('invalid configuration: DISCORD_APPLICATION_ID is required with DISCORD_TOKEN');
  }
  if (cfg.SLACK_BOT_TOKEN && !cfg.SLACK_APP_TOKEN && !cfg.SLACK_SIGNING_SECRET) {
    throw new Error('invalid configuration: SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)');
  }
  checkSlackOAuth(cfg);
  if (cfg.PAPERCLUB_SECRET_KEY) secretKeyBytes(cfg.PAPERCLUB_SECRET_KEY);
  checkShards(cfg);
  // The playground alone serves its pages to this machine only, at an address it can name itself.
  const on = enabledPlatforms(cfg);
  if (cfg.PAPERCLUB_HTTP_PORT && !cfg.PAPERCLUB_PUBLIC_URL && on.playground && !on.discord && !on.slack) {
    return Object.freeze({ ...cfg, PAPERCLUB_PUBLIC_URL: `http://127.0.0.1:${cfg.PAPERCLUB_HTTP_PORT}`, httpHost: '127.0.0.1' });
  }
  if (cfg.PAPERCLUB_PUBLIC_URL && !cfg.PAPERCLUB_HTTP_PORT) {
    throw new Error('invalid configuration: calendar feeds and club pages need both PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL (the address members reach that port at)');
  }
  if (cfg.PAPERCLUB_PUBLIC_URL && /[?#]/.test(cfg.PAPERCLUB_PUBLIC_URL)) {
    throw new Error('invalid configuration: PAPERCLUB_PUBLIC_URL must be a plain base address, without ? or #');
  }
  if (cfg.PAPERCLUB_HTTP_PORT && cfg.SLACK_SIGNING_SECRET && !cfg.SLACK_APP_TOKEN && cfg.PAPERCLUB_HTTP_PORT === cfg.PORT) {
    throw new Error('invalid configuration: PAPERCLUB_HTTP_PORT must differ from PORT (Slack\'s HTTP endpoint)');
  }
  return Object.freeze(cfg);
}

/** Slack by OAuth: the three OAuth settings together, over HTTP, without a single bot token, and with the key. */
function checkSlackOAuth(cfg: z.infer<typeof Env>): void {
  const oauth = [cfg.SLACK_CLIENT_ID, cfg.SLACK_CLIENT_SECRET, cfg.SLACK_STATE_SECRET].filter(Boolean).length;
  if (oauth === 0) return;
  const fail = (why: string) => {
    throw new Error(`invalid configuration: ${why}`);
  };
  if (oauth < 3) fail('Slack installs by OAuth need all of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET');
  if (cfg.SLACK_BOT_TOKEN) fail('SLACK_BOT_TOKEN is for one workspace; with SLACK_CLIENT_ID (installs by OAuth) each workspace brings its own token: unset one of them');
  if (!cfg.SLACK_SIGNING_SECRET) fail('Slack installs by OAuth need SLACK_SIGNING_SECRET (the HTTP receiver serves /slack/install and /slack/oauth_redirect)');
  if (cfg.SLACK_APP_TOKEN) fail('Slack installs by OAuth run over HTTP: unset SLACK_APP_TOKEN (Socket Mode apps cannot be distributed)');
  if (!cfg.PAPERCLUB_SECRET_KEY) fail('Slack installs by OAuth need PAPERCLUB_SECRET_KEY (it encrypts the workspaces\' tokens in the database; make one with: openssl rand -base64 32)');
}

/**
 * PAPERCLUB_SECRET_KEY as 32 bytes: 64 hex digits or base64 (standard or URL-safe) of 32 bytes. Throws a line that
 * says what to set, never the value.
 */
export function secretKeyBytes(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new Error('invalid configuration: PAPERCLUB_SECRET_KEY must be 32 random bytes as base64 or hex (make one with: openssl rand -base64 32)');
  }
  return key;
}

/** Discord shards: 'auto', or ids out of a count, or neither (one connection, no sharding). */
function checkShards(cfg: z.infer<typeof Env>): void {
  if (cfg.DISCORD_SHARDS && (cfg.DISCORD_SHARD_IDS || cfg.DISCORD_SHARD_COUNT)) {
    throw new Error('invalid configuration: DISCORD_SHARDS=auto picks the shard count itself: unset DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT, or DISCORD_SHARDS');
  }
  if (Boolean(cfg.DISCORD_SHARD_IDS) !== Boolean(cfg.DISCORD_SHARD_COUNT)) {
    throw new Error('invalid configuration: DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT go together (e.g. DISCORD_SHARD_IDS=0-1 DISCORD_SHARD_COUNT=4)');
  }
  if (cfg.DISCORD_SHARD_IDS) {
    const ids = shardIdList(cfg.DISCORD_SHARD_IDS);
    const over = ids.find((id) => id >= cfg.DISCORD_SHARD_COUNT!);
    if (over !== undefined) {
      throw new Error(`invalid configuration: DISCORD_SHARD_IDS names shard ${over}, but shards are numbered 0 to ${cfg.DISCORD_SHARD_COUNT! - 1} (DISCORD_SHARD_COUNT=${cfg.DISCORD_SHARD_COUNT})`);
    }
  }
}

/** "0-2,5" → [0, 1, 2, 5] (sorted, each once). */
export function shardIdList(text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-').map((x) => Number(x.trim()));
    if (b !== undefined && b < a!) throw new Error(`invalid configuration: DISCORD_SHARD_IDS range ${part.trim()} runs backwards`);
    for (let id = a!; id <= (b ?? a!); id++) ids.add(id);
  }
  return [...ids].sort((x, y) => x - y);
}

/** How this process connects to Discord: every shard Discord recommends, some of a count, or one unsharded connection. */
export type ShardPlan = { kind: 'auto' } | { kind: 'ids'; ids: number[]; count: number } | { kind: 'none' };

export function shardPlan(cfg: Config): ShardPlan {
  if (cfg.DISCORD_SHARDS === 'auto') return { kind: 'auto' };
  if (cfg.DISCORD_SHARD_IDS && cfg.DISCORD_SHARD_COUNT) return { kind: 'ids', ids: shardIdList(cfg.DISCORD_SHARD_IDS), count: cfg.DISCORD_SHARD_COUNT };
  return { kind: 'none' };
}

/** Whether Slack runs with installs by OAuth (many workspaces) rather than one bot token. */
export const slackOAuth = (cfg: Pick<Config, 'SLACK_CLIENT_ID' | 'SLACK_CLIENT_SECRET' | 'SLACK_STATE_SECRET'>): boolean => Boolean(cfg.SLACK_CLIENT_ID && cfg.SLACK_CLIENT_SECRET && cfg.SLACK_STATE_SECRET);

/** Which platforms the configuration turns on. */
export function enabledPlatforms(cfg: Pick<Config, 'DISCORD_TOKEN' | 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET' | 'PAPERCLUB_PLAYGROUND' | 'SLACK_CLIENT_ID' | 'SLACK_CLIENT_SECRET' | 'SLACK_STATE_SECRET'>): { discord: boolean; slack: boolean; playground: boolean } {
  const discord = Boolean(cfg.DISCORD_TOKEN);
  const slack = Boolean(cfg.SLACK_BOT_TOKEN && (cfg.SLACK_APP_TOKEN || cfg.SLACK_SIGNING_SECRET)) || slackOAuth(cfg);
  const playground = cfg.PAPERCLUB_PLAYGROUND === 'on' || (cfg.PAPERCLUB_PLAYGROUND === 'auto' && !discord && !slack);
  return { discord, slack, playground };
}
