/**
 * End to end: the real discord.js client of the bot, over the real club core and a temp-file SQLite
 * database, connected to the local Discord stand-in through its REST base URL (DISCORD_API_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { nextSlot } from '../../src/calendar/cron-slots.ts';
import type { Where } from '../../src/club/types.ts';
import { memoryLogger } from '../../src/logger.ts';
import { deployCommands } from '../../src/platforms/discord/deploy-commands.ts';
import { startDiscord, type DiscordAdapter } from '../../src/platforms/discord/index.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { ADMIN_PERMS, FakeDiscord, MEMBER_PERMS, type FakeUser } from './fake-discord.ts';

const EPHEMERAL = 64;

describe('Discord end to end', () => {
  let fake: FakeDiscord;
  let db: Db;
  let core: ClubCore;
  let bot: DiscordAdapter;
  let dir: string;
  let admin: FakeUser, alice: FakeUser, bob: FakeUser, carol: FakeUser;
  let channel: string;
  let where: Where;
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');

  const start = () => startDiscord({ core, config: { token: 'e2e-token', apiUrl: fake.apiUrl }, logger });
  /** Runs a slash command through the gateway and returns Discord's view of the answer. */
  const slash = async (user: FakeUser, path: string, options?: Record<string, unknown>) => {
    const i = fake.slashCommand({ user, channelId: channel, path, options });
    return (await fake.waitForAnswer(i)).data;
  };
  const textOf = (data: any): string => [data.content ?? '', ...(data.embeds ?? []).map((e: any) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f: any) => `${f.name}: ${f.value}`).join('\n')}`)].join('\n');
  const memberId = (u: FakeUser) => (db.prepare('SELECT id FROM members WHERE platform = ? AND user_id = ?').get('discord', u.id) as { id: number } | undefined)?.id;
  const readMarks = (u: FakeUser) => db.prepare('SELECT paper_id AS paperId, via FROM read_marks WHERE member_id = ?').all(memberId(u) ?? -1) as Array<{ paperId: number; via: string }>;
  const until = async (cond: () => boolean, what: string) => {
    for (let n = 0; n < 200 && !cond(); n++) await new Promise((r) => setTimeout(r, 10));
    if (!cond()) throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    fake = new FakeDiscord({ guilds: 1 });
    await fake.start();
    admin = fake.addUser({ username: 'ada', permissions: ADMIN_PERMS });
    alice = fake.addUser({ username: 'alice', permissions: MEMBER_PERMS });
    bob = fake.addUser({ username: 'bob', permissions: MEMBER_PERMS });
    carol = fake.addUser({ username: 'carol', permissions: MEMBER_PERMS });
    channel = fake.guilds[0]!.channels[0]!.id;
    where = { platform: 'discord', workspace: fake.guilds[0]!.id, channel };
    dir = mkdtempSync(join(tmpdir(), 'paperclub-discord-'));
    db = openDb(join(dir, 'club.db'));
    loadDefaultLists(db, 'config/lists.json');
    core = new ClubCore({ db, clock, logger });
    bot = await start();
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN an admin THEN /club setup and /club settings set the club up (club group)', async () => {
    const setup = await slash(admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    expect(setup.flags ?? 0).not.toBe(EPHEMERAL);
    expect(core.clubFor(where)).not.toBeNull();
    await slash(admin, 'club settings', { presenters: 2 });
    expect(core.clubFor(where)!.presentersPerMeeting).toBe(2);
    expect(setup.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a member THEN an admin command is refused privately and nothing changes, even with Discord defaults bypassed', async () => {
    // The stand-in delivers the interaction although Discord would hide /club from non-admins by default.
    const before = core.clubFor(where)!;
    const data = await slash(alice, 'club pause');
    expect(data.flags).toBe(EPHEMERAL);
    expect(textOf(data)).toMatch(/admin/i);
    expect(core.clubFor(where)!.paused).toBe(before.paused);
  });

  it('GIVEN a club THEN /paper now answers what the core says, in public (paper group)', async () => {
    const data = await slash(alice, 'paper now');
    const direct = await core.execute({ where, user: { userId: alice.id, displayName: 'alice' }, command: 'paper now', args: {} });
    expect(direct.error).toBeFalsy();
    expect(data.flags ?? 0).not.toBe(EPHEMERAL);
    if (direct.title) expect(data.embeds[0].title).toBe(direct.title.slice(0, 256));
    else expect(data.content).toBe(direct.text.slice(0, 2000));
  });

  it('GIVEN a partial title THEN autocomplete suggests matching papers (at most 25)', async () => {
    const i = fake.slashCommand({ user: alice, channelId: channel, path: 'paper show', options: { paper: 'lora' }, focused: 'paper' });
    const cb = await fake.waitForCallback(i.id);
    expect(cb.body.type).toBe(8);
    const choices = cb.body.data.choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.some((c) => /lora/i.test(c.name))).toBe(true);
    // The chosen value runs the command.
    const shown = await slash(alice, 'paper show', { paper: choices[0]!.value });
    expect(textOf(shown)).toMatch(/lora/i);
  });

  it('GIVEN members THEN /signup claims a week and /withdraw frees it (signup group)', async () => {
    const signed = await slash(bob, 'signup');
    expect(textOf(signed)).not.toMatch(/went wrong/);
    const count = () => (db.prepare('SELECT count(*) AS n FROM sign_ups WHERE member_id = ?').get(memberId(bob)) as { n: number }).n;
    expect(count()).toBe(1);
    await slash(alice, 'signup');
    expect((db.prepare('SELECT count(*) AS n FROM sign_ups WHERE member_id = ?').get(memberId(alice)) as { n: number }).n).toBe(1);
    await slash(alice, 'withdraw');
    expect((db.prepare('SELECT count(*) AS n FROM sign_ups WHERE member_id = ?').get(memberId(alice)) as { n: number }).n).toBe(0);
  });

  it('GIVEN a paper THEN /read, /note, /notes and /progress work (reading group)', async () => {
    const i = fake.slashCommand({ user: alice, channelId: channel, path: 'read', options: { paper: 'attention' }, focused: 'paper' });
    const paper = (await fake.waitForCallback(i.id)).body.data.choices[0].value as string;
    await slash(alice, 'read', { paper });
    expect(readMarks(alice)).toHaveLength(1);
    await slash(alice, 'note', { paper, text: 'Scaled dot-product attention, @everyone should read it' });
    const notes = await slash(alice, 'notes', { paper });
    expect(textOf(notes)).toContain('Scaled dot-product attention');
    expect(notes.allowed_mentions).toEqual({ parse: [] });
    const progress = await slash(alice, 'progress');
    expect(textOf(progress)).toMatch(/You've read \d+ of/);
    await slash(alice, 'unread', { paper });
    expect(readMarks(alice)).toHaveLength(0);
  });

  it('GIVEN /note without text THEN a modal opens and its 4,000-char text becomes the note', async () => {
    const i = fake.slashCommand({ user: carol, channelId: channel, path: 'note', options: { paper: 'lora' } });
    const cb = await fake.waitForCallback(i.id);
    expect(cb.body.type).toBe(9); // MODAL
    const input = cb.body.data.components[0].component;
    expect(input).toMatchObject({ type: 4, style: 2, max_length: 4000 });
    const long = 'n'.repeat(3990) + ' end.';
    const m = fake.modalSubmit({ user: carol, channelId: channel, customId: cb.body.data.custom_id, fields: { [input.custom_id]: long } });
    await fake.waitForAnswer(m);
    const body = (db.prepare('SELECT body FROM notes WHERE member_id = ?').get(memberId(carol)) as { body: string } | undefined)?.body;
    expect(body).toBe(long);
  });

  let posted: { channel: string; messageId: string };
  let paperId: number;
  let meetingAt: number;

  it('GIVEN the weekly post THEN its REST body has the embed, buttons, timestamps and only the presenter mention', async () => {
    const club = core.clubFor(where)!;
    const slot = nextSlot(club.cron, club.timezone, clock().getTime());
    const begun = core.beginPost(club.id, slot)!;
    expect(begun).not.toBeNull();
    paperId = begun.meeting.paperId!;
    meetingAt = slot;
    const since = fake.mark();
    posted = await bot.delivery.postMeeting(club, begun.post);
    core.completePost(club.id, slot, posted);

    const send = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`, { since });
    const body = send.body;
    const embed = body.embeds[0];
    expect(embed.title).toBe(begun.post.title.slice(0, 256));
    expect(embed.url).toBe(begun.post.url);
    const unix = Math.floor(slot / 1000);
    expect(JSON.stringify(embed.fields)).toContain(`<t:${unix}:F>`);
    expect(JSON.stringify(embed.fields)).toContain(`<t:${unix}:R>`);
    expect(body.components[0].components.map((b: any) => b.label)).toEqual(['Sign up to present', 'Mark read']);
    expect(begun.post.presenters.map((p) => p.userId)).toEqual([bob.id]);
    expect(body.allowed_mentions).toEqual({ parse: [], users: [bob.id] });
    expect(body.content).toContain(`<@${bob.id}>`);
    expect(body.nonce).toBeTruthy();
    expect(body.enforce_nonce).toBe(true);
    // The read emoji is the first reaction, and the discussion gets a thread.
    await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/channels/${channel}/messages/${posted.messageId}/reactions/✅/@me`, { since });
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages/${posted.messageId}/threads`, { since });
    // And a crash between send and record would find it again.
    expect(await bot.delivery.findPost(club, begun.post)).toEqual(posted);
  });

  it('GIVEN the post THEN its Sign up and Mark read buttons work', async () => {
    const message = fake.messages.get(channel)!.find((m) => m.id === posted.messageId)!;
    const [signup, read] = message.components[0].components.map((b: any) => b.custom_id as string);
    await fake.waitForAnswer(fake.buttonClick({ user: carol, channelId: channel, messageId: posted.messageId, customId: signup! }));
    // The button signs up for the meeting the post announced (its date), not merely its paper.
    const carolMeetings = db.prepare('SELECT meeting_at AS t FROM sign_ups WHERE member_id = ?').all(memberId(carol)) as Array<{ t: number }>;
    expect(carolMeetings.map((r) => r.t)).toEqual([meetingAt]);
    await fake.waitForAnswer(fake.buttonClick({ user: carol, channelId: channel, messageId: posted.messageId, customId: read! }));
    expect(readMarks(carol)).toEqual([{ paperId, via: 'button' }]);
  });

  it('GIVEN a client restart THEN a reaction on the earlier post marks read and removing it un-marks', async () => {
    await bot.stop();
    bot = await start(); // a fresh client: nothing cached about the post
    expect(bot.client.channels.cache.get(channel)?.isTextBased() && (bot.client.channels.cache.get(channel) as any).messages.cache.size).toBe(0);

    fake.reaction({ user: alice, channelId: channel, messageId: posted.messageId, emoji: '👍', added: true });
    fake.reaction({ user: fake.bot, channelId: channel, messageId: posted.messageId, emoji: '✅', added: true });
    fake.reaction({ user: alice, channelId: channel, messageId: posted.messageId, emoji: '✅', added: true });
    await until(() => readMarks(alice).length === 1, 'the reaction to mark read');
    expect(readMarks(alice)).toEqual([{ paperId, via: 'reaction' }]);
    expect(memberId(fake.bot)).toBeUndefined(); // the bot's own reaction counts for no one

    expect(textOf(await slash(alice, 'progress'))).toMatch(/You've read 1 of the club's 1 meeting so far/);

    fake.reaction({ user: alice, channelId: channel, messageId: posted.messageId, emoji: '✅', added: false });
    await until(() => readMarks(alice).length === 0, 'the removal to un-mark');
  });

  it('GIVEN a reaction on some other message THEN nothing is marked', async () => {
    const other = await bot.client.channels.fetch(channel).then((c) => (c as any).send({ content: 'hello' }));
    fake.reaction({ user: bob, channelId: channel, messageId: other.id, emoji: '✅', added: true });
    // A later event on the same connection proves the first was handled.
    fake.reaction({ user: bob, channelId: channel, messageId: posted.messageId, emoji: '✅', added: true });
    await until(() => readMarks(bob).length === 1, 'the post reaction');
    expect(readMarks(bob)).toEqual([{ paperId, via: 'reaction' }]);
  });

  /** A second club (the guild's other channel) whose post starts with no presenter. */
  let other: { channel: string; messageId: string };

  it('GIVEN a published post WHEN a member clicks Sign up THEN the post is edited in place to name them, pinging no one', async () => {
    const second = fake.guilds[0]!.channels[1]!.id;
    await fake.waitForAnswer(fake.slashCommand({ user: admin, channelId: second, path: 'club setup', options: { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' } }));
    const club = core.clubFor({ platform: 'discord', workspace: fake.guilds[0]!.id, channel: second })!;
    const slot = nextSlot(club.cron, club.timezone, clock().getTime());
    const begun = core.beginPost(club.id, slot)!;
    expect(begun.post.presenters).toEqual([]);
    other = await bot.delivery.postMeeting(club, begun.post);
    core.completePost(club.id, slot, other);
    const signupId = fake.messages.get(second)!.find((m) => m.id === other.messageId)!.components[0].components[0].custom_id as string;

    const since = fake.mark();
    const click = fake.buttonClick({ user: alice, channelId: second, messageId: other.messageId, customId: signupId });
    expect(textOf((await fake.waitForAnswer(click)).data)).toMatch(/alice will present/);
    const patch = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${second}/messages/${other.messageId}`, { since });
    // Answered first, then edited.
    const answered = fake.requests.findIndex((r) => r.path.startsWith(`/interactions/${click.id}/`));
    expect(answered).toBeGreaterThanOrEqual(since);
    expect(fake.requests.indexOf(patch)).toBeGreaterThan(answered);
    expect(patch.body.content).toContain(`<@${alice.id}>`);
    expect(patch.body.embeds[0].title).toBe(begun.post.title.slice(0, 256));
    expect(patch.body.embeds[0].fields.find((f: any) => f.name === 'Presenter').value).toBe(`<@${alice.id}>`);
    expect(patch.body.components[0].components.map((b: any) => b.label)).toEqual(['Sign up to present', 'Mark read']);
    expect(patch.body.allowed_mentions).toEqual({ parse: [] }); // the edit pings no one
    expect(patch.body.nonce).toBeUndefined();
    expect(textOf(fake.messages.get(second)!.find((m) => m.id === other.messageId))).toContain(`<@${alice.id}>`);
  });

  it('GIVEN the post was deleted WHEN its presenter withdraws THEN the failed edit is logged and the answer still arrives', async () => {
    const second = other.channel;
    fake.failWith = (r) => (r.method === 'PATCH' && r.path === `/channels/${second}/messages/${other.messageId}` ? { status: 404, code: 10008, message: 'Unknown Message' } : null);
    try {
      const since = fake.mark();
      const data = (await fake.waitForAnswer(fake.slashCommand({ user: alice, channelId: second, path: 'withdraw' }))).data;
      expect(textOf(data)).toMatch(/alice withdrew/);
      await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${second}/messages/${other.messageId}`, { since });
      const failed = () => logger.lines.find((l) => l.msg === 'discord request failed' && l.op === 'edit weekly post' && l.messageId === other.messageId);
      await until(() => failed() !== undefined, 'the failed edit to be logged');
      expect(failed()).toMatchObject({ channel: second, guild: fake.guilds[0]!.id, code: 10008 });
    } finally {
      fake.failWith = null;
    }
  });

  it('GIVEN the gateway closes with 4000 THEN the bot resumes its session and keeps answering', async () => {
    const identify = fake.gatewayOps.identify;
    const resume = fake.gatewayOps.resume;
    fake.closeGateway(4000);
    await until(() => fake.gatewayOps.resume === resume + 1, 'a RESUME');
    await fake.waitForConnections(1);
    expect(fake.gatewayOps.identify).toBe(identify); // resumed, not a fresh login
    const data = await slash(alice, 'paper now');
    expect(data).toBeDefined();
    expect(logger.lines.some((l) => l.msg === 'gateway resumed')).toBe(true);
  });

  it('GIVEN deploy-commands --guild THEN the command set is PUT to that guild with the token, which is never logged', async () => {
    const since = fake.mark();
    const n = await deployCommands({ commands: core.commands, token: 'e2e-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: fake.guilds[0]!.id, logger });
    const put = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${fake.guilds[0]!.id}/commands`, { since });
    expect(put.headers.authorization).toBe('Bot e2e-token');
    expect(n).toBe(put.body.length);
    const paper = put.body.find((c: any) => c.name === 'paper');
    expect(paper.options.map((o: any) => o.name)).toContain('now');
  });

  it('GIVEN everything above THEN the token never reached the logs', () => {
    expect(JSON.stringify(logger.lines)).not.toContain('e2e-token');
  });
});
