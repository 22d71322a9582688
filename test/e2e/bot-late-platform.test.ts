/**
 * The bot process when Slack cannot be reached at start-up: it runs without Slack, tries again with growing waits,
 * and connects once Slack answers, with nothing left unhandled. Real Bolt, the compiled bot (`npm start`'s entry).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signedPost, slashCommandBody, startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { waitUntil } from './wait-until.ts';
import { botDatabaseEnv } from '../helpers/test-db.ts';

const SIGNING_SECRET = 'signing-secret-late';

describe('the bot process with Slack unreachable at start-up', () => {
  let slack: FakeSlack | null = null;
  let bot: ChildProcess | null = null;
  let dir = '';
  let dropDatabase = async () => {};
  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill('SIGKILL');
    await dropDatabase();
    await slack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN Slack down when the bot starts THEN the bot keeps trying and answers on Slack once it is up', async () => {
    // The address Slack will answer on, closed for now.
    const probe = await startFakeSlack();
    const { port, apiUrl } = { port: probe.port, apiUrl: probe.apiUrl };
    await probe.stop();
    dir = mkdtempSync(join(tmpdir(), 'paperclub-late-'));
    let stderr = '';
    const database = await botDatabaseEnv(join(dir, 'bot.db'));
    dropDatabase = database.drop;
    bot = spawn(process.execPath, ['bin/start.js'], {
      env: { PATH: process.env.PATH, ...database.env, PAPERCLUB_LOG_LEVEL: 'info', SLACK_BOT_TOKEN: 'xoxb-late', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stderr!.on('data', (d) => (stderr += d));
    // Up to 60 s: a cold start of the compiled bot on a loaded 2-core machine has taken over 15 s.
    await waitUntil(() => /slack failed to start; retrying/.test(stderr), 'the first failure', 60_000);
    await waitUntil(() => /paperclub running/.test(stderr), 'the bot running without Slack', 60_000);
    slack = await startFakeSlack(port);
    await waitUntil(() => /slack http receiver listening/.test(stderr), 'Slack connected after a retry', 60_000);
    const line = stderr.split('\n').find((l) => l.includes('slack http receiver listening'))!;
    const url = `http://127.0.0.1:${JSON.parse(line).port}/slack/events`;
    const body = slashCommandBody({ text: 'paper lists', userId: 'UALICE', userName: 'alice', channel: 'C0CLUB', responseUrl: slack.responseUrl('late-1') });
    expect((await signedPost(url, body, { secret: SIGNING_SECRET })).status).toBe(200);
    expect(JSON.stringify(await slack.waitForResponse('late-1'))).toMatch(/latent-space/);
    expect(stderr).toMatch(/"msg":"slack started"/);
    expect(stderr).not.toMatch(/unhandled rejection/);
    expect(stderr).not.toContain('xoxb-late');
  }, 120_000);
});
