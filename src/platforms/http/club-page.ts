/**
 * The club's web page (issue 28) on the bot's HTTP server, beside the calendar feeds: `GET /club/<token>` answers the
 * page the core renders, `GET /club/local-time.js` and `/club/favicon.svg` its one script and its icon. Safe by default: a Content-Security-Policy with
 * no inline script (the inline stylesheet is allowed by its hash), no referrer, no indexing, no framing; ETag and 304.
 * An unknown, rotated or switched-off token gets the same 404 as any other path. Depends only on the core.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClubCore } from '../../dispatch/club-core.ts';
import type { Logger } from '../../logger.ts';
import { CLUB_PAGE_CSS_HASH, FAVICON_SVG, LOCAL_TIME_JS } from '../../render/club-page-assets.ts';
import { matchesEtag, plain } from './responses.ts';

/** The path of a page: the token is 43 base64url characters (32 random bytes), as for feeds. */
const PAGE_PATH = /^\/club\/([A-Za-z0-9_-]{43})$/;
/** The page's files beside it: names no token can have (tokens hold no dot). */
const ASSETS = new Map(
  [
    { path: '/club/local-time.js', body: LOCAL_TIME_JS, type: 'text/javascript; charset=utf-8' },
    { path: '/club/favicon.svg', body: FAVICON_SVG, type: 'image/svg+xml' },
  ].map((a) => {
    const body = Buffer.from(a.body, 'utf8');
    return [a.path, { body, type: a.type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }] as const;
  }),
);

/** The policy of every page: nothing loads but the same-origin script and the hashed inline stylesheet. */
export const CLUB_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src ${CLUB_PAGE_CSS_HASH}`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');


/** Whether the path is one of the club page's (the caller answers every other path). */
export function isClubPagePath(path: string): boolean {
  return ASSETS.has(path) || PAGE_PATH.test(path);
}

/** Answers a request for a club page path (see isClubPagePath). */
export async function answerClubPage(core: Pick<ClubCore, 'clubPage'>, req: IncomingMessage, res: ServerResponse, path: string, logger: Logger): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method not allowed\n');
  }
  const asset = ASSETS.get(path);
  if (asset) return send(req, res, { ...asset, cache: 'public, max-age=86400' });
  const page = await core.clubPage(PAGE_PATH.exec(path)![1]!);
  // An unknown, rotated or switched-off token: the same 404 as any other path, so nothing is learnt from it.
  if (!page) return plain(res, 404, 'Not found\n');
  res.setHeader('Content-Security-Policy', CLUB_PAGE_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // private: the URL is a secret, so shared caches keep no copy; no-cache: always asked again (a 304 when unchanged).
  send(req, res, { body: Buffer.from(page.html, 'utf8'), etag: page.etag, type: 'text/html; charset=utf-8', cache: 'private, no-cache' });
  logger.debug('club page served', { method: req.method, bytes: Buffer.byteLength(page.html) });
}

function send(req: IncomingMessage, res: ServerResponse, a: { body: Buffer; etag: string; type: string; cache: string }): void {
  res.setHeader('ETag', a.etag);
  res.setHeader('Cache-Control', a.cache);
  if (matchesEtag(req.headers['if-none-match'], a.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', a.type);
  res.setHeader('Content-Length', a.body.length);
  res.end(req.method === 'HEAD' ? undefined : a.body);
}
