/**
 * Discord adapter bench, against the local stand-in:
 * - added latency per interaction: dispatching INTERACTION_CREATE -> the callback request arriving,
 *   with the core's own execute time measured separately and subtracted;
 * - resident memory of a bot process after READY with 100 guilds (a child process, so the figure is
 *   the bot's alone, not the bench's).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadDefaultLists } from '../src/catalog/catalog-store.ts';
import { manualClock } from '../src/clock.ts';
import { ClubCore } from '../src/dispatch/club-core.ts';
import { silentLogger } from '../src/logger.ts';
import { startDiscord } from '../src/platforms/discord/index.ts';
import type { CorePort } from '../src/platforms/discord/types.ts';
import { openDb } from '../src/store/db.ts';
import { ADMIN_PERMS, FakeDiscord } from '../test/e2e/fake-discord.ts';

type Figure = { name: string; median_ms?: number; p99_ms?: number; value?: number; unit?: string };

const CHILD_FLAG = '--discord-bench-child';
const ROUNDS = 300;
const WARMUP = 30;

function newCore(): ClubCore {
  const db = openDb(':memory:');
  loadDefaultLists(db, 'config/lists.json');
  return new ClubCore({ db, clock: manualClock('2026-11-02T12:00:00Z'), logger: silentLogger });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(3));
}

async function latency(): Promise<Figure[]> {
  const fake = new FakeDiscord({ guilds: 1 });
  await fake.start();
  const core = newCore();
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
    suggest: (req) => core.suggest(req),
    reaction: (req) => core.reaction(req),
    clubFor: (w) => core.clubFor(w),
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

/** Starts a bot in a child process against a 100-guild stand-in and reads its RSS after READY. */
async function memory(guilds = 100): Promise<Figure[]> {
  const fake = new FakeDiscord({ guilds, channelsPerGuild: 5 });
  await fake.start();
  try {
    const self = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self, CHILD_FLAG, fake.apiUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out = await new Promise<string>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => (child.kill(), reject(new Error('bench child did not report within 60 s'))), 60_000);
      child.stdout.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) {
          clearTimeout(timer);
          resolve(buf.trim());
        }
      });
      child.on('exit', (code) => code && reject(new Error(`bench child exited with ${code}`)));
    });
    child.kill();
    const { rssMb, baselineMb, heapDeltaMb, guilds: seen } = JSON.parse(out) as { rssMb: number; baselineMb: number; heapDeltaMb: number; guilds: number };
    return [
      { name: `discord: bot process RSS after READY with ${seen} guilds`, value: rssMb, unit: 'MB' },
      { name: 'discord: same process before login (core + db loaded)', value: baselineMb, unit: 'MB' },
      { name: `discord: JS heap added by the client and ${seen} guilds' cache`, value: heapDeltaMb, unit: 'MB' },
    ];
  } finally {
    await fake.stop();
  }
}

async function child(apiUrl: string): Promise<void> {
  const core = newCore();
  // Collect first so the figures are what the bot holds, not start-up garbage (tsx, list parsing).
  const mb = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return Math.round((process.memoryUsage().rss / 1e6) * 10) / 10;
  };
  const heapMb = () => Math.round((process.memoryUsage().heapUsed / 1e6) * 10) / 10;
  const baselineMb = mb();
  const heapBefore = heapMb();
  const bot = await startDiscord({ core, config: { token: 'bench', apiUrl }, logger: silentLogger });
  await new Promise((r) => setTimeout(r, 500));
  process.stdout.write(JSON.stringify({ rssMb: mb(), baselineMb, heapDeltaMb: Math.round((heapMb() - heapBefore) * 10) / 10, guilds: bot.client.guilds.cache.size }) + '\n');
  await bot.stop();
  process.exit(0);
}

/** Figures for bench/run.ts. */
export async function benchDiscord(): Promise<Figure[]> {
  return [...(await latency()), ...(await memory())];
}

if (process.argv.includes(CHILD_FLAG)) await child(process.argv[process.argv.indexOf(CHILD_FLAG) + 1]!);
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.table(await benchDiscord());
