/**
 * Discord adapter bench, against the local stand-in:
 * - added latency per interaction: dispatching INTERACTION_CREATE -> the callback request arriving,
 *   with the core's own execute time measured separately and subtracted;
 * - resident memory of a bot process after READY with 100 guilds (a child process, so the figure is
 *   the bot's alone, not the bench's).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefaultLists } from '../src/catalog/catalog-store.ts';
import { manualClock } from '../src/clock.ts';
import { ClubCore } from '../src/dispatch/club-core.ts';
import { silentLogger } from '../src/logger.ts';
import { startDiscord } from '../src/platforms/discord/index.ts';
import type { CorePort } from '../src/platforms/discord/types.ts';
import { openDb } from '../src/store/db.ts';
import type { BenchResult } from './stats.ts';
import { ADMIN_PERMS, FakeDiscord } from '../test/e2e/fake-discord.ts';

type Figure = BenchResult;

const ROUNDS = 300;
const WARMUP = 30;

async function newCore(): Promise<ClubCore> {
  const db = openDb(':memory:');
  await loadDefaultLists(db, 'config/lists.json');
  return new ClubCore({ db, clock: manualClock('2026-11-02T12:00:00Z'), logger: silentLogger });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(3));
}

async function latency(): Promise<Figure[]> {
  const fake = new FakeDiscord({ guilds: 1 });
  await fake.start();
  const core = await newCore();
  // Time the core's part of each interaction so the adapter's share can be told apart.
  let coreMs = 0;
  const timed: CorePort = {
    commands: core.commands,
    execute: async (req) => {
      const t = performance.now();
      const r = await core.execute(req);
      coreMs = performance.now() - t;
      return r;
    },
    runAction: (req) => core.runAction(req),
    suggest: async (req) => await core.suggest(req),
    reaction: async (req) => await core.reaction(req),
    clubFor: async (w) => await core.clubFor(w),
  };
  const bot = await startDiscord({ core: timed, config: { token: 'bench', apiUrl: fake.apiUrl }, logger: silentLogger });
  try {
    const admin = fake.addUser({ username: 'ada', permissions: ADMIN_PERMS });
    const channelId = fake.guilds[0]!.channels[0]!.id;
    const where = { platform: 'discord' as const, workspace: fake.guilds[0]!.id, channel: channelId };
    await core.execute({ where, user: { userId: admin.id, displayName: 'ada', isPlatformAdmin: true }, command: 'club setup', args: { list: 'latent-space' } });
    const total: number[] = [];
    const inCore: number[] = [];
    const added: number[] = [];
    for (let n = 0; n < ROUNDS + WARMUP; n++) {
      const since = fake.mark();
      const i = fake.slashCommand({ user: admin, channelId, path: 'paper now' });
      const cb = await fake.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${i.id}/`), { since });
      if (n < WARMUP) continue;
      const ms = cb.at - i.at;
      total.push(ms);
      inCore.push(coreMs);
      added.push(ms - coreMs);
    }
    return [
      { name: 'discord: interaction round trip (/paper now, dispatch -> callback)', median_ms: pct(total, 50), p99_ms: pct(total, 99) },
      { name: 'discord: core execute within it', median_ms: pct(inCore, 50), p99_ms: pct(inCore, 99) },
      { name: 'discord: adapter added latency (round trip - core)', median_ms: pct(added, 50), p99_ms: pct(added, 99) },
    ];
  } finally {
    await bot.stop();
    await fake.stop();
  }
}

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** VmRSS of a process from /proc, in MB (Linux). */
function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

/**
 * Runs the bot exactly as production does — `npm start` (the compiled dist/, the start script's node flags, no
 * TypeScript loader) — on a database whose lists were imported by an earlier start, and reads the bot process's
 * RSS from /proc once it is running: the median of samples over 3 s of idling. No gc is forced: production has none.
 */
async function productionRss(env: NodeJS.ProcessEnv): Promise<{ rss: number; pid: number; loaderHooks: boolean; markdownLoaded: boolean; guilds?: number }> {
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PAPERCLUB_LOG_LEVEL: 'debug', PAPERCLUB_PLAYGROUND: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  npm.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => npm.once('exit', r));
  try {
    const deadline = Date.now() + 60_000;
    while (!/paperclub running/.test(stderr)) {
      if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`bot did not start:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const info = JSON.parse(stderr.split('\n').find((l) => l.includes('"msg":"runtime"'))!) as { pid: number; loaderHooks: boolean; markdownLoaded: boolean };
    const ready = stderr.split('\n').find((l) => l.includes('"msg":"discord ready"'));
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 300));
      samples.push(rssMb(info.pid));
    }
    samples.sort((a, b) => a - b);
    return { rss: samples[5]!, pid: info.pid, loaderHooks: info.loaderHooks, markdownLoaded: info.markdownLoaded, guilds: ready ? (JSON.parse(ready) as { guilds: number }).guilds : undefined };
  } finally {
    process.kill(-npm.pid!, 'SIGTERM');
    await exited;
  }
}

/** An idle `node` with nothing loaded: the floor under any node process's RSS on this machine. */
async function bareNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1000));
  const rss = rssMb(child.pid!);
  child.kill();
  return rss;
}

/** The bot process's RSS after READY with 100 guilds, and before login (no platform: core, db, scheduler). */
async function memory(guilds = 100): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-bench-memory-'));
  const fake = new FakeDiscord({ guilds, channelsPerGuild: 5 });
  await fake.start();
  try {
    const db = join(dir, 'bot.db');
    // A first start imports the default lists; the figures are of a restart, as a deployed bot runs.
    await productionRss({ PAPERCLUB_DB: db });
    const before = await productionRss({ PAPERCLUB_DB: db });
    const bot = await productionRss({ PAPERCLUB_DB: db, DISCORD_TOKEN: 'bench', DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl });
    if (bot.loaderHooks || bot.markdownLoaded) throw new Error('the bench bot is not what production runs');
    const floor = await bareNodeRss();
    return [
      { name: `discord: bot process RSS after READY with ${bot.guilds} guilds (npm start)`, value: bot.rss, unit: 'MB', goal: '< 110', floor },
      { name: 'discord: same bot before login (no platform: core + db + scheduler)', value: before.rss, unit: 'MB', floor },
      { name: 'floor: idle bare node process', value: floor, unit: 'MB' },
    ];
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Figures for bench/run.ts. */
export async function benchDiscord(): Promise<Figure[]> {
  return [...(await latency()), ...(await memory())];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.table(await benchDiscord());
