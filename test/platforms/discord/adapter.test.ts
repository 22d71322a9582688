/**
 * The adapter's own behaviour with the real discord.js client against the local stand-in, over a stub
 * core (so timing and replies are controlled): deferral, private-after-defer, autocomplete limits,
 * attachments, DM fallback and failure reporting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Club, Member } from '../../../src/club/types.ts';
import type { Command, Reply } from '../../../src/commands/types.ts';
import { memoryLogger } from '../../../src/logger.ts';
import { startDiscord, type DiscordAdapter } from '../../../src/platforms/discord/index.ts';
import type { CorePort } from '../../../src/platforms/discord/types.ts';
import { SLOW_PUBLIC_NOTE } from '../../../src/platforms/discord/interactions.ts';
import { ADMIN_PERMS, FakeDiscord, type FakeUser } from '../../e2e/fake-discord.ts';
import { waitUntil } from '../../e2e/wait-until.ts';

const cmd = (c: Partial<Command> & Pick<Command, 'name'>): Command => ({ group: null, description: c.name, options: [], handle: () => ({ private: false, text: '' }), ...c });

function stubCore(over: Partial<CorePort> = {}): CorePort & { calls: any[] } {
  const calls: any[] = [];
  return {
    calls,
    commands: [
      cmd({ group: 'paper', name: 'now' }),
      cmd({ group: 'club', name: 'import', admin: true, options: [{ name: 'file', description: 'f', type: 'attachment', required: true }] }),
      cmd({ name: 'read', options: [{ name: 'paper', description: 'p', type: 'string', autocomplete: 'paper' }] }),
    ],
    async execute(req) {
      calls.push(req);
      return { private: false, text: `ran ${req.command}` };
    },
    async runAction(req) {
      calls.push(req);
      return { private: true, text: 'clicked' };
    },
    suggest: async () => [],
    reaction: () => ({ applied: false, reason: 'stub' }),
    clubFor: () => null,
    completePost: (...a: unknown[]) => void calls.push({ completePost: a }),
    ...over,
  } as CorePort & { calls: any[] };
}

const club = (channel: string, guild: string): Club => ({
  id: 1, platform: 'discord', workspace: guild, channel, name: 'c', sequenceSlug: 'latent-space', position: 0, cron: '0 17 * * 3',
  timezone: 'UTC', everyWeeks: 1, anchorDate: null, announceLeadMinutes: 0, setupBy: null, readEmoji: '✅', presentersPerMeeting: 1,
  reminderLeadMinutes: 2880, paused: false, createdAt: 0,
});
const member = (u: FakeUser): Member => ({ id: 1, platform: 'discord', workspace: 'g', userId: u.id, displayName: u.username, private: false });

describe('discord adapter (stub core)', () => {
  let fake: FakeDiscord;
  let bot: DiscordAdapter | null = null;
  let alice: FakeUser;
  let channel: string;
  const logger = memoryLogger();

  async function start(core: CorePort, deferAfterMs = 1500) {
    bot = await startDiscord({ core, config: { token: 'test-token', apiUrl: fake.apiUrl }, logger, interactions: { deferAfterMs } });
    return bot;
  }

  let expectedRefusals = new Set<number>();
  beforeEach(async () => {
    expectedRefusals = new Set();
    fake = new FakeDiscord();
    await fake.start();
    alice = fake.addUser({ username: 'alice', permissions: ADMIN_PERMS });
    channel = fake.guilds[0]!.channels[0]!.id;
  });
  afterEach(async () => {
    await bot?.stop();
    bot = null;
    await fake.stop();
    // The stand-in refuses what Discord refuses (limits, late or double answers): the adapter never made it,
    // except where a test arranged it.
    expect(fake.refusals.filter((r) => !expectedRefusals.has(r.code))).toEqual([]);
  });

  /** Starts a bot whose core answers `paper now` only when the test releases it (the defer comes after 50 ms). */
  async function slowPublicAnswer() {
    let release!: (r: Reply) => void;
    await start(stubCore({ execute: () => new Promise<Reply>((r) => (release = r)) }), 50);
    const i = fake.slashCommand({ user: alice, channelId: channel, path: 'paper now' });
    return { i, release: () => release({ private: false, title: 'Week 3', text: 'LoRA' }) };
  }
  const seesWeek3 = () => fake.channelSees(channel).some((m) => m.embeds?.[0]?.title === 'Week 3');

  it('GIVEN a slow public reply THEN the deferral is private ("thinking…" only for the caller), the channel sees the answer, and the caller\'s placeholder is turned into a note and removed', async () => {
    const { i, release } = await slowPublicAnswer();
    const cb = await fake.waitForCallback(i.id);
    expect(cb.body).toMatchObject({ type: 5, data: { flags: 64 } }); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, ephemeral
    release();
    await waitUntil(seesWeek3, 'the channel to see the answer');
    const it = fake.interaction(i.id)!;
    // The first follow-up after a defer would only have edited the private placeholder: the answer is its own message.
    const answer = it.followUps.find((m) => m.body.embeds?.[0]?.title === 'Week 3')!;
    expect(answer).toMatchObject({ ephemeral: false, deleted: false });
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
    await waitUntil(() => it.original?.deleted, 'the placeholder note to be removed');
    expect(it.original).toMatchObject({ ephemeral: true, body: { content: SLOW_PUBLIC_NOTE } });
  });

  it('GIVEN the interaction is over 3 s old when the bot defers (Discord refuses, 10062) THEN the slow public answer is posted in the channel', async () => {
    expectedRefusals.add(10062);
    const { i, release } = await slowPublicAnswer();
    fake.ageInteraction(i.id, 3_000);
    await fake.waitForCallback(i.id);
    release();
    await waitUntil(seesWeek3, 'the channel to see the answer');
    expect(fake.messages.get(channel)?.some((m) => m.embeds?.[0]?.title === 'Week 3')).toBe(true);
    expect(fake.interaction(i.id)!.answered).toBe(false);
  });

  it('GIVEN the answer comes after the interaction token expired (15 min) THEN the public answer is posted in the channel', async () => {
    expectedRefusals.add(50027);
    const { i, release } = await slowPublicAnswer();
    await fake.waitForCallback(i.id);
    fake.ageInteraction(i.id, 15 * 60_000);
    release();
    await waitUntil(seesWeek3, 'the channel to see the answer');
    expect(fake.messages.get(channel)?.some((m) => m.embeds?.[0]?.title === 'Week 3')).toBe(true);
  });

  it('GIVEN a slow private reply THEN the private deferral is edited into the answer', async () => {
    await start(stubCore({ execute: async () => (await new Promise((r) => setTimeout(r, 120)), { private: true, error: true, text: 'only you' }) }), 20);
    const i = fake.slashCommand({ user: alice, channelId: channel, path: 'paper now' });
    const cb = await fake.waitForCallback(i.id);
    expect(cb.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${i.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: 'only you' });
    expect(fake.requests.some((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${i.token}`)).toBe(false);
  });

  it('GIVEN 40 suggestions with long names THEN Discord gets 25, names cut to 100', async () => {
    const many = Array.from({ length: 40 }, (_, n) => ({ name: `${n} ${'x'.repeat(150)}`, value: `p${n}` }));
    const core = stubCore({ suggest: async (req) => (core.calls.push(req), many) });
    await start(core);
    const i = fake.slashCommand({ user: alice, channelId: channel, path: 'read', options: { paper: 'lo' }, focused: 'paper' });
    const cb = await fake.waitForCallback(i.id);
    expect(cb.body.type).toBe(8);
    expect(cb.body.data.choices).toHaveLength(25);
    expect(cb.body.data.choices.every((c: any) => c.name.length <= 100)).toBe(true);
    expect(core.calls[0]).toMatchObject({ source: 'paper', query: 'lo' });
  });

  it('GIVEN an attachment option THEN the core gets the file text and the Manage Server flag', async () => {
    const core = stubCore();
    await start(core);
    const i = fake.slashCommand({ user: alice, channelId: channel, path: 'club import', options: { file: { file: { name: 'list.md', content: '# My list\n- [A](https://a)' } } } });
    await fake.waitForAnswer(i);
    expect(core.calls[0]).toMatchObject({
      command: 'club import',
      args: { file: { name: 'list.md', content: '# My list\n- [A](https://a)' } },
      user: { userId: alice.id, displayName: 'alice', isPlatformAdmin: true },
      where: { platform: 'discord', workspace: fake.guilds[0]!.id, channel },
    });
  });

  it('GIVEN an attachment over 1 MB THEN the admin is told the limit, in the same words as on Slack, and the core never runs', async () => {
    const core = stubCore();
    await start(core);
    const big = '# List\n' + 'x'.repeat(1536 * 1024 - 7);
    const i = fake.slashCommand({ user: alice, channelId: channel, path: 'club import', options: { file: { file: { name: 'big.md', content: big } } } });
    const answer = await fake.waitForAnswer(i);
    expect(answer.data.content).toBe('big.md is 1,536 kB; a reading list import takes a markdown file of at most 1 MB (1,024 kB).');
    expect(core.calls).toEqual([]);
  });

  it('GIVEN a presenter with closed DMs THEN the reminder goes to the club channel pinging only them', async () => {
    const a = await start(stubCore());
    const bob = fake.addUser({ username: 'bob', dmClosed: true });
    expectedRefusals.add(50007);
    const since = fake.mark();
    await a.delivery.remindPresenter(club(channel, fake.guilds[0]!.id), member(bob), 'You present LoRA on Wednesday @everyone');
    const sent = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`, { since });
    expect(sent.body.content).toBe(`<@${bob.id}> You present LoRA on Wednesday @everyone`);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], users: [bob.id] });
  });

  it('GIVEN open DMs THEN the reminder is a DM without mentions', async () => {
    const a = await start(stubCore());
    const carol = fake.addUser({ username: 'carol' });
    await a.delivery.remindPresenter(club(channel, fake.guilds[0]!.id), member(carol), 'You present soon');
    const dm = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/dm-${carol.id}/messages`);
    expect(dm.body).toMatchObject({ content: 'You present soon', allowed_mentions: { parse: [] } });
  });

  it('GIVEN missing permission to react THEN the post stands and the club is told once, not per post', async () => {
    const a = await start(stubCore());
    fake.failWith = (r) => (r.method === 'PUT' && r.path.includes('/reactions/') ? { status: 403, code: 50013, message: 'Missing Permissions' } : null);
    const c = club(channel, fake.guilds[0]!.id);
    const post = (slot: number) => ({
      clubId: 1, key: `club:1:${slot}`, heading: 'Week', number: 1, threadName: 'Meeting 1: T', paperKey: 'k', title: 'T', url: 'https://x', summary: null, footnote: null,
      presenters: [], lists: [], meetingAt: new Date(slot), timezone: 'UTC', readEmoji: '✅', howToRead: 'React', buttons: [],
    });
    const p1 = await a.delivery.postMeeting(c, post(1));
    const p2 = await a.delivery.postMeeting(c, post(2));
    expect(p1.messageId).not.toBe(p2.messageId);
    const notices = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages` && String(r.body?.content).includes('missing permissions'));
    expect(notices).toHaveLength(1);
    expect(logger.lines.filter((l) => l.msg === 'discord request failed' && l.kind === 'missing-permissions')).toHaveLength(2);
    // Threads were still opened on both posts.
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/threads'))).toHaveLength(2);
  });

  it('GIVEN a post sent before a crash THEN findPost finds it by key, and not another week', async () => {
    const a = await start(stubCore());
    const c = club(channel, fake.guilds[0]!.id);
    const post = { clubId: 1, key: 'club:1:99', heading: 'W', number: 1, threadName: 'Meeting 1: T', paperKey: 'k', title: 'T', url: 'https://x', summary: null, footnote: null, presenters: [], lists: [], meetingAt: new Date(99), timezone: 'UTC', readEmoji: '✅', howToRead: 'R', buttons: [] };
    const sent = await a.delivery.postMeeting(c, post);
    expect(await a.delivery.findPost(c, post)).toEqual(sent);
    expect(await a.delivery.findPost(c, { ...post, key: 'club:1:100' })).toBeNull();
  });

  it('GIVEN a bot login THEN the token never appears in the logs', async () => {
    await start(stubCore());
    expect(JSON.stringify(logger.lines)).not.toContain('test-token');
  });
});
