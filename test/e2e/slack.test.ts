/**
 * The real Bolt app, over HTTP on 127.0.0.1, against the local Slack stand-in: signed slash commands, button clicks,
 * reaction events, retries, bad signatures, the weekly post, Web API failures; and one Socket Mode round trip.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import type { Club } from '../../src/club/types.ts';
import { memoryLogger } from '../../src/logger.ts';
import { SlackDeliveryError } from '../../src/platforms/slack/errors.ts';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/index.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import {
  blockActionBody,
  reactionEventBody,
  signedPost,
  slackSignature,
  slashCommandBody,
  startFakeSlack,
  TEAM_ID,
  type FakeSlack,
} from './fake-slack.ts';

const SECRET = 'e2e-signing-secret';
const CHANNEL = 'CCLUB';
const SEED = new URL('../../seeds/latent-space-paper-club.md', import.meta.url);

interface Respond {
  response_type?: string;
  replace_original?: boolean;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
}

/** Everything a person would read in a response (block texts, fields, buttons). */
function shown(r: Respond): string {
  return JSON.stringify(r.blocks ?? []) + '\n' + (r.text ?? '');
}

async function waitUntil<T>(check: () => T | null | undefined | false, what: string, timeoutMs = 3000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slack over HTTP (real Bolt, local stand-in)', () => {
  let fake: FakeSlack;
  let db: Db;
  let core: ClubCore;
  let slack: RunningSlack;
  const log = memoryLogger();
  const clock = manualClock('2026-01-05T12:00:00Z');
  let seq = 0;

  async function slash(text: string, user = 'UALICE', opts: { channel?: string; pages?: number } = {}): Promise<Respond> {
    const id = `cmd-${++seq}`;
    const name = user.slice(1).toLowerCase();
    const body = slashCommandBody({ text, userId: user, userName: name, channel: opts.channel ?? CHANNEL, responseUrl: fake.responseUrl(id) });
    const res = await signedPost(slack.url!, body, { secret: SECRET });
    expect(res.status).toBe(200);
    const first = (await fake.waitForResponse(id)) as Respond;
    if (opts.pages) await fake.waitForResponse(id, opts.pages);
    return first;
  }

  async function click(value: string, user: string, messageTs: string): Promise<Respond> {
    const id = `click-${++seq}`;
    const body = blockActionBody({
      userId: user,
      userName: user.slice(1).toLowerCase(),
      channel: CHANNEL,
      messageTs,
      actionId: 'paperclub-0',
      value,
      responseUrl: fake.responseUrl(id),
    });
    const res = await signedPost(slack.url!, body, { secret: SECRET });
    expect(res.status).toBe(200);
    return (await fake.waitForResponse(id)) as Respond;
  }

  /** Sends a reaction event and waits until the listener has handled it (it logs the event id). */
  async function react(p: { added: boolean; eventId: string; user: string; ts: string; reaction?: string; retryNum?: number }) {
    const before = handled(p.eventId);
    const body = reactionEventBody({ ...p, userId: p.user, channel: CHANNEL, reaction: p.reaction ?? 'white_check_mark' });
    const res = await signedPost(slack.url!, body, { secret: SECRET, contentType: 'json', retryNum: p.retryNum });
    expect(res.status).toBe(200);
    return waitUntil(() => handled(p.eventId) > before && log.lines.filter((l) => l.eventId === p.eventId).at(-1), `event ${p.eventId}`);
  }

  function handled(eventId: string): number {
    return log.lines.filter((l) => l.msg === 'reaction handled' && l.eventId === eventId).length;
  }

  const readMarks = (userId: string) =>
    (db.prepare(`SELECT count(*) AS n FROM read_marks r JOIN members m ON m.id = r.member_id WHERE m.user_id = ?`).get(userId) as { n: number }).n;
  const presenters = () =>
    (db.prepare(`SELECT m.user_id AS userId FROM sign_ups p JOIN members m ON m.id = p.member_id`).all() as Array<{ userId: string }>).map((r) => r.userId);
  const club = (): Club => core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: CHANNEL })!;

  beforeAll(async () => {
    fake = await startFakeSlack();
    db = openDb(':memory:');
    importList(db, { slug: 'latent-space', markdown: readFileSync(SEED, 'utf8'), source: 'latent-space-paper-club.md' });
    core = new ClubCore({ db, clock, logger: log });
    slack = await startSlack({
      core,
      config: { botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, retries: 0 },
      logger: log,
      clock,
    });
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.stop();
    db?.close();
  });

  it('GIVEN the app starts THEN it listens on 127.0.0.1 in HTTP mode', () => {
    expect(slack.mode).toBe('http');
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
  });

  it('GIVEN /paperclub help THEN the caller alone sees every command under /paperclub', async () => {
    const r = await slash('help');
    // Bolt verified the bot token against the stand-in (auth.test) before handling the first request.
    expect(fake.callsOf('auth.test')[0]?.token).toBe('xoxb-test');
    expect(r.response_type).toBe('ephemeral');
    for (const path of ['paper now', 'signup', 'withdraw', 'read', 'note', 'progress', 'leaderboard', 'club setup']) {
      expect(shown(r)).toContain(`/paperclub ${path}`);
    }
  });

  it('GIVEN a member (not an admin) THEN /paperclub club setup is refused privately and no club is made', async () => {
    const r = await slash('club setup');
    expect(r.response_type).toBe('ephemeral');
    expect(shown(r)).toMatch(/admins/i);
    expect(core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: CHANNEL })).toBeNull();
  });

  it('GIVEN a workspace admin THEN club setup starts the club and the channel sees it', async () => {
    const r = await slash('club setup', 'UBOSS');
    expect(r.response_type).toBe('in_channel');
    expect(shown(r)).toMatch(/Paper club started/);
    expect(club().sequenceSlug).toBe('latent-space');
    // users.info told us UBOSS is an admin.
    expect(fake.callsOf('users.info').some((c) => c.args.user === 'UBOSS')).toBe(true);
  });

  it('GIVEN a member THEN an admin command (club skip, club pause) is refused and changes nothing', async () => {
    const before = club();
    for (const line of ['club skip', 'club pause']) {
      const r = await slash(line, 'UBOB');
      expect(r.response_type).toBe('ephemeral');
      expect(shown(r)).toMatch(/admins/i);
    }
    expect(club()).toEqual(before);
    expect(db.prepare(`SELECT count(*) AS n FROM meetings`).get()).toEqual({ n: 0 });
  });

  it('GIVEN the paper commands THEN now, upcoming, search and lists answer without errors', async () => {
    const now = await slash('paper now');
    expect(shown(now)).not.toMatch(/warning|went wrong/);
    const upcoming = await slash('paper upcoming 3');
    expect(shown(upcoming)).toMatch(/\*Meeting 1\* · Wed 7 Jan 2026, 17:00 UTC/);
    const search = await slash('paper search attention');
    expect(shown(search)).toMatch(/Attention/i);
    const lists = await slash('paper lists');
    expect(shown(lists)).toContain('latent-space');
    const bad = await slash('paper show lorraxyzzy');
    expect(bad.response_type).toBe('ephemeral');
    expect(shown(bad)).toContain(':warning:');
  });

  it('GIVEN signup and withdraw THEN the channel sees who presents and the sign-up is freed again', async () => {
    const s = await slash('signup 2', 'UALICE');
    expect(s.response_type).toBe('in_channel');
    expect(presenters()).toEqual(['UALICE']);
    // Core replies name commands like Discord; on Slack they read /paperclub withdraw.
    expect(shown(s)).toContain('/paperclub withdraw');
    const w = await slash('withdraw 2', 'UALICE');
    expect(shown(w)).toMatch(/withdrew/);
    expect(presenters()).toEqual([]);
  });

  let postTs = '';
  let signupAction = '';
  let readAction = '';

  it('GIVEN the weekly post (beginPost -> postMeeting -> completePost) THEN Block Kit with date token, buttons, metadata, read emoji and a thread', async () => {
    const slotAt = Date.parse('2026-01-07T17:00:00Z');
    clock.set(slotAt - 60_000);
    const begun = core.beginPost(club().id, slotAt)!;
    expect(begun).not.toBeNull();
    const posted = await slack.delivery.postMeeting(club(), begun.post);
    core.completePost(club().id, slotAt, posted);
    postTs = posted.messageId;

    const call = fake.callsOf('chat.postMessage').find((c) => c.args.thread_ts === undefined && c.args.metadata)!;
    const blocks = call.args.blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ value: string; text: { text: string } }> }>;
    expect(call.args.channel).toBe(CHANNEL);
    expect(blocks[0]!.type).toBe('header');
    expect(blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(blocks);
    expect(json).toContain(`<${begun.post.url}|`);
    expect(json).toContain(`<!date^${slotAt / 1000}^{date_long_pretty} at {time}|`);
    expect(json).toContain('Presenter wanted!');
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.text.text)).toEqual(['Sign up to present', 'Mark read']);
    signupAction = actions.elements![0]!.value;
    readAction = actions.elements![1]!.value;
    expect(call.args.metadata).toEqual({ event_type: 'paperclub_post', event_payload: { key: begun.post.key } });

    expect(fake.callsOf('reactions.add').at(-1)!.args).toMatchObject({ channel: CHANNEL, timestamp: postTs, name: 'white_check_mark' });
    expect(fake.callsOf('chat.postMessage').some((c) => c.args.thread_ts === postTs)).toBe(true);

    // After a crash between send and record, findPost finds it by its metadata key; another key is certainly absent.
    expect(await slack.delivery.findPost(club(), begun.post)).toEqual({ channel: CHANNEL, messageId: postTs });
    expect(await slack.delivery.findPost(club(), { ...begun.post, key: 'club:1:0' })).toBeNull();
  });

  /** chat.update calls for the weekly post made after the first `after` calls were recorded. */
  const postUpdates = (after: number) => fake.calls.slice(after).filter((c) => c.method === 'chat.update' && c.args.channel === CHANNEL && c.args.ts === postTs);

  it('GIVEN a click on Sign up to present THEN the clicker presents, and after the reply chat.update edits the post in place naming them', async () => {
    const before = fake.calls.length;
    const id = `click-${seq + 1}`;
    const r = await click(signupAction, 'UBOB', postTs);
    expect(r.replace_original).toBe(false);
    expect(shown(r)).toMatch(/Bob will present/);
    expect(presenters()).toEqual(['UBOB']);

    const update = await waitUntil(() => postUpdates(before)[0], 'chat.update after sign-up');
    expect(fake.callsOf('chat.update')).toHaveLength(1);
    // The user's answer went out first; the edit follows it.
    expect(update.at).toBeGreaterThanOrEqual(fake.responses.find((x) => x.id === id)!.at);
    expect(update.token).toBe('xoxb-test');
    const blocks = JSON.stringify(update.args.blocks);
    expect(blocks).toContain('*Presenting:* <@UBOB>');
    expect(blocks).not.toContain('Presenter wanted!');
    expect(JSON.stringify(update.args)).not.toMatch(/<!here>|<!channel>|<!everyone>/);
    expect(update.args.text).toMatch(/presenting: Bob/);
    // Same message, edited, metadata kept: findPost still finds it after a crash; nothing new was posted.
    expect(update.args.metadata).toEqual(fake.callsOf('chat.postMessage').find((c) => c.args.metadata)!.args.metadata);
    expect(JSON.stringify(fake.messages.get(CHANNEL)!.find((m) => m.ts === postTs)!.blocks)).toContain('<@UBOB>');
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.metadata)).toHaveLength(1);
  });

  it('GIVEN /paperclub withdraw then a new sign-up THEN the post goes back to "Presenter wanted!" and then names the presenter', async () => {
    let before = fake.calls.length;
    expect(shown(await slash('withdraw', 'UBOB'))).toMatch(/withdrew/);
    const freed = await waitUntil(() => postUpdates(before)[0], 'chat.update after withdraw');
    expect(JSON.stringify(freed.args.blocks)).toContain('Presenter wanted!');
    expect(JSON.stringify(freed.args.blocks)).not.toContain('<@UBOB>');

    before = fake.calls.length;
    expect(shown(await click(signupAction, 'UBOB', postTs))).toMatch(/Bob will present/);
    const taken = await waitUntil(() => postUpdates(before)[0], 'chat.update after sign-up');
    expect(JSON.stringify(taken.args.blocks)).toContain('*Presenting:* <@UBOB>');
  });

  it('GIVEN chat.update fails (deleted post, cannot edit, not in channel, rate limited) THEN it is logged and the command still succeeds', async () => {
    const failures: Array<[string, () => void]> = [
      ['message_not_found', () => fake.failNext('chat.update', 'message_not_found')],
      ['cant_update_message', () => fake.failNext('chat.update', 'cant_update_message')],
      ['not_in_channel', () => fake.failNext('chat.update', 'not_in_channel')],
      ['ratelimited', () => fake.rateLimitNext('chat.update', 0)],
    ];
    for (const [code, arrange] of failures) {
      arrange();
      const before = fake.calls.length;
      const w = await slash('withdraw', 'UBOB');
      expect(w.response_type).toBe('in_channel');
      expect(shown(w)).toMatch(/withdrew/);
      await waitUntil(() => log.lines.some((l) => l.msg === 'slack api call failed' && l.method === 'chat.update' && l.code === code), `logged ${code}`);
      expect(log.lines.find((l) => l.method === 'chat.update' && l.code === code)).toMatchObject({ channel: CHANNEL, ts: postTs, club: club().id });
      expect(postUpdates(before)).toHaveLength(1);
      expect(shown(await click(signupAction, 'UBOB', postTs))).toMatch(/Bob will present/);
      await waitUntil(() => postUpdates(before).length === 2, 'chat.update after signing up again');
    }
    expect(presenters()).toEqual(['UBOB']);
    expect(log.lines.some((l) => l.msg === 'slash command failed' || l.msg === 'button failed')).toBe(false);
  });

  it('GIVEN a click on Mark read THEN it is marked privately', async () => {
    const r = await click(readAction, 'UBOB', postTs);
    expect(r.response_type).toBe('ephemeral');
    expect(readMarks('UBOB')).toBe(1);
  });

  it('GIVEN reaction_added then reaction_removed with the club emoji THEN the paper is marked then un-marked', async () => {
    expect(readMarks('UALICE')).toBe(0);
    const added = await react({ added: true, eventId: 'Ev1', user: 'UALICE', ts: postTs });
    expect(added).toMatchObject({ applied: true, reason: 'marked read' });
    expect(readMarks('UALICE')).toBe(1);
    const removed = await react({ added: false, eventId: 'Ev2', user: 'UALICE', ts: postTs });
    expect(removed).toMatchObject({ applied: true, reason: 'unmarked' });
    expect(readMarks('UALICE')).toBe(0);
  });

  it('GIVEN a skin-toned read emoji THEN it still counts; another emoji or another message does not', async () => {
    await react({ added: true, eventId: 'Ev3', user: 'UALICE', ts: postTs, reaction: 'white_check_mark::skin-tone-3' });
    expect(readMarks('UALICE')).toBe(1);
    await react({ added: false, eventId: 'Ev4', user: 'UALICE', ts: postTs });
    // Not handled at all (filtered before the core): a different emoji.
    const body = reactionEventBody({ added: true, eventId: 'Ev5', userId: 'UALICE', channel: CHANNEL, ts: postTs, reaction: 'tada' });
    expect((await signedPost(slack.url!, body, { secret: SECRET, contentType: 'json' })).status).toBe(200);
    // Nor the read emoji on a message that is not a meeting post: no users.info call, no mark.
    const lookups = fake.callsOf('users.info').length;
    const otherMessage = reactionEventBody({ added: true, eventId: 'Ev6', userId: 'UALICE', channel: CHANNEL, ts: '1699999999.000001', reaction: 'white_check_mark' });
    expect((await signedPost(slack.url!, otherMessage, { secret: SECRET, contentType: 'json' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(handled('Ev6')).toBe(0);
    expect(fake.callsOf('users.info').length).toBe(lookups);
    expect(readMarks('UALICE')).toBe(0);
  });

  it('GIVEN Slack re-sends an event (X-Slack-Retry-Num, same event_id) THEN it applies once', async () => {
    await react({ added: true, eventId: 'Ev7', user: 'UALICE', ts: postTs });
    expect(readMarks('UALICE')).toBe(1);
    await react({ added: false, eventId: 'Ev8', user: 'UALICE', ts: postTs });
    expect(readMarks('UALICE')).toBe(0);
    // The late retry of Ev7 must not mark the paper again after Ev8 un-marked it.
    const retried = await react({ added: true, eventId: 'Ev7', user: 'UALICE', ts: postTs, retryNum: 1 });
    expect(retried).toMatchObject({ applied: false, reason: 'duplicate event' });
    expect(readMarks('UALICE')).toBe(0);
  });

  it('GIVEN read, note, notes, progress and leaderboard THEN they work and user text never pings', async () => {
    const read = await slash('read');
    expect(read.response_type).toBe('ephemeral');
    expect(readMarks('UALICE')).toBe(1);
    const key = (db.prepare(`SELECT p.key FROM meetings m JOIN papers p ON p.id = m.paper_id`).get() as { key: string }).key;
    const note = await slash(`note ${key} worth it &lt;!here&gt; and &lt;@UBOB&gt;`);
    expect(shown(note)).toMatch(/Saved note/);
    const notes = await slash(`notes ${key}`);
    expect(shown(notes)).toContain('&lt;!here&gt;');
    expect(shown(notes)).not.toMatch(/<!here>|<@UBOB>/);
    const progress = await slash('progress');
    expect(progress.response_type).toBe('ephemeral');
    expect(shown(progress)).toMatch(/1/);
    const board = await slash('leaderboard');
    expect(board.response_type).toBe('in_channel');
    expect(shown(board)).toMatch(/Alice/);
  });

  it('GIVEN a bad signature or a stale timestamp THEN 401 and nothing runs', async () => {
    const before = { club: club(), marks: readMarks('UBOB'), calls: fake.calls.length };
    const id = `bad-${++seq}`;
    const body = slashCommandBody({ text: 'club pause', userId: 'UBOSS', userName: 'boss', channel: CHANNEL, responseUrl: fake.responseUrl(id) });
    expect((await signedPost(slack.url!, body, { secret: SECRET, signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await signedPost(slack.url!, body, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await signedPost(slack.url!, body, { secret: SECRET, timestamp: stale, signature: slackSignature(SECRET, stale, body) })).status).toBe(401);
    const ev = reactionEventBody({ added: false, eventId: 'EvBad', userId: 'UBOB', channel: CHANNEL, ts: postTs, reaction: 'white_check_mark' });
    expect((await signedPost(slack.url!, ev, { secret: 'nope', contentType: 'json' })).status).toBe(401);
    await sleep(150);
    expect(fake.responses.filter((r) => r.id === id)).toEqual([]);
    expect(handled('EvBad')).toBe(0);
    expect({ club: club(), marks: readMarks('UBOB'), calls: fake.calls.length }).toEqual(before);
  });

  it('GIVEN the bot is not in the channel THEN delivery logs it, the message says invite me, and the app keeps serving', async () => {
    fake.notMember.add(CHANNEL);
    const err = await slack.delivery.notifyClub(club(), 'Call for a presenter!').catch((e: unknown) => e);
    fake.notMember.delete(CHANNEL);
    expect(err).toBeInstanceOf(SlackDeliveryError);
    expect((err as SlackDeliveryError).failure.code).toBe('not_in_channel');
    expect((err as SlackDeliveryError).failure.userMessage).toMatch(/invite me/);
    expect(log.lines.some((l) => l.msg === 'slack api call failed' && l.code === 'not_in_channel' && l.channel === CHANNEL)).toBe(true);

    fake.failNext('chat.postMessage', 'channel_not_found');
    const gone = (await slack.delivery.notifyClub(club(), 'x').catch((e: unknown) => e)) as SlackDeliveryError;
    expect(gone.failure.userMessage).toMatch(/can't see/);

    fake.rateLimitNext('chat.postMessage', 0);
    const limited = (await slack.delivery.notifyClub(club(), 'x').catch((e: unknown) => e)) as SlackDeliveryError;
    expect(limited.failure.code).toBe('ratelimited');

    expect(shown(await slash('paper now'))).not.toMatch(/went wrong/);
  });

  it('GIVEN a presenter reminder THEN it goes by DM, and to the channel with a mention when DMs fail', async () => {
    const bob = core.member({ platform: 'slack', workspace: TEAM_ID }, { userId: 'UBOB', displayName: 'Bob' });
    await slack.delivery.remindPresenter(club(), bob, 'You present on Wednesday. <!here>');
    const dm = fake.callsOf('chat.postMessage').at(-1)!;
    expect(dm.args.channel).toBe('DUBOB');
    expect(JSON.stringify(dm.args.blocks)).not.toContain('<!here>');
    fake.failNext('conversations.open', 'cannot_dm_bot');
    await slack.delivery.remindPresenter(club(), bob, 'You present on Wednesday.');
    const fallback = fake.callsOf('chat.postMessage').at(-1)!;
    expect(fallback.args.channel).toBe(CHANNEL);
    expect(JSON.stringify(fallback.args.blocks)).toContain('<@UBOB> You present on Wednesday.');
  });
});

describe('slack over Socket Mode (local WebSocket)', () => {
  let fake: FakeSlack;
  let db: Db;
  let slack: RunningSlack | undefined;

  beforeAll(async () => {
    fake = await startFakeSlack();
    db = openDb(':memory:');
    importList(db, { slug: 'latent-space', markdown: readFileSync(SEED, 'utf8'), source: 'latent-space-paper-club.md' });
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.stop();
    db?.close();
  });

  it('GIVEN an app token THEN it opens the socket via apps.connections.open, gets hello, and acks a slash command envelope', async () => {
    const core = new ClubCore({ db, clock: manualClock('2026-01-05T12:00:00Z'), logger: memoryLogger() });
    slack = await startSlack({
      core,
      config: { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: fake.apiUrl, retries: 0 },
      logger: memoryLogger(),
    });
    expect(slack.mode).toBe('socket');
    expect(slack.url).toBeNull();
    const open = fake.callsOf('apps.connections.open')[0]!;
    expect(open.token).toBe('xapp-test');
    await fake.waitForSocket();

    const ack = await fake.sendEnvelope('slash_commands', {
      token: 'legacy',
      team_id: TEAM_ID,
      channel_id: CHANNEL,
      channel_name: 'club',
      user_id: 'UALICE',
      user_name: 'alice',
      command: '/paperclub',
      text: 'help',
      api_app_id: 'A0APP',
      response_url: fake.responseUrl('socket-help'),
      trigger_id: 'trig',
    });
    expect(ack).toEqual({});
    const r = (await fake.waitForResponse('socket-help')) as Respond;
    expect(r.response_type).toBe('ephemeral');
    expect(shown(r)).toContain('/paperclub paper now');
  });
});
