import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Starts the real bot (playground mode, empty stdin) with extra environment; returns its exit and output. */
function start(env: Record<string, string>) {
  const db = join(dir, `db-${Math.random().toString(36).slice(2)}.db`);
  return spawnSync(process.execPath, ['bin/start.js'], {
    env: { PATH: process.env.PATH, PAPERCLUB_DB: db, ...env },
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
  });
}

/** What a child process wrote on stderr and its exit code, once it has closed. */
async function endOf(child: ChildProcess): Promise<{ stderr: string; code: number | null }> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { stderr, code };
}

describe('start-up refuses bad configuration in one line', () => {
  const goodList = file('good.md', '# Good list\n\n1. [LoRA](https://arxiv.org/abs/2106.09685)\n');
  it.each([
    ['a missing PAPERCLUB_LISTS file', { PAPERCLUB_LISTS: join(dir, 'none.json') }, /^paperclub: PAPERCLUB_LISTS=\S+none\.json: no such file\.$/],
    ['a list config that is not JSON', { PAPERCLUB_LISTS: file('broken.json', '{nope') }, /^paperclub: PAPERCLUB_LISTS=\S+broken\.json: cannot read list config .*JSON/],
    [
      'a list file that does not exist',
      { PAPERCLUB_LISTS: file('missing-file.json', JSON.stringify({ lists: [{ slug: 'gone', file: 'gone.md' }] })) },
      /^paperclub: PAPERCLUB_LISTS=\S+: list 'gone': no such file \S+gone\.md$/,
    ],
    [
      'a list file that cannot be parsed',
      { PAPERCLUB_LISTS: file('binary.json', JSON.stringify({ lists: [{ slug: 'bin', file: 'bin.md' }] })), _: file('bin.md', Buffer.from([0, 1, 2, 3, 0, 0])) },
      /^paperclub: PAPERCLUB_LISTS=\S+binary\.json: \S+bin\.md is a binary file, not a markdown list$/,
    ],
    [
      'a default list that names no loaded list',
      { PAPERCLUB_LISTS: file('good.json', JSON.stringify({ lists: [{ slug: 'good', file: goodList }] })), PAPERCLUB_DEFAULT_LIST: 'nope' },
      /^paperclub: PAPERCLUB_DEFAULT_LIST=nope names no loaded list \(loaded: good\)\.$/,
    ],
    ['an abbreviation as the default zone', { PAPERCLUB_DEFAULT_TIMEZONE: 'EST' }, /^paperclub: invalid configuration: PAPERCLUB_DEFAULT_CRON\/TIMEZONE: EST is an abbreviation; use a region such as America\/New_York\.$/],
    ['two bad settings', { PAPERCLUB_GRACE_HOURS: 'soon', PORT: '-1' }, /^paperclub: invalid configuration: PAPERCLUB_GRACE_HOURS: .*; PORT: .*$/],
  ])('GIVEN %s THEN exit 2 with one line naming it and no stack trace', (_what, env, re) => {
    const res = start(env);
    expect(res.status, res.stderr).toBe(2);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines, res.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(re);
    expect(res.stderr + res.stdout).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
  }, 60_000);

  it('GIVEN a good list config and default list THEN the bot starts (the playground banner) and exits 0 at end of input', () => {
    const res = start({ PAPERCLUB_LISTS: file('ok.json', JSON.stringify({ lists: [{ slug: 'good', file: goodList }] })), PAPERCLUB_DEFAULT_LIST: 'good' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/paperclub playground .* following good/);
  }, 60_000);
});

describe('the playground and a closed pipe', () => {
  it('GIVEN a reader that closes the pipe before the banner THEN the bot stops with 0 and nothing on stderr', async () => {
    const child = spawn(process.execPath, ['bin/start.js'], {
      env: { PATH: process.env.PATH, PAPERCLUB_DB: join(dir, 'pipe.db') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    child.stdin.write('/paper now\n:post\n');
    expect(await endOf(child)).toEqual({ stderr: '', code: 0 });
  }, 60_000);
});

describe('the CLI and a closed pipe', () => {
  it('GIVEN a reader that closes the pipe before the output THEN the CLI exits 0 with nothing on stderr', async () => {
    const child = spawn(process.execPath, ['bin/paperclub.js', 'papers', '--list', 'latent-space', '--limit', '500'], {
      env: { PATH: process.env.PATH, PAPERCLUB_DB: join(dir, 'cli.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the CLI (which takes a moment to start) writes anything: its first write meets EPIPE.
    child.stdout.destroy();
    expect(await endOf(child)).toEqual({ stderr: '', code: 0 });
  }, 60_000);

  it('GIVEN `paperclub papers … | head -3` in a shell THEN three lines and the CLI exits 0', () => {
    const res = spawnSync('bash', ['--norc', '--noprofile', '-c', 'set -o pipefail; node bin/paperclub.js papers --list latent-space --limit 500 | head -3'], {
      env: { PATH: process.env.PATH, PAPERCLUB_DB: join(dir, 'cli2.db') },
      encoding: 'utf8',
      input: '',
      timeout: 60_000,
    });
    expect(res.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(res.status).toBe(0);
    expect(res.stdout.trimEnd().split('\n')).toHaveLength(3);
  }, 60_000);
});
