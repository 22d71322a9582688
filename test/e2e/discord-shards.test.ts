import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * Discord sharding end to end (issue 29): the real discord.js client against the stand-in with 20 servers, which —
 * like Discord for a bot of that size — wants 2 shards (at most 10 servers a shard here, 2,500 on Discord) and, as a
 * "large bot", a shard count that is a multiple of 2. Two bot processes (two cores and adapters on one database,
 * each with its own tagged API address) run shard 0 and shard 1: each sees and answers only its own servers,
 * and its scheduler posts only there, every club exactly once between them.
 */
import { openTestDb } from '../helpers/test-db.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { isCredentialRefusal, startDiscord, type DiscordAdapter, type DiscordConfig } from '../../src/platforms/discord/index.ts';
import { type Db } from '../../src/store/db.ts';
import { ADMIN_PERMS, FakeDiscord, shardOf, type FakeUser } from './fake-discord.ts';

const GUILDS = 20;

/** The stand-in of a 20-server bot: 2 shards recommended, at most 10 servers a shard, counts a multiple of 2 (or any: largeBot false). */
async function shardedDiscord(largeBot = true): Promise<FakeDiscord> {
  const fake = new FakeDiscord({ guilds: GUILDS, shards: 2, maxGuildsPerShard: 10, shardMultiple: largeBot ? 2 : null });
  await fake.start();
  return fake;
}

/** One bot process: its own core and discord.js client (requests tagged `tag`), and a scheduler it drives. */
async function botProcess(fake: FakeDiscord, db: Db, clock: ReturnType<typeof manualClock>, tag: string, shards: DiscordConfig['shards']) {
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger });
  const bot: DiscordAdapter = await startDiscord({ core, config: { token: 'e2e-token', apiUrl: fake.apiUrlFor(tag), ...(shards ? { shards } : {}) }, logger });
  const scheduler = schedulerOf(core, { deliveries: [bot.delivery], logger, cron: false, sleep: async () => {} });
  return { tag, core, bot, scheduler, logger };
}

describe('Discord shards', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('GIVEN 20 servers over 2 shards run by two processes THEN each sees, answers and posts in its own shard\'s servers only, and every club gets its post exactly once', async () => {
    const fake = await shardedDiscord();
    cleanup.push(() => fake.stop());
    const db = await openTestDb();
    cleanup.push(async () => db.close());
    await loadDefaultLists(db, 'config/lists.json');
    const clock = manualClock('2026-11-02T12:00:00Z');
    const admin: FakeUser = fake.addUser({ username: 'ada', permissions: ADMIN_PERMS });
    const procs = [await botProcess(fake, db, clock, 'p0', { ids: [0], count: 2 }), await botProcess(fake, db, clock, 'p1', { ids: [1], count: 2 })];
    for (const p of procs) cleanup.push(async () => (await p.scheduler.stop(), await p.bot.stop()));

    // Each process's gateway session is its shard's, and its cache holds exactly that shard's servers.
    const byShard = [0, 1].map((s) => fake.guilds.filter((g) => shardOf(g.id, 2) === s).map((g) => g.id).sort());
    expect(byShard[0]!.length + byShard[1]!.length).toBe(GUILDS);
    expect(byShard[0]!.length).toBeGreaterThan(0);
    expect(byShard[1]!.length).toBeGreaterThan(0);
    expect(fake.identifies.map((i) => [i.client, i.shard])).toEqual(expect.arrayContaining([['p0', [0, 2]], ['p1', [1, 2]]]));
    expect([...procs[0]!.bot.client.guilds.cache.keys()].sort()).toEqual(byShard[0]);
    expect([...procs[1]!.bot.client.guilds.cache.keys()].sort()).toEqual(byShard[1]);
    // The second IDENTIFY of the one rate-limit bucket (max_concurrency 1) within 5 s got Invalid Session and waited.
    const [first, second] = [...fake.identifies].sort((a, b) => a.at - b.at);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(fake.sharding.identifyWindowMs);

    // An admin sets a club up in every server: the command reaches only the owning shard's process, which answers.
    for (const guild of fake.guilds) {
      const answer = await fake.waitForAnswer(fake.slashCommand({ user: admin, channelId: guild.channels[0]!.id, path: 'club setup', options: { list: 'latent-space' } }), { timeoutMs: 10_000 });
      expect(answer.data.content ?? JSON.stringify(answer.data.embeds)).toMatch(/Paper club started here/);
    }
    expect(await procs[0]!.core.listClubs()).toHaveLength(GUILDS); // one database: both see every club

    // Both schedulers run at once: each announces its own servers' meetings; together every club once.
    const reports = await Promise.all(procs.map((p) => p.scheduler.runDue()));
    for (const [i, report] of reports.entries()) {
      expect(report.errors).toEqual([]);
      const clubs = await procs[i]!.core.listClubs();
      const guildsPosted = report.posted.map((p) => clubs.find((c) => c.id === p.clubId)!.workspace).sort();
      expect(guildsPosted).toEqual(byShard[i]);
    }
    for (const guild of fake.guilds) {
      const posts = (fake.messages.get(guild.channels[0]!.id) ?? []).filter((m) => m.author.id === fake.bot.id && m.embeds?.length);
      expect(posts, `weekly posts in ${guild.name}`).toHaveLength(1);
    }
    // Running again posts nothing more (exactly once), whichever process runs.
    expect((await procs[1]!.scheduler.runDue()).posted).toEqual([]);

    // Every request about a server came from the process whose shard holds it.
    const aboutServers = fake.requests.filter((r) => r.guildId !== null);
    expect(aboutServers.length).toBeGreaterThan(GUILDS * 2);
    for (const r of aboutServers) expect(`${r.method} ${r.path} from ${r.client}`).toBe(`${r.method} ${r.path} from p${shardOf(r.guildId!, 2)}`);
    // Its log lines say which shard the process runs.
    expect(procs[1]!.logger.lines.find((l) => l.msg === 'weekly post sent')).toMatchObject({ shards: [1], shardCount: 2 });
  }, 90_000);

  it('GIVEN DISCORD_SHARDS=auto THEN one process runs the 2 shards Discord recommends and serves all 20 servers', async () => {
    const fake = await shardedDiscord();
    cleanup.push(() => fake.stop());
    const db = await openTestDb();
    cleanup.push(async () => db.close());
    const p = await botProcess(fake, db, manualClock('2026-11-02T12:00:00Z'), 'auto', 'auto');
    cleanup.push(() => p.bot.stop());
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(p.bot.client.guilds.cache.size).toBe(GUILDS);
    expect(fake.guilds.every((g) => p.bot.delivery.serves!(g.id))).toBe(true);
    expect(p.logger.lines.find((l) => l.msg === 'discord ready')).toMatchObject({ shards: [0, 1], shardCount: 2, guilds: GUILDS });
  }, 90_000);

  it.each([
    ['one connection for 20 servers (over 10 a shard)', false, { ids: [0], count: 1 }, /Sharding is required/, 'shardingRequired'],
    ['a large bot\'s count that is not a multiple of its assigned 2', true, { ids: [0], count: 3 }, /Invalid shard/, 'invalidShard'],
    ['a shard id past the count', false, { ids: [2], count: 2 }, /Invalid shard/, 'invalidShard'],
  ] as const)('GIVEN %s THEN Discord closes the gateway and start-up fails for good, with the reason', async (_what, largeBot, shards, reason, counter) => {
    const fake = await shardedDiscord(largeBot);
    cleanup.push(() => fake.stop());
    const db = await openTestDb();
    cleanup.push(async () => db.close());
    const core = new ClubCore({ db, clock: manualClock('2026-11-02T12:00:00Z'), logger: memoryLogger() });
    const err = await startDiscord({ core, config: { token: 'e2e-token', apiUrl: fake.apiUrl, shards: { ids: [...shards.ids], count: shards.count } }, logger: memoryLogger() }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(reason);
    expect(isCredentialRefusal(err)).toBe(true); // not retried: the operator must fix DISCORD_SHARD_COUNT
    expect(fake.gatewayOps[counter]).toBe(1);
    expect(fake.gatewayOps.identify).toBe(0);
  }, 90_000);
});
