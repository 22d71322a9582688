/**
 * main.ts wiring of the calendar feed: the real bot process (compiled, as `npm start` runs it) with
 * PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL serves the link `/club calendar-link` prints in the playground.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../e2e/wait-until.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-feed-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('calendar feed in the bot process', () => {
  it('GIVEN PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL THEN the printed link is served as text/calendar, and the process stops cleanly', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      PAPERCLUB_DB: join(dir, 'feed.db'),
      PAPERCLUB_PLAYGROUND: 'on',
      PAPERCLUB_HTTP_PORT: String(port),
      PAPERCLUB_PUBLIC_URL: 'https://cal.example.org',
    };
    const child = spawn(process.execPath, ['bin/start.js'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    try {
      child.stdin.write('/club calendar-link\n');
      const url = await waitUntil(() => /https:\/\/cal\.example\.org\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(out)?.[0], 'the calendar link', 30_000);
      const res = await fetch(url.replace('https://cal.example.org', `http://127.0.0.1:${port}`));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(await res.text()).toMatch(/^BEGIN:VCALENDAR/);
    } finally {
      child.stdin.end();
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, err).toBe(0);
    expect(err).toBe('');
  }, 60_000);
});
