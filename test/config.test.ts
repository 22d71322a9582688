import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { enabledPlatforms, loadConfig } from '../src/config.ts';

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

  it('GIVEN a bad setting at start-up THEN the bot exits 2 with one readable line and never echoes the token', () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DISCORD_TOKEN: 'super-secret-token' };
    const res = spawnSync(process.execPath, ['bin/start.js'], { env, encoding: 'utf8', input: '', timeout: 30_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^paperclub: invalid configuration: DISCORD_APPLICATION_ID is required with DISCORD_TOKEN/);
    expect(res.stderr + res.stdout).not.toContain('super-secret-token');
  });
});
