/**
 * The stand-ins' hosting rules (issue 29), checked with raw requests and raw gateway sockets: Discord's sharding
 * (routing by the IDENTIFY shard, DMs on shard 0, refused shards, the identify rate limit) and Slack's OAuth v2
 * and uninstall. Each rule cites its source in the stand-in and in docs/platform-contract.md.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord, MEMBER_PERMS, shardOf } from './fake-discord.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { waitUntil } from './wait-until.ts';

/** A raw gateway session: HELLO, IDENTIFY with `shard`, and every dispatch or close it gets. */
async function session(fake: FakeDiscord, shard: [number, number]) {
  const ws = new WebSocket(`ws://127.0.0.1:${fake.port}/gateway/?v=10&encoding=json`);
  const got: Array<{ op: number; t?: string; d: any }> = [];
  let closed: number | null = null;
  ws.on('message', (raw) => got.push(JSON.parse(String(raw))));
  ws.on('close', (code) => (closed = code));
  await waitUntil(() => got.some((p) => p.op === 10), 'HELLO');
  ws.send(JSON.stringify({ op: 2, d: { token: 't', intents: 1 | (1 << 10), properties: {}, shard } }));
  return {
    got,
    closed: () => closed,
    dispatches: (t: string) => got.filter((p) => p.op === 0 && p.t === t),
    close: () => ws.close(),
  };
}

describe('the Discord stand-in shards as Discord does', () => {
  let fake: FakeDiscord;
  afterEach(async () => fake.stop());

  it('GIVEN two sessions of 2 shards THEN each gets READY and GUILD_CREATE for its own servers, a server\'s events reach its shard only, and DM events shard 0 only', async () => {
    fake = new FakeDiscord({ guilds: 6, shards: 2, identifyWindowMs: 0 });
    await fake.start();
    const bot = await (await fetch(`${fake.apiUrl}/v10/gateway/bot`)).json();
    expect(bot).toMatchObject({ shards: 2, session_start_limit: { max_concurrency: 1 } });
    const s0 = await session(fake, [0, 2]);
    const s1 = await session(fake, [1, 2]);
    await waitUntil(() => s0.dispatches('READY').length && s1.dispatches('READY').length, 'READY on both');
    const mine = (s: number) => fake.guilds.filter((g) => shardOf(g.id, 2) === s).map((g) => g.id).sort();
    expect(s0.dispatches('READY')[0]!.d.guilds.map((g: any) => g.id).sort()).toEqual(mine(0));
    expect(s1.dispatches('READY')[0]!.d.shard).toEqual([1, 2]);
    await waitUntil(() => s1.dispatches('GUILD_CREATE').length === mine(1).length || undefined, 'guilds of shard 1');
    expect(s1.dispatches('GUILD_CREATE').map((p) => p.d.id).sort()).toEqual(mine(1));

    const user = fake.addUser({ username: 'alice', permissions: MEMBER_PERMS });
    const onShard1 = fake.guilds.find((g) => shardOf(g.id, 2) === 1)!;
    fake.reaction({ user, channelId: onShard1.channels[0]!.id, messageId: '1', emoji: '✅', added: true });
    fake.dmButtonClick({ user, messageId: '2', customId: 'x' });
    await waitUntil(() => s1.dispatches('MESSAGE_REACTION_ADD').length && s0.dispatches('INTERACTION_CREATE').length, 'the two events');
    expect(s0.dispatches('MESSAGE_REACTION_ADD')).toEqual([]);
    expect(s1.dispatches('INTERACTION_CREATE')).toEqual([]);
    s0.close();
    s1.close();
  });

  it.each([
    ['a shard id not below the count', { shards: 2 }, [2, 2] as [number, number], 4010],
    ['one shard for more servers than a shard may hold', { shards: 2, maxGuildsPerShard: 3 }, [0, 1] as [number, number], 4011],
    ['a large bot\'s count that is not a multiple of its shard number', { shards: 2, shardMultiple: 2 }, [0, 3] as [number, number], 4010],
  ])('GIVEN %s THEN the gateway closes the session with %s', async (_what, rules, shard, code) => {
    fake = new FakeDiscord({ guilds: 6, ...rules });
    await fake.start();
    const s = await session(fake, shard);
    await waitUntil(() => s.closed(), 'the close');
    expect(s.closed()).toBe(code);
    expect(s.dispatches('READY')).toEqual([]);
  });

  it('GIVEN a second IDENTIFY of the same rate-limit bucket within 5 s THEN it gets Invalid Session (op 9), and the next bucket may identify at once', async () => {
    fake = new FakeDiscord({ guilds: 4, shards: 4, maxConcurrency: 2 });
    await fake.start();
    const first = await session(fake, [0, 4]);
    const sameBucket = await session(fake, [2, 4]); // 2 % 2 = 0, like shard 0
    const otherBucket = await session(fake, [1, 4]);
    await waitUntil(() => sameBucket.got.some((p) => p.op === 9) && otherBucket.dispatches('READY').length, 'both answers');
    expect(first.dispatches('READY')).toHaveLength(1);
    expect(sameBucket.dispatches('READY')).toEqual([]);
    expect(sameBucket.got.find((p) => p.op === 9)!.d).toBe(false);
    expect(fake.gatewayOps.invalidSession).toBe(1);
    for (const s of [first, sameBucket, otherBucket]) s.close();
  });
});

describe('the Slack stand-in installs by OAuth as Slack does', () => {
  let fake: FakeSlack;
  afterEach(async () => fake.stop());
  const app = { clientId: '1.2', clientSecret: 'secret', redirectUris: ['https://bot.example.org/slack/oauth_redirect'] };
  const access = async (args: Record<string, string>) => (await (await fetch(`${fake.apiUrl}oauth.v2.access`, { method: 'POST', body: new URLSearchParams(args) })).json()) as any;
  const call = async (method: string, token: string, args: Record<string, string> = {}) =>
    (await (await fetch(`${fake.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new URLSearchParams(args) })).json()) as any;
  const authorize = (extra = '') => `http://127.0.0.1:${fake.port}/oauth/v2/authorize?scope=chat:write,commands&client_id=1.2&state=s1${extra}`;

  it('GIVEN an approved install THEN the code gives the workspace\'s bot token once, and the token speaks for that workspace only', async () => {
    fake = await startFakeSlack();
    fake.registerApp(app);
    fake.addTeam({ id: 'T0B', name: 'Beta', channels: ['CB'] });
    fake.invite('CB', 'CCLUB');
    const back = new URL(fake.approve(authorize(), { team: 'T0B', user: 'UB' }));
    expect(back.origin + back.pathname).toBe(app.redirectUris[0]);
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code')!;
    expect(await access({ client_id: '1.2', client_secret: 'wrong', code })).toEqual({ ok: false, error: 'bad_client_secret' });
    expect(await access({ client_id: '9.9', client_secret: 'secret', code })).toEqual({ ok: false, error: 'invalid_client_id' });
    const ok = await access({ client_id: '1.2', client_secret: 'secret', code });
    expect(ok).toMatchObject({ ok: true, token_type: 'bot', scope: 'chat:write,commands', team: { id: 'T0B', name: 'Beta' }, authed_user: { id: 'UB' }, is_enterprise_install: false });
    expect(ok.access_token).toMatch(/^xoxb-/);
    expect(await access({ client_id: '1.2', client_secret: 'secret', code })).toEqual({ ok: false, error: 'invalid_code' }); // once
    expect(await call('auth.test', ok.access_token)).toMatchObject({ ok: true, team_id: 'T0B', user_id: ok.bot_user_id });
    expect(await call('chat.postMessage', ok.access_token, { channel: 'CB', text: 'hi' })).toMatchObject({ ok: true });
    expect(await call('chat.postMessage', ok.access_token, { channel: 'CCLUB', text: 'hi' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await call('auth.test', 'xoxb-made-up')).toEqual({ ok: false, error: 'invalid_auth' });
    // Scopes the install did not grant: missing_scope.
    expect(await call('users.info', ok.access_token, { user: 'UB' })).toMatchObject({ ok: false, error: 'missing_scope', needed: 'users:read' });
    // Removed from the workspace: the token is dead.
    fake.uninstall('T0B');
    expect(await call('chat.postMessage', ok.access_token, { channel: 'CB', text: 'hi' })).toEqual({ ok: false, error: 'account_inactive' });
  });

  it('GIVEN a redirect_uri THEN it must be one of the app\'s, and the exchange must repeat it; a code past 10 minutes is invalid', async () => {
    fake = await startFakeSlack();
    fake.registerApp(app);
    expect(() => fake.approve(authorize('&redirect_uri=https://evil.example.org/cb'), { team: 'T0TEAM', user: 'UBOSS' })).toThrow(/bad_redirect_uri/);
    const withUri = new URL(fake.approve(authorize(`&redirect_uri=${encodeURIComponent(app.redirectUris[0]!)}`), { team: 'T0TEAM', user: 'UBOSS' }));
    const code = withUri.searchParams.get('code')!;
    expect(await access({ client_id: '1.2', client_secret: 'secret', code })).toEqual({ ok: false, error: 'bad_redirect_uri' });
    const late = fake.approve(authorize(), { team: 'T0TEAM', user: 'UBOSS' });
    fake.ageCode(late, 10 * 60_000 + 1000);
    expect(await access({ client_id: '1.2', client_secret: 'secret', code: new URL(late).searchParams.get('code')! })).toEqual({ ok: false, error: 'invalid_code' });
    const unknownScope = new URL(fake.approve(authorize().replace('scope=chat:write', 'scope=admin'), { team: 'T0TEAM', user: 'UBOSS' }));
    expect(unknownScope.searchParams.get('error')).toBe('invalid_scope');
  });
});
