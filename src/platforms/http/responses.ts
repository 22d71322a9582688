import type { ServerResponse } from 'node:http';

/**
 * Headers on every answer of the bot's HTTP server, 404s included: the URLs carry secret tokens, so no page may pass
 * its address on (Referrer-Policy), none is indexed (X-Robots-Tag), and no body is sniffed into another type.
 */
export function commonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
}

/** A short plain-text answer (404, 405, 500): the same body for every unknown path or token, so it says nothing. */
export function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** Whether a request's If-None-Match names this ETag (then the answer is 304). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  return header?.split(',').some((t) => t.trim() === etag) ?? false;
}
