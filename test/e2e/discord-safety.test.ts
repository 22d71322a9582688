import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * No mass pings from user text, end to end: the real discord.js client of the bot and the real scheduler, against
 * the local Discord stand-in, with a reading list whose first paper is titled with "@everyone" and "@here".
 * Every message body the bot sends over REST (weekly post, call for a presenter, presenter reminder, slash-command
 * replies) must carry allowed_mentions that cannot ping @everyone, @here or a role (issue 15).
 */
import { openTestDb } from '../helpers/test-db.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startDiscord, type DiscordAdapter } from '../../src/platforms/discord/index.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { type Db } from '../../src/store/db.ts';
import { ADMIN_PERMS, FakeDiscord, MEMBER_PERMS, type FakeUser, type RecordedRequest } from './fake-discord.ts';

const PING_TITLE = '@everyone Attention @here Is All You Need';
const LIST = [
  `1. **[${PING_TITLE}](https://arxiv.org/abs/1706.03762):** The transformer, @everyone should read it.`,
  '2. **[Deep Residual Learning for Image Recognition @here](https://arxiv.org/abs/1512.03385):** ResNets.',
  '3. **[Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980):** The optimiser.',
].join('\n\n');

const WED_17 = Date.parse('2026-11-04T17:00:00Z');
const WEEK = 7 * 24 * 3_600_000;

/** What a REST request would put in a channel: the message body, or an interaction response's data. */
function messageOf(r: RecordedRequest): Record<string, any> | null {
  if (r.method !== 'POST' && r.method !== 'PATCH') return null;
  const body = r.path.startsWith('/interactions/') ? r.body?.data : r.body;
  if (!body || typeof body !== 'object') return null;
  return 'content' in body || 'embeds' in body ? body : null;
}

describe('Discord: paper titles and user text never mass-ping', () => {
  let fake: FakeDiscord;
  let db: Db;
  let core: ClubCore;
  let bot: DiscordAdapter;
  let scheduler: Scheduler;
  let dir: string;
  let admin: FakeUser, alice: FakeUser;
  let channel: string;
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');

  const slash = async (user: FakeUser, path: string, options?: Record<string, unknown>) => {
    const i = fake.slashCommand({ user, channelId: channel, path, options });
    return (await fake.waitForAnswer(i)).data;
  };

  beforeAll(async () => {
    fake = new FakeDiscord({ guilds: 1 });
    await fake.start();
    admin = fake.addUser({ username: 'ada', permissions: ADMIN_PERMS });
    // DMs closed: her reminder falls back to the channel, pinging her alone.
    alice = fake.addUser({ username: 'alice', permissions: MEMBER_PERMS, dmClosed: true });
    channel = fake.guilds[0]!.channels[0]!.id;
    dir = mkdtempSync(join(tmpdir(), 'paperclub-discord-safety-'));
    db = await openTestDb();
    await importList(db, { slug: 'pings', markdown: `# Papers\n\n${LIST}\n`, now: 0 });
    core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 0 } }); // posts at the meeting time
    bot = await startDiscord({ core, config: { token: 'safety-token', apiUrl: fake.apiUrl }, logger });
    scheduler = schedulerOf(core, { deliveries: [bot.delivery], logger, clock, cron: false, sleep: async () => {}, retry: { attempts: 1 } });
    await scheduler.start();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await bot?.stop();
    await fake?.stop();
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a paper titled "@everyone … @here …" THEN every post, call for a presenter, notice, reminder and reply the bot sends carries allowed_mentions that ping no one but the presenter', async () => {
    const setup = await slash(admin, 'club setup', { list: 'pings', when: '0 17 * * 3', timezone: 'UTC' });
    expect(JSON.stringify(setup)).toMatch(/Paper club started|started/i);
    const from = fake.mark();

    // Call for a presenter (nobody signed up for week 1), then the weekly post, from the real scheduler.
    clock.set(WED_17 - 47 * 3_600_000);
    expect((await scheduler.runDue()).reminders).toMatchObject([{ kind: 'call-for-presenter' }]);
    // The discussion thread cannot be made (missing permissions): the post stands and the club gets a notice.
    fake.failWith = (r) => (r.method === 'POST' && r.path.endsWith('/threads') ? { status: 403, code: 50013, message: 'Missing Permissions' } : null);
    clock.set(WED_17 + 30_000);
    expect((await scheduler.runDue()).posted).toMatchObject([{ number: 1 }]);
    fake.failWith = null;

    // Replies that show the title, and a note whose user text tries to ping.
    await slash(alice, 'paper now');
    await slash(alice, 'paper upcoming');
    await slash(alice, 'signup');
    await slash(alice, 'note', { paper: 'https://arxiv.org/abs/1706.03762', text: '@everyone @here <@&123456789012345678> read this' });

    // Alice presents week 2 and has closed her DMs: the reminder goes to the channel.
    clock.set(WED_17 + WEEK - 47 * 3_600_000);
    expect((await scheduler.runDue()).reminders).toMatchObject([{ kind: expect.stringMatching(/^presenter:/) }]);

    const sent = fake.requests.slice(from).flatMap((r) => {
      const m = messageOf(r);
      return m ? [{ what: `${r.method} ${r.path}`, text: JSON.stringify([m.content ?? '', m.embeds ?? []]), allowed: m.allowed_mentions }] : [];
    });
    // The texts that could ping really went out: the test would see a missing allowed_mentions on them.
    const withPing = sent.filter((s) => s.text.includes('@everyone'));
    expect(withPing.length).toBeGreaterThanOrEqual(4);
    const callForPresenter = sent.find((s) => s.text.includes('Nobody has signed up'));
    expect(callForPresenter?.text).toContain(PING_TITLE);
    expect(sent.find((s) => s.text.includes('⚠️ Paper club: I am missing permissions'))).toBeDefined();
    const channelReminder = sent.find((s) => s.text.includes('Reminder: you') && s.text.includes(`<@${alice.id}>`));
    expect(channelReminder).toBeDefined();

    for (const s of sent) {
      expect({ what: s.what, allowed: s.allowed }).toEqual({ what: s.what, allowed: expect.objectContaining({ parse: [] }) });
      expect({ what: s.what, roles: s.allowed.roles ?? [] }).toEqual({ what: s.what, roles: [] });
      // Only a presenter may be pinged, and only by id.
      expect({ what: s.what, users: (s.allowed.users ?? []).filter((u: string) => u !== alice.id) }).toEqual({ what: s.what, users: [] });
    }
    expect(channelReminder!.allowed).toEqual({ parse: [], users: [alice.id] });
  });
});
