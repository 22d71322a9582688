/** The one HTTP step both sources share: a timed request, and what a 429 / 503 asks of us. */
import { BadAnswer, RateLimited, type MetadataSource } from './types.ts';

/** `fetch` as the sources use it; tests and the stand-ins pass the global one. */
export type FetchFn = typeof fetch;

/** Identifies the bot to the services (arXiv asks API clients to say who they are). */
export const USER_AGENT = 'paperclub (https://github.com/paperclub; metadata look-ups)';

/** A request gives up after this long: the queue retries later, a command never waits on it anyway. */
const TIMEOUT_MS = 20_000;

/**
 * Sends one request and returns its body. 429 (and 503, which arXiv sends when overloaded) throws RateLimited with
 * the `Retry-After` it carried (seconds or an HTTP date, RFC 9110 §10.2.3); any other non-2xx throws BadAnswer.
 * Network failures are thrown as they come (the queue tells them apart: see isOffline).
 */
export async function request(source: MetadataSource, url: string, init: RequestInit, fetchFn: FetchFn, now: () => number = Date.now): Promise<string> {
  const res = await fetchFn(url, { ...init, headers: { 'user-agent': USER_AGENT, ...init.headers }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const body = await res.text();
  if (res.status === 429 || res.status === 503) throw new RateLimited(source, retryAfterMs(res.headers.get('retry-after'), now()));
  if (!res.ok) throw new BadAnswer(source, `HTTP ${res.status}: ${body.replace(/\s+/g, ' ').slice(0, 120)}`);
  return body;
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const h = header.trim();
  if (/^\d+$/.test(h)) return Number(h) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A failure of the network itself (no route, DNS, refused, timed out), not an answer from the service. */
export function isOffline(err: unknown): boolean {
  if (err instanceof RateLimited || err instanceof BadAnswer) return false;
  const e = err as { name?: string; code?: string; cause?: { code?: string } } | null;
  const code = e?.cause?.code ?? e?.code ?? '';
  return e?.name === 'TimeoutError' || e?.name === 'AbortError' || /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|ETIMEDOUT|UND_ERR_)/.test(code) || e?.name === 'TypeError';
}
