/**
 * `paperclub enrich [--list SLUG]` against the stand-ins of arXiv and Semantic Scholar (test/e2e/fake-*.ts), at the
 * sources' real pace: a final count, a progress line per tenth, and a run stopped half-way (Ctrl-C) that the next run
 * finishes without asking again what was answered.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import { FakeArxiv } from '../e2e/fake-arxiv.ts';
import { FakeSemanticScholar } from '../e2e/fake-semantic-scholar.ts';
import { arxivIdOf, arxivPaper, bareLinkList, s2Paper } from '../e2e/metadata-world.ts';

let dir: string;
let arxiv: FakeArxiv;
let s2: FakeSemanticScholar;
let env: Record<string, string>;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperclub-enrich-'));
  // The real pace: arXiv throttles requests closer than 3 s, as its terms of use ask.
  arxiv = new FakeArxiv({ minGapMs: 3_000 });
  s2 = new FakeSemanticScholar();
  await arxiv.start();
  await s2.start();
  env = { PAPERCLUB_DB: join(dir, 'bot.db'), PAPERCLUB_ARXIV_URL: arxiv.url, PAPERCLUB_S2_URL: s2.url };
});
afterEach(async () => {
  await arxiv.close();
  await s2.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A list file of `n` bare arXiv links, imported with the CLI. */
async function importBareList(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => arxivIdOf(i + 1));
  writeFileSync(join(dir, 'bare.md'), bareLinkList(ids));
  expect((await cli('import', join(dir, 'bare.md'), '--slug', 'bare')).code).toBe(0);
  return ids;
}

describe('paperclub enrich', () => {
  it('GIVEN a list of 120 bare links (110 on arXiv, 100 on Semantic Scholar) THEN it counts 110 found and 10 not found, in 2 + 1 requests, with progress', async () => {
    const ids = await importBareList(120);
    ids.slice(0, 110).forEach((id, i) => arxiv.addPaper(id, arxivPaper(i + 1)));
    ids.slice(0, 100).forEach((_, i) => s2.addPaper(s2Paper(i + 1)));
    const r = await cli('enrich', '--list', 'bare');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^120 papers of "bare": 110 found, 10 not found, 0 failed\. 3 requests \(arXiv 2, Semantic Scholar 1\) in \d+\.\d s\.\n$/);
    expect(r.stderr.split('\n').filter(Boolean)[0]).toBe('enrich: 0/120 papers');
    expect(r.stderr).toContain('enrich: 120/120 papers');
    expect(arxiv.requests.map((q) => q.refused)).toEqual([null, null]);
    const papers = await cli('papers', '--list', 'bare', '--limit', '1');
    expect(papers.stdout).toContain('1. A Study of Things Number 1  [2401.00001]');
    // Everything answered: a second run asks nothing.
    const again = await cli('enrich', '--list', 'bare', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ papers: 120, found: 110, 'not found': 10, failed: 0, requests: { arxiv: 0, s2: 0 } });
  }, 90_000);

  it('GIVEN look-ups off or an unknown list THEN one line says so and exit 1', async () => {
    env.PAPERCLUB_METADATA = 'off';
    expect(await cli('enrich')).toMatchObject({ code: 1, stderr: 'paperclub: look-ups are off (PAPERCLUB_METADATA=off); unset it to enrich.\n' });
    delete env.PAPERCLUB_METADATA;
    expect(await cli('enrich', '--list', 'nope')).toMatchObject({ code: 1, stderr: 'paperclub: no list "nope"; see `paperclub lists`\n' });
  });

  it('GIVEN a run stopped by Ctrl-C after its first batch THEN the next run asks only for the papers not answered yet and finishes', async () => {
    const ids = await importBareList(250);
    ids.forEach((id, i) => arxiv.addPaper(id, arxivPaper(i + 1)));
    const child = spawn(process.execPath, ['bin/paperclub.js', 'enrich', '--list', 'bare'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The first batch of 100 answered; the second waits out arXiv's 3 s.
    for (let i = 0; i < 400 && arxiv.requests.length < 1; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 700));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/^Interrupted: 250 papers of "bare": 100 found, 0 not found, 150 failed\./);
    expect(arxiv.requests).toHaveLength(1);
    const r = await cli('enrich', '--list', 'bare');
    expect(r.stdout).toMatch(/^250 papers of "bare": 250 found, 0 not found, 0 failed\./);
    // Only the 150 not answered are asked again (Semantic Scholar had answered all: not known, cached). The new run
    // may start within 3 s of the stopped one's request: arXiv then throttles it once, and it waits and tries again.
    const answered = arxiv.requests.slice(1).filter((q) => q.refused === null);
    expect(answered.flatMap((q) => q.ids)).toEqual(ids.slice(100));
    expect(s2.requests).toHaveLength(1);
  }, 60_000);
});
