/**
 * main.ts wiring of the club page in the playground: the real bot process (compiled, as `npm start` runs it) with
 * only PAPERCLUB_HTTP_PORT set serves the demo club's page on 127.0.0.1 and prints its URL at start.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../e2e/wait-until.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-page-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('club page in the playground process', () => {
  it('GIVEN only PAPERCLUB_HTTP_PORT THEN the playground prints the demo club\'s page URL on 127.0.0.1 and serves it; /paper now links it', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PAPERCLUB_DB: join(dir, 'page.db'), PAPERCLUB_HTTP_PORT: String(port) };
    const child = spawn(process.execPath, ['bin/start.js'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    try {
      const url = await waitUntil(() => new RegExp(`^Club page: (http://127\\.0\\.0\\.1:${port}/club/[A-Za-z0-9_-]{43})$`, 'm').exec(out)?.[1], 'the page URL', 30_000);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<h1>#paper-club</h1>');
      child.stdin.write('/paper now\n');
      await waitUntil(() => out.includes(`Club page (schedule, history, reading list): ${url}`), '/paper now with the page link', 30_000);
    } finally {
      child.stdin.end();
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, err).toBe(0);
    expect(err).toBe('');
  }, 60_000);
});
