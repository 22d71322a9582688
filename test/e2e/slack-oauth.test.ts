import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * Installs by OAuth end to end (issue 29): the real Bolt app with its installer on the HTTP receiver, the Slack
 * stand-in as Slack (authorize page, oauth.v2.access, workspaces with their own tokens), a database file on disk.
 * Two workspaces install through the flow and run a club each, every send with its own workspace's token; one
 * uninstalls (its clubs parked, the other untouched) and installs again (its clubs resume); the tokens cannot be read
 * from the database file without the key.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/index.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { createSecretBox } from '../../src/secret-box.ts';
import { openDb, type SqliteDb } from '../../src/store/db.ts';
import { rowsOf } from '../helpers/sql.ts';
import { appUninstalledBody, signedPost, slashCommandBody, startFakeSlack, tokensRevokedBody, TEAM_ID, type FakeSlack } from './fake-slack.ts';
import { waitUntil } from './wait-until.ts';

const SECRET = 'oauth-signing-secret';
const APP = { clientId: '1111.2222', clientSecret: 'app-client-secret' };
const KEY = randomBytes(32);
const A = { team: TEAM_ID, channel: 'CCLUBA', admin: 'UBOSS' };
const B = { team: 'T0BETA', channel: 'CCLUBB', admin: 'UBOSSB' };

describe('Slack installs by OAuth', () => {
  let dir: string;
  let fake: FakeSlack;
  let db: SqliteDb;
  let core: ClubCore;
  let slack: RunningSlack;
  let scheduler: Scheduler;
  let origin: string;
  const clock = manualClock('2026-01-05T12:00:00Z');
  const log = memoryLogger();
  let seq = 0;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperclub-oauth-'));
    fake = await startFakeSlack();
    fake.addTeam({ id: B.team, name: 'Beta', channels: [B.channel] });
    fake.addUser({ id: B.admin, team: B.team, name: 'bossb', displayName: 'Boss B', isAdmin: true });
    fake.invite(A.channel, B.channel);
    clock.set('2026-01-05T12:00:00Z');
    db = openDb(join(dir, 'bot.db'));
    await loadDefaultLists(db, 'config/lists.json');
    core = new ClubCore({ db, clock, logger: log });
    slack = await startSlack({
      core,
      homeChanges: core.homeChanges,
      logger: log,
      clock,
      config: {
        signingSecret: SECRET,
        port: 0,
        host: '127.0.0.1',
        apiUrl: fake.apiUrl,
        retries: 0,
        oauth: { ...APP, stateSecret: 'state-secret', secretKey: KEY },
      },
    });
    origin = new URL(slack.url!).origin;
    fake.registerApp({ ...APP, redirectUris: [`${origin}/slack/oauth_redirect`] });
    scheduler = schedulerOf(core, { deliveries: [slack.delivery], logger: log, cron: false, sleep: async () => {} });
    await scheduler.start();
  });

  afterEach(async () => {
    await scheduler.stop();
    await slack.stop();
    await fake.stop();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A workspace admin's browser goes through the install: our install page, Slack's authorize page, our redirect. */
  async function install(team: string, user: string): Promise<string> {
    const page = await fetch(`${origin}/slack/install`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const authorize = /<a href="([^"]+)"/.exec(await page.text())![1]!;
    const back = fake.approve(authorize, { team, user });
    const done = await fetch(back, { headers: { cookie } });
    const text = await done.text();
    expect(done.status, text).toBe(200);
    return text;
  }

  async function slash(who: { team: string; channel: string; admin: string }, text: string): Promise<Record<string, unknown>> {
    const id = `cmd-${++seq}`;
    const body = slashCommandBody({ text, userId: who.admin, userName: 'boss', channel: who.channel, responseUrl: fake.responseUrl(id), team: who.team });
    expect((await signedPost(slack.url!, body, { secret: SECRET })).status).toBe(200);
    return fake.waitForResponse(id, 1, 5000);
  }

  async function event(body: string): Promise<void> {
    expect((await signedPost(slack.url!, body, { secret: SECRET, contentType: 'json' })).status).toBe(200);
  }

  /** The weekly posts (messages with the post's metadata) in a channel. */
  const postsIn = (channel: string) => (fake.messages.get(channel) ?? []).filter((m) => m.metadata?.event_type && !m.thread_ts);

  it('GIVEN two workspaces installed through the OAuth flow THEN each runs its own club with its own token; an uninstall parks one, untouched the other, and a reinstall resumes it', async () => {
    expect(await install(A.team, A.admin)).toContain('paperclub is installed in Test');
    expect(await install(B.team, B.admin)).toContain('paperclub is installed in Beta');
    const exchanges = fake.callsOf('oauth.v2.access');
    expect(exchanges).toHaveLength(2);
    const tokenOf = (team: string) => fake.calls.find((c) => c.method === 'auth.test' && c.team === team)!.token!;
    const [tokenA, tokenB] = [tokenOf(A.team), tokenOf(B.team)];
    expect(tokenA).not.toBe(tokenB);

    // Each workspace's admin sets up a club; Bolt authorizes each request with that workspace's installation.
    expect(JSON.stringify(await slash(A, 'club setup'))).toContain('Paper club started here');
    expect(JSON.stringify(await slash(B, 'club setup'))).toContain('Paper club started here');
    expect(fake.calls.filter((c) => c.method === 'users.info').map((c) => [c.args.user, c.team])).toEqual(expect.arrayContaining([[A.admin, A.team], [B.admin, B.team]]));

    // The scheduler announces both, each with its own workspace's token (sent outside any listener).
    let report = await scheduler.runDue();
    expect(report.posted).toHaveLength(2);
    expect(postsIn(A.channel)).toHaveLength(1);
    expect(postsIn(B.channel)).toHaveLength(1);
    const sent = fake.callsOf('chat.postMessage').filter((c) => c.args.metadata);
    expect(sent.map((c) => [c.args.channel, c.team])).toEqual(expect.arrayContaining([[A.channel, A.team], [B.channel, B.team]]));

    // B removes the app: Slack revokes its token and sends both events (here tokens_revoked first).
    const botB = fake.uninstall(B.team);
    await event(tokensRevokedBody({ eventId: `Ev${++seq}`, team: B.team, bot: [botB] }));
    await event(appUninstalledBody({ eventId: `Ev${++seq}`, team: B.team }));
    await waitUntil(() => !slack.installations!.has(B.team), 'B parked');
    expect(slack.installations!.has(A.team)).toBe(true);
    const clubB = await core.clubFor({ platform: 'slack', workspace: B.team, channel: B.channel });
    expect(clubB?.name).toBeTruthy(); // history kept: the club and its meeting are still there
    const clubA = await core.clubFor({ platform: 'slack', workspace: A.team, channel: A.channel });
    expect(clubA?.name).toBeTruthy();

    // A week on: A announces its next meeting; B's club waits without a single call on its dead token.
    clock.set('2026-01-08T18:00:00Z');
    const before = fake.calls.length;
    report = await scheduler.runDue();
    expect(report.posted.map((p) => p.clubId)).toEqual([clubA!.id]);
    expect(report.errors).toEqual([]);
    expect(postsIn(A.channel)).toHaveLength(2);
    expect(postsIn(B.channel)).toHaveLength(1);
    expect(fake.calls.slice(before).filter((c) => c.token === tokenB)).toEqual([]);
    expect(fake.refusals.filter((r) => r.error === 'account_inactive')).toEqual([]);

    // B installs again: a new token, and its club resumes with the meeting still owed.
    clock.set('2026-01-09T09:00:00Z');
    expect(await install(B.team, B.admin)).toContain('installed in Beta');
    await waitUntil(() => postsIn(B.channel).length === 2 || undefined, "B's resumed post", 5000);
    const newTokenB = fake.callsOf('chat.postMessage').filter((c) => c.args.channel === B.channel).at(-1)!.token;
    expect(newTokenB).not.toBe(tokenB);
    expect(log.lines.some((l) => l.msg === 'slack workspace installed the app again: its clubs resume' && l.team === B.team)).toBe(true);
    expect(postsIn(A.channel)).toHaveLength(2); // A untouched: still its two posts
  }, 30_000);

  it('GIVEN installed workspaces THEN their tokens are nowhere in the database file, and the sealed rows open only with the key', async () => {
    await install(A.team, A.admin);
    await install(B.team, B.admin);
    const tokens = [...new Set(fake.calls.filter((c) => c.method === 'auth.test').map((c) => c.token!))];
    expect(tokens).toHaveLength(2);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // Every byte of the database and its side files: no token, not even part of one.
    const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
    expect(bytes).toContain('slack_installations'); // the table is in the file
    for (const t of tokens) {
      expect(bytes).not.toContain(t);
      expect(bytes).not.toContain(t.slice(-10));
    }
    const rows = await rowsOf<{ team: string; sealed: string }>(db, 'SELECT team_id AS team, sealed FROM slack_installations ORDER BY team_id');
    expect(rows.map((r) => r.team)).toEqual([B.team, A.team].sort());
    // A wrong key, or a row's sealed value moved to another row, does not open.
    expect(() => createSecretBox(randomBytes(32)).open(rows[0]!.sealed, rows[0]!.team)).toThrow(/does not open/);
    expect(() => createSecretBox(KEY).open(rows[0]!.sealed, rows[1]!.team)).toThrow(/does not open/);
    // The key opens it: the installation with its bot token.
    const opened = rows.map((r) => JSON.parse(createSecretBox(KEY).open(r.sealed, r.team)).bot.token);
    expect(opened.sort()).toEqual([...tokens].sort());
    expect(log.lines.map((l) => JSON.stringify(l)).join('\n')).not.toMatch(new RegExp(tokens.join('|')));
  });

  it('GIVEN a workspace removed the app while its events were lost THEN the first send on its dead token parks it, once', async () => {
    await install(B.team, B.admin);
    expect(JSON.stringify(await slash(B, 'club setup'))).toContain('Paper club started here');
    fake.uninstall(B.team); // no app_uninstalled reaches the bot (it was down, say)
    const first = await scheduler.runDue();
    expect(first.posted).toEqual([]);
    expect(fake.refusals.filter((r) => r.error === 'account_inactive')).toHaveLength(1);
    await waitUntil(() => !slack.installations!.has(B.team), 'B parked');
    expect(log.lines.some((l) => l.msg === 'slack says the workspace token is dead: treating it as uninstalled' && l.code === 'account_inactive')).toBe(true);
    const again = await scheduler.runDue();
    expect(again.failed).toEqual([]);
    expect(fake.refusals.filter((r) => r.error === 'account_inactive')).toHaveLength(1); // never tried again
  });

  it('GIVEN a broken install (a state from another browser, an expired code) THEN no workspace is installed and the page says to start again', async () => {
    const page = await fetch(`${origin}/slack/install`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const authorize = /<a href="([^"]+)"/.exec(await page.text())![1]!;
    const back = fake.approve(authorize, { team: B.team, user: B.admin });
    // Another browser (no state cookie) follows the link: refused before any exchange.
    const stranger = await fetch(back);
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain('Start again');
    expect(fake.callsOf('oauth.v2.access')).toHaveLength(0);
    // The right browser after the code expired: Slack refuses the exchange (invalid_code).
    fake.ageCode(back, 11 * 60_000);
    const late = await fetch(back, { headers: { cookie } });
    expect(late.status).toBe(400);
    expect(fake.refusals).toContainEqual({ where: 'oauth.v2.access', error: 'invalid_code' });
    expect(slack.installations!.has(B.team)).toBe(false);
  });
});
