import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../src/cli/run-cli.ts';

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperclub-cli-'));
  dbPath = join(dir, 'data', 'paperclub.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { env: { PAPERCLUB_DB: dbPath }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

describe('GIVEN an empty database', () => {
  it('WHEN `lists --json` runs THEN the default lists are loaded, Latent Space first', async () => {
    const r = await cli('lists', '--json');
    expect(r.code).toBe(0);
    expect(r.json().lists.map((l: { slug: string; entryCount: number }) => [l.slug, l.entryCount])).toEqual([
      ['latent-space', 46], ['papers-read-recently', 27], ['mlcs-research-journal', 42], ['ai-research-diary', 16],
    ]);
    expect(Object.keys(r.json().lists[0]).sort()).toEqual(['entryCount', 'slug', 'source', 'title']);
  });

  it('WHEN `papers --list latent-space --json` runs THEN entries come in order with the stable shape', async () => {
    const r = await cli('papers', '--list', 'latent-space', '--json', '--limit', '3');
    expect(r.code).toBe(0);
    const body = r.json();
    expect(body.list.slug).toBe('latent-space');
    expect(body.entries.map((e: { position: number }) => e.position)).toEqual([1, 2, 3]);
    expect(Object.keys(body.entries[0]).sort()).toEqual(['blurb', 'extraLinks', 'paper', 'position', 'readMark', 'section']);
    expect(Object.keys(body.entries[0].paper).sort()).toEqual(['arxivId', 'footnote', 'id', 'key', 'kind', 'nickname', 'summary', 'title', 'url', 'year']);
    expect(body.entries[0].paper.summary).toBe('Query, Key, and Value are all you need');
  });

  it('WHEN `paper` is given a key, an id, a nickname or a typo THEN it finds the paper and its lists', async () => {
    expect((await cli('paper', '1706.03762', '--json')).json().paper.lists).toHaveLength(4);
    expect((await cli('paper', '1', '--json')).json().paper.key).toBe('1706.03762');
    expect((await cli('paper', 'lorra', '--json')).json().paper.nickname).toBe('LoRA');
    const human = await cli('paper', 'ALiBi');
    expect(human.stdout).toMatch(/Train Short, Test Long/);
    expect(human.stdout).toMatch(/on latent-space #19/);
  });

  it('WHEN `paper` matches nothing clearly THEN exit 1 with suggestions; one clear match resolves', async () => {
    const r = await cli('paper', 'diffusion', '--json');
    expect(r.code).toBe(1);
    expect(r.json().paper).toBeNull();
    expect(r.json().suggestions.length).toBeGreaterThan(1);
    // Only one title begins with these words (the other says "… Inference Scaling Laws"): the bot's rule resolves it.
    expect((await cli('paper', 'scaling', 'laws', '--json')).json().paper.key).toBe('2001.08361');
  });

  it('WHEN `search` runs THEN FTS results, any text accepted', async () => {
    const r = await cli('search', 'rotary', '--json');
    expect(r.json()).toMatchObject({ query: 'rotary', papers: [{ key: '2104.09864' }] });
    expect((await cli('search', '"NEAR(', '--json')).code).toBe(0);
  });

  it('WHEN a command is unknown or misused THEN usage and exit 2', async () => {
    expect((await cli('bogus')).code).toBe(2);
    expect((await cli('papers')).code).toBe(2);
    expect((await cli('papers', '--list', 'latent-space', '--limit', 'x')).code).toBe(2);
    const unknownList = await cli('papers', '--list', 'nope');
    expect([unknownList.code, unknownList.stderr]).toEqual([1, 'paperclub: no list "nope"; see `paperclub lists`\n']);
  });
});

describe('GIVEN `import FILE`', () => {
  it('WHEN a good file is imported twice THEN the second run changes nothing', async () => {
    const file = join(dir, 'My Papers.md');
    writeFileSync(file, '# My papers\n\n- [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685v2) great\n- [A blog](https://someone.substack.com/p/x)\n');
    const first = (await cli('import', file, '--json')).json();
    expect(first).toMatchObject({ list: { slug: 'my-papers', title: 'My papers', entryCount: 2 }, added: 2, updated: 0, removed: 0, unchanged: 0 });
    expect((await cli('import', file, '--slug', 'my-papers', '--json')).json()).toMatchObject({ added: 0, unchanged: 2 });
    // The LoRA entry joined the existing paper instead of making a second one.
    expect((await cli('paper', '2106.09685', '--json')).json().paper.lists.map((l: { slug: string }) => l.slug)).toContain('my-papers');
  });

  it.each([
    ['missing', null, /no such file/],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]), /binary file/],
    ['latin1', Buffer.from('- [Caf\xe9](https://x.example/)\n', 'latin1'), /not valid UTF-8/],
    ['huge', Buffer.alloc(1024 * 1024 + 10, 'a'), /at most 1 MiB/],
    ['empty', Buffer.from('# A title\n\nJust prose, no links.\n'), /no entries/],
  ])('WHEN the file is %s THEN one line on stderr, exit 1, and nothing written', async (name, content, message) => {
    const file = join(dir, `${name}.md`);
    if (content) writeFileSync(file, content);
    const r = await cli('import', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(dbPath)).toBe(false);
  });
});

describe('GIVEN the installed bin', () => {
  it('WHEN `npx paperclub` style invocation runs THEN it works without a build step', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/paperclub.js', ...args], { env: { ...process.env, PAPERCLUB_DB: dbPath }, encoding: 'utf8' });
    const ok = run('lists');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^latent-space\s+46 entries/);
    const bad = run('import', join(dir, 'nope.md'));
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(`paperclub: no such file: ${join(dir, 'nope.md')}`);
  });
});
