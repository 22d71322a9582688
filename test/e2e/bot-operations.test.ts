/**
 * Operating the bot (issue 29), as an operator meets it: the built bot (`bin/start.js`) in its own process with
 * Discord (the stand-in, 2 shards, this process running both by DISCORD_SHARD_IDS) and PAPERCLUB_HTTP_PORT.
 * GET /healthz says ready once the database and every shard are; each log line names the process and its shards;
 * SIGTERM drains: /healthz turns 503, a command under way is answered, then the process exits 0 within 10 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMS, FakeDiscord, MEMBER_PERMS, type FakeUser } from './fake-discord.ts';
import { waitUntil } from './wait-until.ts';
import { botDatabaseEnv } from '../helpers/test-db.ts';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('operating the bot: /healthz, logs, SIGTERM drain', () => {
  let discord: FakeDiscord;
  let bot: ChildProcess;
  let dir: string;
  let dropDatabase = async () => {};
  let stderr = '';
  let port = 0;
  let admin: FakeUser;
  let alice: FakeUser;
  const healthz = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; process: string; draining: boolean; parts: Record<string, string> } };
  };

  beforeAll(async () => {
    discord = new FakeDiscord({ guilds: 4, shards: 2 });
    await discord.start();
    admin = discord.addUser({ username: 'ada', permissions: ADMIN_PERMS });
    alice = discord.addUser({ username: 'alice', permissions: MEMBER_PERMS });
    dir = mkdtempSync(join(tmpdir(), 'paperclub-ops-'));
    port = await freePort();
    const database = await botDatabaseEnv(join(dir, 'bot.db'));
    dropDatabase = database.drop;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...database.env,
      PAPERCLUB_LOG_LEVEL: 'info',
      PAPERCLUB_PROCESS_NAME: 'bot-a',
      PAPERCLUB_HTTP_PORT: String(port),
      DISCORD_TOKEN: 'discord-ops-token',
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrlFor('bot-a'),
      DISCORD_SHARD_IDS: '0-1',
      DISCORD_SHARD_COUNT: '2',
    };
    bot = spawn(process.execPath, ['bin/start.js'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    bot.stderr!.on('data', (d) => (stderr += d));
    // Two shards of one rate-limit bucket identify 5 s apart; a cold start on a loaded machine takes longer still.
    // Up once it says it runs: /healthz listens from just after the platforms are up, which "discord ready" precedes.
    await waitUntil(() => /discord ready/.test(stderr) && /paperclub running/.test(stderr), `the bot to start:\n${stderr}`, 60_000);
  }, 90_000);

  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill('SIGKILL');
    await dropDatabase();
    await discord?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN the bot is up THEN /healthz answers 200 with each part ok, and every log line names the process and its shards', async () => {
    const { status, body } = await healthz();
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, process: 'bot-a', draining: false, parts: { database: 'ok', discord: 'ok' } });
    const lines = stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l).toMatchObject({ process: 'bot-a', shards: [0, 1] });
    expect(lines.find((l) => l.msg === 'discord ready')).toMatchObject({ shards: [0, 1], shardCount: 2, guilds: 4 });
  });

  it('GIVEN a command under way WHEN SIGTERM arrives THEN /healthz turns 503 draining, the command is answered, and the process exits 0 within 10 s', async () => {
    const channel = discord.guilds[0]!.channels[0]!.id;
    const setup = discord.slashCommand({ user: admin, channelId: channel, path: 'club setup', options: {} });
    expect(JSON.stringify((await discord.waitForAnswer(setup, { timeoutMs: 10_000 })).data)).toMatch(/Paper club started here/);
    // Discord is slow to take the next answer: 3 s.
    discord.holdResponses = (r) => (r.method === 'POST' && r.path.startsWith('/interactions/') ? 3000 : null);
    const asked = discord.slashCommand({ user: alice, channelId: channel, path: 'paper now' });
    await discord.waitForCallback(asked.id, { timeoutMs: 10_000 }); // the answer is on its way, not yet taken
    const exited = new Promise<{ code: number | null; at: number }>((r) => bot.once('exit', (code) => r({ code, at: Date.now() })));
    const sent = Date.now();
    bot.kill('SIGTERM');
    await waitUntil(() => /"draining/.test(stderr), 'the drain to begin');
    const during = await healthz();
    expect(during.status).toBe(503);
    expect(during.body.draining).toBe(true);
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - sent).toBeGreaterThanOrEqual(2000); // it waited for the answer…
    expect(at - sent).toBeLessThan(10_000); // …and no longer than systemd's 10 s
    const drained = stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.msg === 'drained');
    expect(drained).toMatchObject({ process: 'bot-a' });
    expect(JSON.stringify((await discord.waitForAnswer(asked)).data)).toMatch(/Attention Is All You Need/);
  }, 90_000);
});
