/**
 * main.ts wiring of the bot's HTTP server: the real bot process (compiled, as `npm start` runs it) serves the
 * calendar link `/club calendar-link` prints in the playground (PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL), and
 * with only PAPERCLUB_HTTP_PORT the playground serves its demo club's page on 127.0.0.1 and prints its URL at start.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../e2e/wait-until.ts';
import { freePort } from '../../helpers/free-port.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-feed-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bot as `npm start` runs it, with only these variables; its output so far, lines to type, and its end. */
function startBot(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['bin/start.js'], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const seen = { out: '', err: '' };
  child.stdout.on('data', (d) => (seen.out += d));
  child.stderr.on('data', (d) => (seen.err += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    seen,
    type: (line: string) => child.stdin.write(`${line}\n`),
    /** Ends the playground's input; the process stops by itself. */
    end: async () => {
      child.stdin.end();
      return closed;
    },
  };
}

describe('the HTTP server in the bot process', () => {
  it('GIVEN PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL THEN the printed calendar link is served as text/calendar, and the process stops cleanly', async () => {
    const port = await freePort();
    const bot = startBot({ PAPERCLUB_DB: join(dir, 'feed.db'), PAPERCLUB_PLAYGROUND: 'on', PAPERCLUB_HTTP_PORT: String(port), PAPERCLUB_PUBLIC_URL: 'https://cal.example.org' });
    try {
      bot.type('/club calendar-link');
      const url = await waitUntil(() => /https:\/\/cal\.example\.org\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(bot.seen.out)?.[0], 'the calendar link', 60_000);
      const res = await fetch(url.replace('https://cal.example.org', `http://127.0.0.1:${port}`));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(await res.text()).toMatch(/^BEGIN:VCALENDAR/);
    } finally {
      expect(await bot.end(), bot.seen.err).toBe(0);
    }
    expect(bot.seen.err).toBe('');
  }, 60_000);

  it("GIVEN only PAPERCLUB_HTTP_PORT THEN the playground prints the demo club's page URL on 127.0.0.1 and serves it; /paper now links it", async () => {
    const port = await freePort();
    const bot = startBot({ PAPERCLUB_DB: join(dir, 'page.db'), PAPERCLUB_HTTP_PORT: String(port) });
    try {
      const url = await waitUntil(() => new RegExp(`^Club page: (http://127\\.0\\.0\\.1:${port}/club/[A-Za-z0-9_-]{43})$`, 'm').exec(bot.seen.out)?.[1], 'the page URL', 60_000);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<h1>#paper-club</h1>');
      bot.type('/paper now');
      await waitUntil(() => bot.seen.out.includes(`Club page (schedule, history, reading list): ${url}`), '/paper now with the page link', 60_000);
    } finally {
      expect(await bot.end(), bot.seen.err).toBe(0);
    }
    expect(bot.seen.err).toBe('');
  }, 60_000);
});
