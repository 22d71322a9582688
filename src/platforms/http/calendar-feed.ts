/**
 * The subscribable calendar feeds (issue 11): `GET /calendar/<token>.ics` over plain node:http, for calendars that
 * subscribe by URL (Google "From URL", Apple "Calendar Subscription", Outlook "Subscribe from web") and re-fetch on
 * their own schedule. Serves that route (GET and HEAD) and the club pages (club-page.ts, issue 28), nothing else;
 * the tokens are the only secrets and are never logged. Depends only on the core.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClubCore } from '../../dispatch/club-core.ts';
import type { Logger } from '../../logger.ts';
import type { Health } from './health.ts';
import { answerClubPage, isClubPagePath } from './club-page.ts';
import { commonHeaders, matchesEtag, plain } from './responses.ts';

/** The path of a feed: the token is 43 base64url characters (32 random bytes). */
const FEED_PATH = /^\/calendar\/([A-Za-z0-9_-]{43})\.ics$/;

/** How long calendars and proxies may reuse an answer before asking again (with If-None-Match). */
const MAX_AGE_SECONDS = 900;

/** A running feed server. */
export interface CalendarFeedServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the bot's HTTP server on `port` (0: any free one) at `host` (default all interfaces, as a public service):
 * GET /healthz when `health` is given (health.ts), the calendar feeds when `core` is (PAPERCLUB_PUBLIC_URL set).
 */
export async function startCalendarFeed(opts: {
  core?: Pick<ClubCore, 'calendarFeed' | 'clubPage'>;
  health?: Health;
  port: number;
  host?: string;
  logger: Logger;
}): Promise<CalendarFeedServer> {
  const logger = opts.logger.child({ part: 'http' });
  const server: Server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      if (opts.health && path === '/healthz') {
        await opts.health.answer(req, res);
        return;
      }
      commonHeaders(res);
      if (!opts.core) return plain(res, 404, 'Not found\n');
      if (isClubPagePath(path)) await answerClubPage(opts.core, req, res, path, logger);
      else await answer(opts.core, req, res, logger);
    } catch (err) {
      logger.error('http request failed', { err });
      if (!res.headersSent) plain(res, 500, 'Internal error\n');
      else res.destroy();
    }
  });
  // A feed answer is small and immediate: slow or idle clients are cut off early.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(opts.core ? 'calendar feeds and club pages served' : 'http endpoints served', { port, healthz: Boolean(opts.health) });
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(core: Pick<ClubCore, 'calendarFeed'>, req: IncomingMessage, res: ServerResponse, logger: Logger): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const match = FEED_PATH.exec(path);
  if (!match) return plain(res, 404, 'Not found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method not allowed\n');
  }
  const feed = await core.calendarFeed(match[1]!);
  // An unknown, rotated or removed club's token: the same 404 as any other path, so nothing is learnt from it.
  if (!feed) return plain(res, 404, 'Not found\n');
  res.setHeader('ETag', feed.etag);
  // private: the URL is a secret, so shared caches keep no copy.
  res.setHeader('Cache-Control', `private, max-age=${MAX_AGE_SECONDS}`);
  if (matchesEtag(req.headers['if-none-match'], feed.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = Buffer.from(feed.ics, 'utf8');
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
  logger.debug('calendar feed served', { method: req.method, bytes: body.length });
}
