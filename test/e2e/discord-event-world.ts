import { openTestDb } from '../helpers/test-db.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import type { Where } from '../../src/club/types.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startDiscord, type DiscordAdapter } from '../../src/platforms/discord/index.ts';
import { startMeetingEventSync, type MeetingEventSync } from '../../src/platforms/discord/scheduled-events.ts';
import { FakeDiscord } from './fake-discord.ts';

/** The server owner, as the core sees them (a platform admin). */
export const EVENT_ADMIN: UserRef = { userId: '100', displayName: 'ada', isPlatformAdmin: true };

type SyncOptions = Omit<Parameters<typeof startMeetingEventSync>[0], 'client' | 'core' | 'logger'>;

/**
 * The world of the scheduled-event tests: the stand-in with one guild (`prepare` adds channels or permissions
 * before it starts), a club database in a file, the core at Mon 2 Nov 2026 12:00 UTC posting 6 days ahead, the real
 * discord.js adapter, and the event sync with a long interval (the test runs each pass). `boot` and `shutdown`
 * restart the bot on the same database, as after a crash; `core`, `bot` and `sync` are the current ones.
 */
export async function discordEventWorld(opts: { name: string; prepare?: (fake: FakeDiscord) => void; sync?: Partial<SyncOptions>; deliveries?: boolean }) {
  const fake = new FakeDiscord({ guilds: 1 });
  opts.prepare?.(fake);
  await fake.start();
  const where: Where = { platform: 'discord', workspace: fake.guilds[0]!.id, channel: fake.guilds[0]!.channels[0]!.id, channelName: 'paper-club' };
  const dir = mkdtempSync(join(tmpdir(), `paperclub-${opts.name}-`));
  const db = await openTestDb();
  await loadDefaultLists(db, 'config/lists.json');
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');
  // Discord's own clock (external events start and end by it) is the world's.
  fake.now = () => clock().getTime();
  const w = {
    fake,
    where,
    db,
    logger,
    clock,
    core: null as unknown as ClubCore,
    bot: null as unknown as DiscordAdapter,
    sync: null as unknown as MeetingEventSync,
    async boot() {
      w.core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 6 * 24 * 60 } });
      w.bot = await startDiscord({ core: w.core, config: { token: 'e2e-token', apiUrl: fake.apiUrl }, logger });
      if (opts.deliveries) w.core.links.connect(w.bot.delivery);
      w.sync = startMeetingEventSync({ client: w.bot.client, core: w.core, logger, intervalMs: 3_600_000, ...opts.sync });
      w.core.links.connectMeetingEvents('discord', w.sync.port); // as main.ts does
    },
    async shutdown() {
      w.sync.stop();
      await w.bot.stop();
    },
    /** `/club setup` as the owner: the Latent Space list, Wednesdays 17:00 UTC. */
    setupClub: () => w.core.execute({ where, user: EVENT_ADMIN, command: 'club setup', args: { list: 'latent-space', when: 'wed 17:00', timezone: 'UTC' } }),
    /** The club's next meeting announced at its time: begun, delivered by `deliver` (default: recorded as message '1'), completed. */
    async announceNext(deliver?: (begun: NonNullable<Awaited<ReturnType<ClubCore['beginPost']>>>) => Promise<{ channel: string; messageId: string }>) {
      const club = (await w.core.clubFor(where))!;
      const next = (await w.core.nextAnnouncement(club))!;
      clock.set(next.slotAt - club.announceLeadMinutes * 60_000);
      const begun = (await w.core.beginPost(club.id, next.slotAt))!;
      const sent = deliver ? await deliver(begun) : { channel: where.channel, messageId: '1' };
      await w.core.completePost(club.id, next.slotAt, sent);
      return { next, sent };
    },
    /** The stand-in's events of the guild. */
    events: () => fake.guildEvents(where.workspace),
    async close() {
      await w.shutdown();
      await fake.stop();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await w.boot();
  return w;
}
