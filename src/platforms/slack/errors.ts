/** Slack Web API failures -> a log line with context and a message the user can act on. The process keeps running. */
import type { ChannelProblem } from '../../club/ports.ts';
import type { Logger } from '../../logger.ts';

/**
 * Codes no retry can fix: only a person can (invite the bot, unarchive or pick another channel). The
 * scheduler parks the club on them instead of retrying (https://api.slack.com/methods/chat.postMessage#errors).
 */
export const PERMANENT_CHANNEL_CODES: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** What went wrong in Slack's words (`not_in_channel`), plus what we tell the person. */
export interface SlackFailure {
  code: string;
  userMessage: string;
  retryAfterSec?: number;
}

/**
 * A failed delivery with a message safe to show. Transient ones are retried by the scheduler; a permanent
 * per-channel one carries `channelProblem`, and the scheduler parks the club and tells its admins.
 */
export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
  readonly channelProblem?: ChannelProblem;
  constructor(
    readonly failure: SlackFailure,
    readonly method: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} failed: ${failure.code}`, options);
    if (PERMANENT_CHANNEL_CODES.has(failure.code)) this.channelProblem = { cause: failure.code, advice: failure.userMessage };
  }
}

interface ErrorShape {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  message?: string;
  original?: { message?: string; code?: string; data?: { error?: string } };
  statusCode?: number;
}

/** The Slack error code of a thrown Web API error: `not_in_channel`, `ratelimited`, `request_failed`… */
export function slackErrorCode(err: unknown): string {
  const e = (err ?? {}) as ErrorShape;
  if (e.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e.data?.error) return e.data.error;
  const msg = `${e.message ?? ''} ${e.original?.message ?? ''}`;
  // With retries exhausted, the client reports a 429 as a request error mentioning the rate limit.
  if (/rate limit/i.test(msg)) return 'ratelimited';
  if (e.code === 'slack_webapi_request_error') return 'request_failed';
  if (e.code === 'slack_webapi_http_error') return `http_${e.statusCode ?? 'error'}`;
  return 'unknown';
}

function channelRef(channel?: string, channelName?: string): string {
  if (channelName) return `#${channelName}`;
  return channel ? `<#${channel}>` : 'the channel';
}

/** Maps a thrown error to its code and a clear user message ("invite me to #channel first"). */
export function describeSlackError(err: unknown, where: { channel?: string; channelName?: string } = {}): SlackFailure {
  const code = slackErrorCode(err);
  const ch = channelRef(where.channel, where.channelName);
  switch (code) {
    case 'not_in_channel':
      return { code, userMessage: `I'm not in ${ch} yet — invite me first (\`/invite @paperclub\`), then try again.` };
    case 'channel_not_found':
      return { code, userMessage: `I can't see ${ch}. If it is private, invite me to it (\`/invite @paperclub\`) first.` };
    case 'is_archived':
      return { code, userMessage: `${ch} is archived; set the club up in an active channel.` };
    case 'ratelimited': {
      const retryAfterSec = (err as ErrorShape).retryAfter;
      return { code, retryAfterSec, userMessage: `Slack is rate-limiting me right now; try again in ${retryAfterSec ?? 'a few'} seconds.` };
    }
    case 'missing_scope':
    case 'not_allowed_token_type':
      return { code, userMessage: 'The Slack app is missing a permission; an admin should reinstall it from slack/manifest.yml.' };
    case 'invalid_auth':
    case 'token_revoked':
    case 'account_inactive':
      return { code, userMessage: 'The Slack token was rejected; an admin needs to check SLACK_BOT_TOKEN.' };
    default:
      return { code, userMessage: 'Slack did not accept that just now; please try again in a moment.' };
  }
}

// Failures that come from the workspace (rate limits, a removed bot, a deleted post), not from a bug of ours.
const WARN_CODES = new Set(['ratelimited', 'not_in_channel', 'channel_not_found', 'is_archived', 'message_not_found', 'cant_update_message']);

/** Logs a Web API failure with its method and context (never tokens) and returns what to tell the user. */
export function reportSlackError(logger: Logger, err: unknown, ctx: { method: string; channel?: string; channelName?: string; [k: string]: unknown }): SlackFailure {
  const failure = describeSlackError(err, ctx);
  const level = WARN_CODES.has(failure.code) ? 'warn' : 'error';
  logger[level]('slack api call failed', { ...ctx, code: failure.code, error: err instanceof Error ? err.message : String(err) });
  return failure;
}

/** Slack's answers to auth.test that retrying cannot change: the token is wrong, revoked or its workspace gone. */
const CREDENTIAL_REFUSALS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'org_login_required']);

/** A start-up failure that retrying cannot fix (see CREDENTIAL_REFUSALS), as opposed to Slack being unreachable. */
export function isCredentialRefusal(err: unknown): boolean {
  const e = (err ?? {}) as ErrorShape;
  return CREDENTIAL_REFUSALS.has(slackErrorCode(e)) || CREDENTIAL_REFUSALS.has(slackErrorCode(e.original));
}
