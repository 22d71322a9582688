import { z } from 'zod';
import { validateMeetingSchedule } from './calendar/meeting-schedule.ts';

/** The one place that reads the environment. Secrets stay in this object and are never logged. */
const Env = z.object({
  PAPERCLUB_DB: z.string().min(1).default('./data/paperclub.db'),
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
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: z.url().optional(),
  // Comma-separated Slack user ids treated as admins besides workspace admins and owners.
  SLACK_ADMIN_USERS: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Calendar feeds (GET /calendar/<token>.ics) and club pages (GET /club/<token>): served only when both are set, or
  // for the playground alone, the port only (then on 127.0.0.1, at http://127.0.0.1:<port>).
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
  // The playground alone serves its pages to this machine only, at an address it can name itself.
  const on = enabledPlatforms(cfg);
  if (cfg.PAPERCLUB_HTTP_PORT && !cfg.PAPERCLUB_PUBLIC_URL && on.playground && !on.discord && !on.slack) {
    return Object.freeze({ ...cfg, PAPERCLUB_PUBLIC_URL: `http://127.0.0.1:${cfg.PAPERCLUB_HTTP_PORT}`, httpHost: '127.0.0.1' });
  }
  if (Boolean(cfg.PAPERCLUB_HTTP_PORT) !== Boolean(cfg.PAPERCLUB_PUBLIC_URL)) {
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

/** Which platforms the configuration turns on. */
export function enabledPlatforms(cfg: Pick<Config, 'DISCORD_TOKEN' | 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET' | 'PAPERCLUB_PLAYGROUND'>): { discord: boolean; slack: boolean; playground: boolean } {
  const discord = Boolean(cfg.DISCORD_TOKEN);
  const slack = Boolean(cfg.SLACK_BOT_TOKEN && (cfg.SLACK_APP_TOKEN || cfg.SLACK_SIGNING_SECRET));
  const playground = cfg.PAPERCLUB_PLAYGROUND === 'on' || (cfg.PAPERCLUB_PLAYGROUND === 'auto' && !discord && !slack);
  return { discord, slack, playground };
}
