import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * End to end: the real discord.js client of the bot, over the real club core and a temp-file SQLite
 * database, connected to the local Discord stand-in through its REST base URL (DISCORD_API_URL).
 * Every test starts its own stand-in, database and client (shared helpers, no shared state), so each can run
 * alone; the stand-in refuses what Discord refuses, and a refusal the test did not ask for fails it.
 */
import { openTestDb } from '../helpers/test-db.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { nextSlot } from '../../src/calendar/cron-slots.ts';
import type { Where } from '../../src/club/types.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { deployCommands } from '../../src/platforms/discord/deploy-commands.ts';
import { startDiscord, type DiscordAdapter } from '../../src/platforms/discord/index.ts';
import { ADMIN_PERMS, BOT_PERMS, FakeDiscord, MEMBER_PERMS, PERM, type FakeUser } from './fake-discord.ts';
import { rowOf, rowsOf, valuesOf } from '../helpers/sql.ts';
import { sequenceOf } from '../../src/store/clubs.ts';
import { parkedClub } from '../../src/store/health.ts';
import { addNote } from '../../src/store/notes.ts';
import { waitUntil } from './wait-until.ts';

const EPHEMERAL = 64;

/** Everything a person reads in a message: content, embed titles, descriptions and fields. */
const textOf = (data: any): string =>
  [data.content ?? '', ...(data.embeds ?? []).map((e: any) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f: any) => `${f.name}: ${f.value}`).join('\n')}`)].join('\n');

/** One test's world: a fresh stand-in (one guild, two channels), database, core and bot, plus helpers. */
async function startWorld() {
  const fake = new FakeDiscord({ guilds: 1 });
  await fake.start();
  const guild = fake.guilds[0]!;
  const users = {
    admin: fake.addUser({ username: 'ada', permissions: ADMIN_PERMS }),
    alice: fake.addUser({ username: 'alice', permissions: MEMBER_PERMS }),
    bob: fake.addUser({ username: 'bob', permissions: MEMBER_PERMS }),
    carol: fake.addUser({ username: 'carol', permissions: MEMBER_PERMS }),
  };
  const channel = guild.channels[0]!.id;
  const second = guild.channels[1]!.id;
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-discord-'));
  const db = await openTestDb();
  await loadDefaultLists(db, 'config/lists.json');
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');
  const core = new ClubCore({ db, clock, logger });
  // As main.ts: the adapter's delivery joins the core (notices, channel checks), also after a restart.
  const start = async () => {
    const started = await startDiscord({ core, config: { token: 'e2e-token', apiUrl: fake.apiUrl }, logger });
    core.links.connect(started.delivery);
    return started;
  };
  let bot: DiscordAdapter = await start();
  /** Refusal codes a test arranged on purpose; any other refusal fails the test in afterEach. */
  const expectedRefusals = new Set<number>();

  const w = {
    fake,
    guild,
    users,
    channel,
    second,
    db,
    logger,
    clock,
    core,
    expectedRefusals,
    get bot() {
      return bot;
    },
    where: (ch = channel): Where => ({ platform: 'discord', workspace: guild.id, channel: ch }),
    club: async (ch = channel) => (await core.clubFor(w.where(ch)))!,
    async restart() {
      await bot.stop();
      bot = await start();
    },
    /** Runs a slash command through the gateway and returns Discord's view of the answer. */
    async slash(user: FakeUser, path: string, options?: Record<string, unknown>, ch = channel) {
      return (await fake.waitForAnswer(fake.slashCommand({ user, channelId: ch, path, options }))).data;
    },
    memberId: async (u: FakeUser) => (await rowOf(db, 'SELECT id FROM members WHERE platform = ? AND user_id = ?', 'discord', u.id) as { id: number } | undefined)?.id,
    readMarks: async (u: FakeUser) => await rowsOf(db, 'SELECT paper_id AS paperId, via FROM read_marks WHERE member_id = ?', (await w.memberId(u)) ?? -1) as Array<{ paperId: number; via: string }>,
    presentingCount: async (u: FakeUser) => (await rowOf(db, 'SELECT count(*) AS n FROM sign_ups WHERE member_id = ?', (await w.memberId(u)) ?? -1) as { n: number }).n,
    async until(cond: () => boolean | Promise<boolean>, what: string) {
      await waitUntil(cond, what);
    },
    /** Sets the club up in a channel as a server admin (the bot has its default permissions there). */
    async setupClub(ch = channel) {
      const r = await w.slash(users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' }, ch);
      expect(r.flags ?? 0).not.toBe(EPHEMERAL);
      return await w.club(ch);
    },
    /** Publishes the next weekly post of the channel's club (beginPost -> postMeeting -> completePost). */
    async publishPost(ch = channel) {
      const club = await w.club(ch);
      const slot = nextSlot(club.cron, club.timezone, clock().getTime());
      const begun = (await core.beginPost(club.id, slot))!;
      const since = fake.mark();
      const posted = await bot.delivery.postMeeting(club, begun.post);
      await core.completePost(club.id, slot, posted);
      const message = fake.messages.get(ch)!.find((m) => m.id === posted.messageId)!;
      const [signup, read] = message.components[0].components.map((b: any) => b.custom_id as string);
      return { slot, begun, posted, since, signup: signup as string, read: read as string, paperId: begun.meeting.paperId! };
    },
    async close() {
      await bot.stop();
      await fake.stop();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return w;
}
type World = Awaited<ReturnType<typeof startWorld>>;

describe('Discord end to end', () => {
  let w: World;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    const unexpected = w.fake.refusals.filter((r) => !w.expectedRefusals.has(r.code));
    const logs = JSON.stringify(w.logger.lines);
    await w.close();
    expect(unexpected).toEqual([]);
    expect(logs).not.toContain('e2e-token'); // the token never reaches the logs
  });

  it('GIVEN an admin THEN /club setup and /club settings set the club up, publicly, and record who set it up', async () => {
    const setup = await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    expect(setup.flags ?? 0).not.toBe(EPHEMERAL);
    expect(textOf(setup)).toMatch(/Paper club started here/);
    expect(setup.allowed_mentions).toEqual({ parse: [] });
    expect(await parkedClub(w.db, (await w.club()).id)).toBeNull();
    expect((await w.club()).setupBy).toBe(w.users.admin.id);
    await w.slash(w.users.admin, 'club settings', { presenters: 2 });
    expect((await w.club()).presentersPerMeeting).toBe(2);
  });

  it('GIVEN a channel where the bot lacks permissions WHEN an admin runs /club setup THEN only they read "missing permissions: …" and the club waits', async () => {
    w.fake.setBotPermissions(w.channel, BOT_PERMS & ~PERM.embedLinks & ~PERM.createPublicThreads);
    await w.until(() => !w.bot.client.channels.cache.get(w.channel)!.isDMBased() && !(w.bot.client.channels.cache.get(w.channel) as any).permissionsFor(w.bot.client.user).has(PERM.embedLinks), 'the overwrite to reach the client');
    const setup = await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    expect(setup.flags).toBe(EPHEMERAL);
    expect(textOf(setup)).toContain("I'm missing permissions in #paper-club: Embed Links, Create Public Threads.");
    expect(await parkedClub(w.db, (await w.club()).id)).toMatchObject({ cause: 'missing-permissions', told: true });

    // The server admin grants them; the next admin command finds the channel usable and answers in public.
    w.fake.setBotPermissions(w.channel, BOT_PERMS);
    await w.until(() => (w.bot.client.channels.cache.get(w.channel) as any).permissionsFor(w.bot.client.user).has(PERM.embedLinks), 'the grant to reach the client');
    const again = await w.slash(w.users.admin, 'club schedule', { when: '0 18 * * 3', timezone: 'UTC' });
    expect(again.flags ?? 0).not.toBe(EPHEMERAL);
    expect(await parkedClub(w.db, (await w.club()).id)).toBeNull();
  });

  it('GIVEN a member THEN an admin command is refused privately and nothing changes', async () => {
    const before = await w.setupClub();
    const data = await w.slash(w.users.alice, 'club pause');
    expect(data.flags).toBe(EPHEMERAL);
    expect(textOf(data)).toContain('/club pause is for club admins');
    expect((await w.club()).paused).toBe(before.paused);
  });

  it('GIVEN the commands deployed and a club admin who cannot manage the server THEN /club is visible to them and /club skip works', async () => {
    await deployCommands({ commands: w.core.commands, token: 'e2e-token', applicationId: w.fake.applicationId, apiUrl: w.fake.apiUrl, guildId: w.guild.id, logger: w.logger });
    await w.setupClub();
    expect(textOf(await w.slash(w.users.admin, 'club admin', { member: { user: w.users.carol } }))).toMatch(/carol/);
    // carol has only MEMBER_PERMS: a Manage Server gate would hide /club from her (the stand-in throws then).
    const skip = await w.slash(w.users.carol, 'club skip');
    expect(skip.flags ?? 0).not.toBe(EPHEMERAL);
    expect(textOf(skip)).toMatch(/skip/i);
    expect(await valuesOf(w.db, `SELECT status FROM meetings WHERE club_id = ?`, (await w.club()).id)).toEqual(['skipped']);
  });

  it('GIVEN a club THEN /paper now answers in public with the first paper of the list', async () => {
    await w.setupClub();
    const data = await w.slash(w.users.alice, 'paper now');
    expect(data.flags ?? 0).not.toBe(EPHEMERAL);
    expect(textOf(data)).toContain('Attention Is All You Need');
  });

  it('GIVEN a partial title THEN autocomplete suggests matching papers (at most 25)', async () => {
    await w.setupClub();
    const i = w.fake.slashCommand({ user: w.users.alice, channelId: w.channel, path: 'paper show', options: { paper: 'lora' }, focused: 'paper' });
    const cb = await w.fake.waitForCallback(i.id);
    expect(cb.body.type).toBe(8);
    const choices = cb.body.data.choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.some((c) => /lora/i.test(c.name))).toBe(true);
    // The chosen value runs the command.
    const shown = await w.slash(w.users.alice, 'paper show', { paper: choices[0]!.value });
    expect(textOf(shown)).toMatch(/lora/i);
  });

  it('GIVEN members THEN /signup claims a week and /withdraw frees it (signup group)', async () => {
    await w.setupClub();
    const signed = await w.slash(w.users.bob, 'signup');
    expect(textOf(signed)).toMatch(/bob will present/);
    expect(await w.presentingCount(w.users.bob)).toBe(1);
    await w.slash(w.users.alice, 'signup');
    expect(await w.presentingCount(w.users.alice)).toBe(1);
    await w.slash(w.users.alice, 'withdraw');
    expect(await w.presentingCount(w.users.alice)).toBe(0);
  });

  it('GIVEN a paper THEN /read, /note, /notes and /progress work (reading group)', async () => {
    await w.setupClub();
    const i = w.fake.slashCommand({ user: w.users.alice, channelId: w.channel, path: 'read', options: { paper: 'attention' }, focused: 'paper' });
    const paper = (await w.fake.waitForCallback(i.id)).body.data.choices[0].value as string;
    await w.slash(w.users.alice, 'read', { paper });
    expect(await w.readMarks(w.users.alice)).toHaveLength(1);
    await w.slash(w.users.alice, 'note', { paper, text: 'Scaled dot-product attention, @everyone should read it' });
    const notes = await w.slash(w.users.alice, 'notes', { paper });
    expect(textOf(notes)).toContain('Scaled dot-product attention');
    expect(notes.allowed_mentions).toEqual({ parse: [] });
    const progress = await w.slash(w.users.alice, 'progress');
    // No meeting yet: the paper read ahead counts towards the list only.
    expect(textOf(progress)).toMatch(/No meetings yet\. You've read 1 of the \d+ papers on its list\./);
    await w.slash(w.users.alice, 'unread', { paper });
    expect(await w.readMarks(w.users.alice)).toHaveLength(0);
  });

  it('GIVEN /note without text THEN a modal opens and its 4,000-char text becomes the note', async () => {
    await w.setupClub();
    const i = w.fake.slashCommand({ user: w.users.carol, channelId: w.channel, path: 'note', options: { paper: 'lora' } });
    const cb = await w.fake.waitForCallback(i.id);
    expect(cb.body.type).toBe(9); // MODAL
    const input = cb.body.data.components[0].component;
    expect(input).toMatchObject({ type: 4, style: 2, max_length: 4000 });
    const long = 'n'.repeat(3990) + ' end.';
    const m = w.fake.modalSubmit({ user: w.users.carol, channelId: w.channel, customId: cb.body.data.custom_id, fields: { [input.custom_id]: long } });
    await w.fake.waitForAnswer(m);
    const body = (await rowOf(w.db, 'SELECT body FROM notes WHERE member_id = ?', await w.memberId(w.users.carol)) as { body: string } | undefined)?.body;
    expect(body).toBe(long);
  });

  it('GIVEN the weekly post THEN its REST body has the embed, buttons, timestamps and only the presenter mention', async () => {
    await w.setupClub();
    await w.slash(w.users.bob, 'signup');
    const { slot, begun, posted, since } = await w.publishPost();
    const send = await w.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages`, { since });
    const body = send.body;
    const embed = body.embeds[0];
    expect(embed.title).toBe('Attention Is All You Need');
    expect(embed.url).toBe(begun.post.url);
    const unix = Math.floor(slot / 1000);
    expect(JSON.stringify(embed.fields)).toContain(`<t:${unix}:F>`);
    expect(JSON.stringify(embed.fields)).toContain(`<t:${unix}:R>`);
    // Bob fills the meeting's one presenter place: no Sign up button on a full meeting (issue 22).
    expect(body.components[0].components.map((b: any) => b.label)).toEqual(['Mark read']);
    expect(body.allowed_mentions).toEqual({ parse: [], users: [w.users.bob.id] });
    expect(body.content).toContain(`<@${w.users.bob.id}>`);
    expect(body.nonce).toBeTruthy();
    expect(body.enforce_nonce).toBe(true);
    // The read emoji is the first reaction, and the discussion gets a thread.
    await w.fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/channels/${w.channel}/messages/${posted.messageId}/reactions/✅/@me`, { since });
    await w.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages/${posted.messageId}/threads`, { since });
    // And a crash between send and record would find it again.
    expect(await w.bot.delivery.findPost(await w.club(), begun.post)).toEqual(posted);
  });

  it('GIVEN the post is followed by 250 other messages THEN findPost pages back and still finds it', async () => {
    await w.setupClub();
    const { begun, posted } = await w.publishPost();
    const list = w.fake.messages.get(w.channel)!;
    for (let n = 0; n < 250; n++) list.push(w.fake.messageJson(w.channel, { content: `chatter ${n}` }));
    const since = w.fake.mark();
    expect(await w.bot.delivery.findPost(await w.club(), begun.post)).toEqual(posted);
    expect(w.fake.requests.slice(since).filter((r) => r.method === 'GET' && r.path === `/channels/${w.channel}/messages`)).toHaveLength(3);
  });

  it('GIVEN the post THEN its Sign up and Mark read buttons work', async () => {
    await w.setupClub();
    const { posted, signup, read, paperId, slot } = await w.publishPost();
    await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.carol, channelId: w.channel, messageId: posted.messageId, customId: signup }));
    // The button signs up for the meeting the post announced (its date), not merely its paper.
    const carolMeetings = await rowsOf(w.db, 'SELECT meeting_at AS t FROM sign_ups WHERE member_id = ?', await w.memberId(w.users.carol)) as Array<{ t: number }>;
    expect(carolMeetings.map((r) => r.t)).toEqual([slot]);
    await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.carol, channelId: w.channel, messageId: posted.messageId, customId: read }));
    expect(await w.readMarks(w.users.carol)).toEqual([{ paperId, via: 'button' }]);
  });

  it('GIVEN a button of one club clicked in another club\'s channel THEN it is refused privately and changes nothing', async () => {
    await w.setupClub();
    await w.setupClub(w.second);
    const { posted, read } = await w.publishPost();
    const answer = (await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.carol, channelId: w.second, messageId: posted.messageId, customId: read }))).data;
    expect(answer.flags).toBe(EPHEMERAL);
    expect(textOf(answer)).toContain("That button belongs to another channel's paper club.");
    expect(await w.readMarks(w.users.carol)).toEqual([]);
  });

  it('GIVEN a client restart THEN a reaction on the earlier post marks read and removing it un-marks', async () => {
    await w.setupClub();
    const { posted, paperId } = await w.publishPost();
    await w.restart(); // a fresh client: nothing cached about the post
    expect((w.bot.client.channels.cache.get(w.channel) as any).messages.cache.size).toBe(0);

    w.fake.reaction({ user: w.users.alice, channelId: w.channel, messageId: posted.messageId, emoji: '👍', added: true });
    w.fake.reaction({ user: w.fake.bot, channelId: w.channel, messageId: posted.messageId, emoji: '✅', added: true });
    w.fake.reaction({ user: w.users.alice, channelId: w.channel, messageId: posted.messageId, emoji: '✅', added: true });
    await w.until(async () => (await w.readMarks(w.users.alice)).length === 1, 'the reaction to mark read');
    expect(await w.readMarks(w.users.alice)).toEqual([{ paperId, via: 'reaction' }]);
    expect(await w.memberId(w.fake.bot)).toBeUndefined(); // the bot's own reaction counts for no one
    expect(textOf(await w.slash(w.users.alice, 'progress'))).toContain("You've read the one paper the club has posted so far");

    w.fake.reaction({ user: w.users.alice, channelId: w.channel, messageId: posted.messageId, emoji: '✅', added: false });
    await w.until(async () => (await w.readMarks(w.users.alice)).length === 0, 'the removal to un-mark');
  });

  it('GIVEN a reaction on some other message THEN nothing is marked', async () => {
    await w.setupClub();
    const { posted, paperId } = await w.publishPost();
    const other = await w.bot.client.channels.fetch(w.channel).then((c) => (c as any).send({ content: 'hello' }));
    w.fake.reaction({ user: w.users.bob, channelId: w.channel, messageId: other.id, emoji: '✅', added: true });
    // A later event on the same connection proves the first was handled.
    w.fake.reaction({ user: w.users.bob, channelId: w.channel, messageId: posted.messageId, emoji: '✅', added: true });
    await w.until(async () => (await w.readMarks(w.users.bob)).length === 1, 'the post reaction');
    expect(await w.readMarks(w.users.bob)).toEqual([{ paperId, via: 'reaction' }]);
  });

  it('GIVEN a custom emoji that is not on the server THEN /club settings refuses it privately; an animated one of the server is stored and its reactions count', async () => {
    await w.setupClub();
    const refused = await w.slash(w.users.admin, 'club settings', { emoji: ':partyparrot:' });
    expect(refused.flags).toBe(EPHEMERAL);
    expect(textOf(refused)).toContain('This server has no :partyparrot: emoji I can use.');
    expect((await w.club()).readEmoji).toBe('✅');

    const parrot = w.fake.addEmoji(w.guild, 'partyparrot', true);
    await w.until(() => w.bot.client.guilds.cache.get(w.guild.id)!.emojis.cache.has(parrot.id), 'the emoji to reach the client');
    await w.slash(w.users.admin, 'club settings', { emoji: ':partyparrot:' });
    expect((await w.club()).readEmoji).toBe(`<a:partyparrot:${parrot.id}>`);
    const { posted, paperId, since } = await w.publishPost();
    // The bot reacts with it (Discord would answer 10014 for an unknown one) and a member's reaction counts.
    await w.fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/channels/${w.channel}/messages/${posted.messageId}/reactions/a:partyparrot:${parrot.id}/@me`, { since });
    w.fake.reaction({ user: w.users.alice, channelId: w.channel, messageId: posted.messageId, emoji: parrot, added: true });
    await w.until(async () => (await w.readMarks(w.users.alice)).length === 1, 'the animated reaction to mark read');
    expect(await w.readMarks(w.users.alice)).toEqual([{ paperId, via: 'reaction' }]);
  });

  it('GIVEN a published post WHEN a member clicks Sign up THEN the post is edited in place to name them, pinging no one', async () => {
    await w.setupClub(w.second);
    const { begun, posted, signup } = await w.publishPost(w.second);
    expect(begun.post.presenters).toEqual([]);
    const since = w.fake.mark();
    const click = w.fake.buttonClick({ user: w.users.alice, channelId: w.second, messageId: posted.messageId, customId: signup });
    expect(textOf((await w.fake.waitForAnswer(click)).data)).toMatch(/alice will present/);
    const patch = await w.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${w.second}/messages/${posted.messageId}`, { since });
    // Answered first, then edited.
    const answered = w.fake.requests.findIndex((r) => r.path.startsWith(`/interactions/${click.id}/`));
    expect(answered).toBeGreaterThanOrEqual(since);
    expect(w.fake.requests.indexOf(patch)).toBeGreaterThan(answered);
    expect(patch.body.content).toContain(`<@${w.users.alice.id}>`);
    expect(patch.body.embeds[0].title).toBe('Attention Is All You Need');
    expect(patch.body.embeds[0].fields.find((f: any) => f.name === 'Presenter').value).toBe(`<@${w.users.alice.id}>`);
    // Alice took the one presenter place: the edited post offers no more Sign up (issue 22).
    expect(patch.body.components[0].components.map((b: any) => b.label)).toEqual(['Mark read']);
    expect(patch.body.allowed_mentions).toEqual({ parse: [] }); // the edit pings no one
    expect(patch.body.nonce).toBeUndefined();
    expect(textOf(w.fake.messages.get(w.second)!.find((m) => m.id === posted.messageId))).toContain(`<@${w.users.alice.id}>`);
  });

  it('GIVEN the post was deleted WHEN its presenter withdraws THEN the failed edit is logged and the answer still arrives', async () => {
    await w.setupClub(w.second);
    const { posted, signup } = await w.publishPost(w.second);
    const clicked = w.fake.mark();
    await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.alice, channelId: w.second, messageId: posted.messageId, customId: signup }));
    await w.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${w.second}/messages/${posted.messageId}`, { since: clicked });
    w.fake.failWith = (r) => (r.method === 'PATCH' && r.path === `/channels/${w.second}/messages/${posted.messageId}` ? { status: 404, code: 10008, message: 'Unknown Message' } : null);
    const since = w.fake.mark();
    const data = (await w.fake.waitForAnswer(w.fake.slashCommand({ user: w.users.alice, channelId: w.second, path: 'withdraw' }))).data;
    expect(textOf(data)).toMatch(/alice withdrew/);
    await w.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${w.second}/messages/${posted.messageId}`, { since });
    const failed = () => w.logger.lines.find((l) => l.msg === 'discord request failed' && l.op === 'edit weekly post' && l.messageId === posted.messageId);
    await w.until(() => failed() !== undefined, 'the failed edit to be logged');
    expect(failed()).toMatchObject({ channel: w.second, guild: w.guild.id, code: 10008 });
  });

  it('GIVEN the scheduler and two clubs WHEN the bot may no longer send in one channel THEN that club is parked, its admin DMed once, and the other club posts', async () => {
    await w.setupClub(w.channel);
    await w.setupClub(w.second);
    w.fake.setBotPermissions(w.channel, BOT_PERMS & ~PERM.sendMessages);
    w.expectedRefusals.add(50013);
    const scheduler = schedulerOf(w.core, { deliveries: [w.bot.delivery], logger: w.logger, cron: false, sleep: async () => {}, concurrency: 1 });
    try {
      // Just after the first meeting's post is due (its announce time, the lead before the meeting).
      const slot = nextSlot((await w.club()).cron, 'UTC', w.clock().getTime());
      const announce = slot - (await w.club()).announceLeadMinutes * 60_000;
      w.clock.set(announce + 60_000);
      const report = await scheduler.runDue();
      expect(report.posted.map((p) => p.clubId)).toEqual([(await w.club(w.second)).id]);
      expect(report.parked).toEqual([{ clubId: (await w.club()).id, cause: 'missing-permissions' }]);
      const sends = w.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages`);
      expect(sends).toHaveLength(2); // the post, once (no retries), then one try at a channel notice
      const dm = w.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/dm-${w.users.admin.id}/messages`);
      expect(dm).toHaveLength(1);
      expect(dm[0]!.body.content).toContain(`I'm missing permissions in <#${w.channel}>`);
      expect(dm[0]!.body.allowed_mentions).toEqual({ parse: [] });

      const before = w.fake.mark();
      w.clock.set(announce + 20 * 60_000);
      const next = await scheduler.runDue();
      expect(next.deferred).toEqual([{ clubId: (await w.club()).id, platform: 'discord', reason: 'parked' }]);
      expect(w.fake.requests.slice(before).filter((r) => r.method === 'POST')).toEqual([]);
    } finally {
      await scheduler.stop();
    }
  });

  it('GIVEN the call for a presenter and a presenter reminder THEN each shows the meeting as a Discord timestamp', async () => {
    await w.setupClub();
    await w.setupClub(w.second);
    await w.slash(w.users.bob, 'signup', undefined, w.second);
    const scheduler = schedulerOf(w.core, { deliveries: [w.bot.delivery], logger: w.logger, cron: false, sleep: async () => {} });
    try {
      const slot = nextSlot((await w.club()).cron, 'UTC', w.clock().getTime());
      w.clock.set(slot - 60 * 60_000); // inside the reminder lead time
      const since = w.fake.mark();
      const report = await scheduler.runDue();
      expect(report.reminders.map((r) => r.kind).sort()).toEqual(['call-for-presenter', `presenter:${await w.memberId(w.users.bob)}`]);
      const call = w.fake.requests.slice(since).find((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages` && /^Nobody/.test(r.body.content))!;
      expect(call.body.content).toBe(
        `Nobody has signed up to present at meeting 1, **Attention Is All You Need**, on <t:${slot / 1000}:F> yet. Could you take it? /signup 2026-11-04`,
      );
      const dm = w.fake.requests.slice(since).find((r) => r.method === 'POST' && r.path === `/channels/dm-${w.users.bob.id}/messages`)!;
      expect(dm.body.content).toContain(`on <t:${slot / 1000}:F>. Thank you!`);
    } finally {
      await scheduler.stop();
    }
  });

  it('GIVEN a club with 30 long notes WHEN an admin exports it THEN it arrives as a private file attachment', async () => {
    const club = await w.setupClub();
    const ada = await w.core.member(w.where(), { userId: w.users.admin.id, displayName: 'ada' });
    for (const paperId of (await sequenceOf(w.db, club.id)).slice(0, 30)) await addNote(w.db, { memberId: ada.id, paperId, clubId: club.id, body: 'Careful note. '.repeat(285), at: 0 });
    const i = w.fake.slashCommand({ user: w.users.admin, channelId: w.channel, path: 'club export' });
    const answer = await w.fake.waitForAnswer(i);
    expect(answer.data.flags).toBe(EPHEMERAL);
    const files = [...w.fake.requests].reverse().find((r) => r.path.includes(i.id) || r.path.includes(i.token))!.body.files as Array<{ name: string; content: string }>;
    expect(files.map((f) => f.name)).toEqual([`paperclub-${club.id}-export.md`]);
    expect(files[0]!.content.length).toBeGreaterThan(100_000);
    expect(files[0]!.content.split('Careful note.').length - 1).toBe(30 * 285);
  });

  it('GIVEN an interaction the bot sees too late (over 3 s) THEN Discord refuses the answer (10062); a public answer is posted in the channel instead, a private one is logged, and the bot keeps serving', async () => {
    await w.setupClub();
    w.expectedRefusals.add(10062);
    const i = w.fake.slashCommand({ user: w.users.alice, channelId: w.channel, path: 'paper now' });
    w.fake.ageInteraction(i.id, 3_500);
    await w.until(() => w.logger.lines.some((l) => l.msg === 'public answer posted in the channel: the interaction could not carry it' && l.interactionId === i.id), 'the public answer to go to the channel');
    expect(JSON.stringify(w.fake.messages.get(w.channel)?.at(-1))).toContain('Attention Is All You Need');
    const p = w.fake.slashCommand({ user: w.users.alice, channelId: w.channel, path: 'progress' });
    w.fake.ageInteraction(p.id, 3_500);
    await w.until(() => w.logger.lines.some((l) => l.msg === 'interaction failed' && l.interactionId === p.id), 'the refused private answer to be logged');
    expect(w.fake.refusals.map((r) => r.code)).toEqual([10062, 10062]);
    expect(textOf(await w.slash(w.users.alice, 'paper now'))).toContain('Attention Is All You Need');
  });

  it('GIVEN the gateway closes with 4000 THEN the bot resumes its session and keeps answering', async () => {
    await w.setupClub();
    const identify = w.fake.gatewayOps.identify;
    const resume = w.fake.gatewayOps.resume;
    w.fake.closeGateway(4000);
    await w.until(() => w.fake.gatewayOps.resume === resume + 1, 'a RESUME');
    await w.fake.waitForConnections(1);
    expect(w.fake.gatewayOps.identify).toBe(identify); // resumed, not a fresh login
    const data = await w.slash(w.users.alice, 'paper now');
    expect(textOf(data)).toContain('Attention Is All You Need');
    expect(w.logger.lines.some((l) => l.msg === 'gateway resumed')).toBe(true);
  });

  it('GIVEN deploy-commands without --guild THEN the set is PUT as the global commands and the log says every server has them now, not within an hour', async () => {
    const since = w.fake.mark();
    const n = await deployCommands({ commands: w.core.commands, token: 'e2e-token', applicationId: w.fake.applicationId, apiUrl: w.fake.apiUrl, logger: w.logger });
    const put = await w.fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${w.fake.applicationId}/commands`, { since });
    expect(n).toBe(put.body.length);
    expect(w.fake.globalCommands.map((c) => c.name)).toContain('paper');
    const line = w.logger.lines.find((l) => l.msg === 'slash commands registered' && l.scope === 'global');
    expect(line?.available).toBe('in every server the app is in, now');
  });

  it('GIVEN deploy-commands --guild THEN the command set is PUT to that guild with the token, within Discord\'s limits; --clear-guild empties it', async () => {
    const since = w.fake.mark();
    const n = await deployCommands({ commands: w.core.commands, token: 'e2e-token', applicationId: w.fake.applicationId, apiUrl: w.fake.apiUrl, guildId: w.guild.id, logger: w.logger });
    const put = await w.fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${w.fake.applicationId}/guilds/${w.guild.id}/commands`, { since });
    expect(put.headers.authorization).toBe('Bot e2e-token');
    expect(n).toBe(put.body.length);
    expect(w.fake.guildCommands.get(w.guild.id)!.find((c: any) => c.name === 'paper').options.map((o: any) => o.name)).toContain('now');
    expect(put.body.every((c: any) => c.default_member_permissions === null)).toBe(true);

    const cleared = await deployCommands({ commands: w.core.commands, token: 'e2e-token', applicationId: w.fake.applicationId, apiUrl: w.fake.apiUrl, guildId: w.guild.id, clear: true, logger: w.logger });
    expect(cleared).toBe(0);
    expect(w.fake.guildCommands.get(w.guild.id)).toEqual([]);
    expect(w.logger.lines.some((l) => l.msg === 'guild slash commands cleared' && l.scope === `guild ${w.guild.id}`)).toBe(true);
  });
});
