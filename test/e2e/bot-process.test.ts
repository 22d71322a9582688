/**
 * The whole bot as a user runs it: `npm start`'s entry point in its own process, configured only through the
 * environment, with Discord and Slack both on (pointed at the local stand-ins). Checks the wiring in main.ts:
 * config -> database -> core -> both adapters -> scheduler, and a clean shutdown on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMS, FakeDiscord, MEMBER_PERMS, type FakeUser } from './fake-discord.ts';
import { signedPost, slashCommandBody, startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { botDatabaseEnv, testDialect } from '../helpers/test-db.ts';
import { waitUntil } from './wait-until.ts';

const DISCORD_TOKEN = 'discord-secret-token-e2e';
const SLACK_TOKEN = 'xoxb-slack-secret-e2e';
const SIGNING_SECRET = 'signing-secret-e2e';

describe('the bot process with both platforms on', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let bot: ChildProcess;
  let dir: string;
  let dropDatabase = async () => {};
  let stderr = '';
  let stdout = '';
  let slackUrl = '';
  let admin: FakeUser;
  let alice: FakeUser;

  beforeAll(async () => {
    discord = new FakeDiscord({ guilds: 2 });
    await discord.start();
    admin = discord.addUser({ username: 'ada', permissions: ADMIN_PERMS });
    alice = discord.addUser({ username: 'alice', permissions: MEMBER_PERMS });
    slack = await startFakeSlack();
    dir = mkdtempSync(join(tmpdir(), 'paperclub-process-'));
    const database = await botDatabaseEnv(join(dir, 'bot.db'));
    dropDatabase = database.drop;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...database.env,
      PAPERCLUB_LOG_LEVEL: 'info',
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
    };
    bot = spawn(process.execPath, ['bin/start.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    bot.stdout!.on('data', (d) => (stdout += d));
    bot.stderr!.on('data', (d) => (stderr += d));
    // Ready when both adapters said so in the log.
    // Up to 60 s: on a loaded 2-core machine a cold start of the compiled bot has taken over 15 s.
    for (let i = 0; i < 1200 && !(/discord ready/.test(stderr) && /slack http receiver listening/.test(stderr)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const line = stderr.split('\n').find((l) => l.includes('slack http receiver listening'));
    if (!line) throw new Error(`bot did not start:\n${stderr}`);
    slackUrl = `http://127.0.0.1:${JSON.parse(line).port}/slack/events`;
  }, 90_000);

  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill('SIGKILL');
    await dropDatabase();
    await discord?.stop();
    await slack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN tokens in the environment THEN both platforms answer, each with its own club', async () => {
    // On the suite's PostgreSQL run the process was given PAPERCLUB_DATABASE_URL, and says it runs on it.
    const running = await waitUntil(() => stderr.split('\n').find((l) => l.includes('"paperclub running"')), 'the running line');
    expect(JSON.parse(running).database).toBe(testDialect);
    const channel = discord.guilds[0]!.channels[0]!.id;
    const setup = discord.slashCommand({ user: admin, channelId: channel, path: 'club setup', options: { timezone: 'Europe/London' } });
    expect(JSON.stringify((await discord.waitForAnswer(setup, { timeoutMs: 10_000 })).data)).toMatch(/Paper club started here/);
    const now = discord.slashCommand({ user: alice, channelId: channel, path: 'paper now' });
    expect(JSON.stringify((await discord.waitForAnswer(now, { timeoutMs: 10_000 })).data)).toMatch(/Attention Is All You Need/);

    const id = 'proc-1';
    const body = slashCommandBody({ text: 'paper lists', userId: 'UALICE', userName: 'alice', channel: 'C0CLUB', responseUrl: slack.responseUrl(id) });
    expect((await signedPost(slackUrl, body, { secret: SIGNING_SECRET })).status).toBe(200);
    expect(JSON.stringify(await slack.waitForResponse(id))).toMatch(/latent-space/);
  });

  it('GIVEN SIGTERM THEN the process stops cleanly and no secret was ever printed', async () => {
    const exited = new Promise<number | null>((r) => bot.once('exit', (code) => r(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const secret of [DISCORD_TOKEN, SLACK_TOKEN, SIGNING_SECRET]) {
      expect(stderr).not.toContain(secret);
      expect(stdout).not.toContain(secret);
    }
    expect(stderr).toMatch(/paperclub running/);
  });
});
