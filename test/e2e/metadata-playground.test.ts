/**
 * The playground as a person pipes into it (`printf '/suggest …' | npm start`), the compiled bot in its own process,
 * pointed at the stand-ins with PAPERCLUB_ARXIV_URL / PAPERCLUB_S2_URL; and the same session with no network.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeArxiv } from './fake-arxiv.ts';
import type { FakeSemanticScholar } from './fake-semantic-scholar.ts';
import { DEEPSEEK, deepSeekStandIns } from './metadata-world.ts';

const ID = DEEPSEEK.id;
const TITLE = DEEPSEEK.title;

/**
 * Runs the playground on `input`; returns its output with the time (ms after start) each line appeared. With
 * `stderrUntil`, input stays open until stderr matches it (at most 30 s), as a person who waits before leaving.
 */
async function playground(input: string, env: Record<string, string>, stderrUntil?: RegExp) {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['bin/start.js'], { env: { PATH: process.env.PATH, PAPERCLUB_DB: ':memory:', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Array<{ at: number; text: string }> = [];
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    for (const text of parts) lines.push({ at: Date.now() - t0, text });
  });
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.write(input);
  for (let i = 0; stderrUntil && i < 600 && !stderrUntil.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
  child.stdin.end();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, lines, stderr, out: lines.map((l) => l.text).join('\n') };
}

describe('the playground with look-ups', () => {
  let arxiv: FakeArxiv;
  let s2: FakeSemanticScholar;
  beforeAll(async () => {
    ({ arxiv, s2 } = await deepSeekStandIns());
  });
  afterAll(async () => {
    await arxiv.close();
    await s2.close();
  });

  it('GIVEN the stand-ins WHEN /suggest https://arxiv.org/abs/<id> is piped in THEN the real title shows within a few seconds', async () => {
    const r = await playground(`/suggest https://arxiv.org/abs/${ID}\n`, { PAPERCLUB_ARXIV_URL: arxiv.url, PAPERCLUB_S2_URL: s2.url });
    expect(r.code, r.stderr).toBe(0);
    const asked = r.lines.find((l) => l.text === `> /suggest https://arxiv.org/abs/${ID}`)!;
    const titled = r.lines.find((l) => l.text.includes(`host suggested **${TITLE}** (new to the catalog)`));
    expect(titled, r.out).toBeDefined();
    // Within a few seconds: the look-up queues behind the demo post's own (arXiv takes one request every 3 s).
    expect(titled!.at - asked.at).toBeLessThan(5_000);
    expect(arxiv.requests.filter((q) => q.refused).length).toBe(0);
    expect(r.stderr).toBe('');
  }, 90_000);
});

describe('the playground with no network', () => {
  it('GIVEN the services cannot be reached THEN the session prints what it prints with look-ups off, and the log has one line about it', async () => {
    const input = `/suggest https://arxiv.org/abs/${ID}\n/paper show ${ID}\n/club vote\n:post\n`;
    // The banner names the clock's start and the vote closes two days from it (real time): what differs between runs.
    const clockless = (s: string) => s.replace(/^Clock: .*$/m, 'Clock: …').replace(/closes \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC/g, 'closes …');
    // Both at log level info, to see every line; the playground's own level (warn) would show none of them.
    const info = { PAPERCLUB_LOG_LEVEL: 'info' };
    const off = await playground(input, { ...info, PAPERCLUB_METADATA: 'off' });
    const offline = await playground(input, { ...info, PAPERCLUB_ARXIV_URL: 'http://127.0.0.1:9/api/query', PAPERCLUB_S2_URL: 'http://127.0.0.1:9/graph/v1' }, /unreachable/);
    expect(off.code).toBe(0);
    expect(offline.code).toBe(0);
    expect(clockless(offline.out)).toBe(clockless(off.out));
    const lines = (r: { stderr: string }) => r.stderr.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: string; msg: string });
    // Nothing at warn or above either way: the playground's terminal shows what it shows today.
    expect([...lines(off), ...lines(offline)].filter((l) => l.level !== 'info' && l.level !== 'debug')).toEqual([]);
    expect(lines(off).filter((l) => /metadata/.test(l.msg)).map((l) => l.msg)).toEqual(['paper metadata look-ups off (PAPERCLUB_METADATA=off): papers show what their lists say']);
    // One line more, not one per paper.
    expect(lines(offline).filter((l) => /metadata/.test(l.msg)).map((l) => l.msg)).toEqual(['paper metadata unreachable: papers show what their lists say; look-ups try again later']);
  }, 90_000);
});
