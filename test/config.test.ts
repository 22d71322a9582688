import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { enabledPlatforms, loadConfig, secretKeyBytes, shardPlan, slackOAuth } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('GIVEN nothing set THEN defaults apply and only the playground runs', () => {
    const cfg = loadConfig({});
    expect(cfg.PAPERCLUB_DB).toBe('./data/paperclub.db');
    expect(cfg.PAPERCLUB_GRACE_HOURS).toBe(24);
    expect(enabledPlatforms(cfg)).toEqual({ discord: false, slack: false, playground: true });
  });

  it('GIVEN blank lines copied from .env.example THEN they count as unset', () => {
    expect(enabledPlatforms(loadConfig({ DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '', PORT: '' }))).toMatchObject({ discord: false, slack: false });
  });

  it('GIVEN Slack Socket Mode or HTTP tokens THEN Slack runs and the playground does not', () => {
    expect(enabledPlatforms(loadConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp' }))).toEqual({ discord: false, slack: true, playground: false });
    expect(enabledPlatforms(loadConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_SIGNING_SECRET: 's' })).slack).toBe(true);
  });

  it.each([
    [{ PAPERCLUB_DEFAULT_CRON: '99 * * * *' }, /PAPERCLUB_DEFAULT_CRON\/TIMEZONE: "99 \* \* \* \*" is not a schedule I can read/],
    [{ PAPERCLUB_DEFAULT_TIMEZONE: 'Nowhere/Land' }, /not a time zone I know/],
    [{ DISCORD_TOKEN: 'secret-abc' }, /DISCORD_APPLICATION_ID is required with DISCORD_TOKEN/],
    [{ SLACK_BOT_TOKEN: 'xoxb-secret' }, /needs SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET \(HTTP\)/],
    [{ PAPERCLUB_GRACE_HOURS: 'soon' }, /PAPERCLUB_GRACE_HOURS/],
    [{ DISCORD_API_URL: 'not a url' }, /DISCORD_API_URL/],
  ])('GIVEN a bad setting %j THEN one clear error naming it', (env, re) => {
    expect(() => loadConfig(env)).toThrow(re);
  });

  const OAUTH = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'ss', SLACK_SIGNING_SECRET: 'sig' };
  const KEY = Buffer.alloc(32, 7).toString('base64');

  it('GIVEN the OAuth settings, a signing secret and a key THEN Slack runs with installs by OAuth', () => {
    const cfg = loadConfig({ ...OAUTH, PAPERCLUB_SECRET_KEY: KEY });
    expect(slackOAuth(cfg)).toBe(true);
    expect(enabledPlatforms(cfg).slack).toBe(true);
    expect(secretKeyBytes(KEY)).toEqual(Buffer.alloc(32, 7));
    expect(secretKeyBytes(Buffer.alloc(32, 7).toString('hex'))).toEqual(Buffer.alloc(32, 7));
  });

  it.each([
    [{ ...OAUTH }, /need PAPERCLUB_SECRET_KEY .*openssl rand -base64 32/],
    [{ ...OAUTH, PAPERCLUB_SECRET_KEY: 'short' }, /PAPERCLUB_SECRET_KEY must be 32 random bytes/],
    [{ ...OAUTH, PAPERCLUB_SECRET_KEY: Buffer.alloc(31).toString('base64') }, /PAPERCLUB_SECRET_KEY must be 32 random bytes/],
    [{ SLACK_CLIENT_ID: '1.2', SLACK_SIGNING_SECRET: 'sig' }, /need all of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/],
    [{ ...OAUTH, PAPERCLUB_SECRET_KEY: 'x'.repeat(43) + '=', SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_BOT_TOKEN is for one workspace/],
    [{ ...OAUTH, SLACK_SIGNING_SECRET: '' }, /need SLACK_SIGNING_SECRET/],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', DISCORD_SHARD_IDS: '0-1' }, /DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT go together/],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', DISCORD_SHARD_IDS: '2', DISCORD_SHARD_COUNT: '2' }, /names shard 2, but shards are numbered 0 to 1/],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', DISCORD_SHARDS: 'auto', DISCORD_SHARD_COUNT: '2' }, /DISCORD_SHARDS=auto picks the shard count itself/],
    [{ DISCORD_SHARD_IDS: 'zero', DISCORD_SHARD_COUNT: '2' }, /DISCORD_SHARD_IDS: a list of shard ids/],
  ])('GIVEN hosting settings that do not fit %j THEN one clear error naming what to set', (env, re) => {
    expect(() => loadConfig(env)).toThrow(re);
  });

  it('GIVEN a bad PAPERCLUB_SECRET_KEY THEN its value is never in the error', () => {
    const secret = 'not-a-key-but-still-secret-value';
    expect(() => loadConfig({ ...OAUTH, PAPERCLUB_SECRET_KEY: secret })).toThrow(/PAPERCLUB_SECRET_KEY/);
    try {
      loadConfig({ ...OAUTH, PAPERCLUB_SECRET_KEY: secret });
    } catch (err) {
      expect(String(err)).not.toContain(secret);
    }
  });

  it('GIVEN shard ids as ranges THEN they become a sorted list; auto and none are plans too', () => {
    const cfg = loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', DISCORD_SHARD_IDS: '4-5, 0', DISCORD_SHARD_COUNT: '8' });
    expect(shardPlan(cfg)).toEqual({ kind: 'ids', ids: [0, 4, 5], count: 8 });
    expect(shardPlan(loadConfig({ DISCORD_SHARDS: 'auto' }))).toEqual({ kind: 'auto' });
    expect(shardPlan(loadConfig({}))).toEqual({ kind: 'none' });
  });

  it('GIVEN a bad setting at start-up THEN the bot exits 2 with one readable line and never echoes the token', () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DISCORD_TOKEN: 'super-secret-token' };
    const res = spawnSync(process.execPath, ['bin/start.js'], { env, encoding: 'utf8', input: '', timeout: 60_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^paperclub: invalid configuration: DISCORD_APPLICATION_ID is required with DISCORD_TOKEN/);
    expect(res.stderr + res.stdout).not.toContain('super-secret-token');
  });
});
