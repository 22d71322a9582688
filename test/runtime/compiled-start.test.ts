/**
 * `npm start` and `npx paperclub` as a user runs them after `npm install`: the compiled dist/ under plain node,
 * with no TypeScript loader in the running process and V8's young generation capped for a long-running bot.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-runtime-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `npm start` with no platform (a quiet bot: core, database, scheduler) and reads its debug lines. */
async function startBot(db = join(dir, 'bot.db')): Promise<{ info: Record<string, any>; stderr: () => string; stop: () => Promise<number | null> }> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PAPERCLUB_DB: db, PAPERCLUB_LOG_LEVEL: 'debug', PAPERCLUB_PLAYGROUND: 'off' };
  // Its own process group, so the test can end npm and the bot under it together.
  const npm = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  npm.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
  const deadline = Date.now() + 60_000;
  while (!/paperclub running/.test(stderr)) {
    if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`bot did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const line = stderr.split('\n').find((l) => l.includes('"msg":"runtime"'));
  if (!line) throw new Error(`no runtime line:\n${stderr}`);
  return {
    info: JSON.parse(line),
    stderr: () => stderr,
    stop: async () => {
      process.kill(-npm.pid!, 'SIGTERM');
      return exited;
    },
  };
}

describe('the compiled start', () => {
  it('GIVEN npm start THEN the bot runs dist/ JavaScript with plain node, no loader hooks, and the young generation capped', async () => {
    const bot = await startBot();
    try {
      expect(bot.info.entry).toMatch(/\/dist\/main\.js$/);
      expect(bot.info.loaderHooks).toBe(false);
      expect(bot.info.execArgv.join(' ')).not.toMatch(/tsx|--import|--loader/);
      expect(bot.info.execArgv).toContain('--max-semi-space-size=2');
    } finally {
      await bot.stop();
    }
  }, 90_000);

  it('GIVEN the lists were imported on a first start THEN a second start never loads the markdown stack', async () => {
    const db = join(dir, 'lists.db');
    const first = await startBot(db);
    await first.stop();
    expect(first.info.markdownLoaded).toBe(true);
    const second = await startBot(db);
    await second.stop();
    expect(second.info.markdownLoaded).toBe(false);
  }, 150_000);

  it('GIVEN the playground run from the TypeScript loader THEN the same line reports loader hooks (the check can fail)', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, PAPERCLUB_DB: join(dir, 'tsx.db'), PAPERCLUB_LOG_LEVEL: 'debug', PAPERCLUB_PLAYGROUND: 'on' },
      input: '',
      encoding: 'utf8',
      timeout: 80_000,
    });
    const line = res.stderr.split('\n').find((l) => l.includes('"msg":"runtime"'));
    expect(line, res.stderr).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ loaderHooks: true });
  }, 90_000);

  it('GIVEN npx paperclub THEN the CLI runs from dist/ and answers', () => {
    const res = spawnSync('npx', ['--offline', 'paperclub', 'lists'], { env: { ...process.env, PAPERCLUB_DB: join(dir, 'cli.db') }, encoding: 'utf8', timeout: 80_000 });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/latent-space\s+\d+ entries/);
  }, 90_000);
});
