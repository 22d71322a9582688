import { openTestDb } from '../helpers/test-db.ts';
import { schedulerOf } from '../helpers/scheduler-of.ts';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startDiscord, type DiscordAdapter } from '../../src/platforms/discord/index.ts';
import type { SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import { ADMIN_PERMS, FakeDiscord, MEMBER_PERMS, type FakeUser } from './fake-discord.ts';

/**
 * One test's Discord world: the stand-in with one guild, an admin and members, a fresh in-memory database with the
 * seed lists, the core at Mon 2 Nov 2026 12:00 UTC, the real discord.js adapter logged in, and a scheduler the test
 * drives (no cron). Test files add what they need on top (see discord-votes and discord-club-life).
 */
export async function discordWorld<M extends string = 'alice' | 'bob'>(
  opts: {
    members?: M[];
    scheduler?: Partial<SchedulerOptions>;
    /** More servers (fake.guilds[1…]) beside the club's. */
    guilds?: number;
    core?: Partial<ConstructorParameters<typeof ClubCore>[0]>;
  } = {},
) {
  const fake = new FakeDiscord({ guilds: opts.guilds ?? 1 });
  await fake.start();
  const guild = fake.guilds[0]!;
  const names = opts.members ?? (['alice', 'bob'] as M[]);
  const users = { admin: fake.addUser({ username: 'ada', permissions: ADMIN_PERMS }) } as Record<M | 'admin', FakeUser>;
  for (const name of names) users[name] = fake.addUser({ username: name, permissions: MEMBER_PERMS });
  const channel = guild.channels[0]!.id;
  const db = await openTestDb();
  await loadDefaultLists(db, 'config/lists.json');
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');
  const core = new ClubCore({ db, clock, logger, ...opts.core });
  const bot: DiscordAdapter = await startDiscord({ core, config: { token: 'e2e-token', apiUrl: fake.apiUrl }, logger });
  const scheduler = schedulerOf(core, { deliveries: [bot.delivery], logger, cron: false, sleep: async () => {}, ...opts.scheduler });
  return {
    fake,
    guild,
    users,
    channel,
    db,
    core,
    clock,
    logger,
    bot,
    scheduler,
    club: async () => (await core.clubFor({ platform: 'discord', workspace: guild.id, channel }))!,
    /** Runs a slash command as `user` in the club channel and returns the bot's answer. */
    async slash(user: FakeUser, path: string, options?: Record<string, unknown>) {
      return (await fake.waitForAnswer(fake.slashCommand({ user, channelId: channel, path, options }))).data;
    },
    async close() {
      await scheduler.stop();
      await bot.stop();
      await fake.stop();
      await db.close();
    },
  };
}
