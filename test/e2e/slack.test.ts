import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * The real Bolt app, over HTTP on 127.0.0.1, against the local Slack stand-in: signed slash commands, button clicks,
 * reaction events, retries, bad signatures, the weekly post, Web API failures, the scheduler's sends; and one Socket
 * Mode round trip. Every test starts its own stand-in, database and app (shared helpers, no shared state), so each
 * can run alone; the stand-in refuses what Slack refuses, and no test may make it refuse what the test did not ask for.
 */
import { openTestDb } from '../helpers/test-db.ts';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { exportClub } from '../../src/commands/club/export-markdown.ts';
import type { Club } from '../../src/club/types.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { SlackDeliveryError } from '../../src/platforms/slack/errors.ts';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/index.ts';
import { type Db } from '../../src/store/db.ts';
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
import { CHANNEL, SECRET, slackWorld } from './slack-world.ts';
import { waitUntil } from './wait-until.ts';
import { rowOf, rowsOf } from '../helpers/sql.ts';
import { sequenceOf } from '../../src/store/clubs.ts';
import { parkedClub } from '../../src/store/health.ts';
import { addNote } from '../../src/store/notes.ts';

const OTHER = 'COTHER';
const SEED = new URL('../../seeds/latent-space-paper-club.md', import.meta.url);
const SEED_TEXT = readFileSync(SEED, 'utf8');

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


/** One test's world: a fresh stand-in, database, core and Bolt app, plus helpers that drive them as Slack would. */
async function startWorld() {
  const base = await slackWorld();
  const { fake, db, log, clock, core, slack } = base;
  // startSlack awaited Bolt's token check (auth.test) before it returned.
  expect(fake.callsOf('auth.test')).toHaveLength(1); // checked once at start-up; Bolt is given the answer
  /** Refusals a test arranged on purpose; any other refusal by the stand-in fails the test in afterEach. */
  const expectedRefusals = new Set<string>();

  const w = {
    ...base,
    expectedRefusals,
    async slash(text: string, user = 'UALICE', opts: { channel?: string; team?: string } = {}): Promise<Respond> {
      return (await w.slashAll(text, user, { ...opts, pages: 1 }))[0]!;
    },
    /** Runs a slash command and returns its first `pages` responses. */
    async slashAll(text: string, user = 'UALICE', opts: { channel?: string; pages?: number; team?: string } = {}): Promise<Respond[]> {
      const id = base.nextId('cmd');
      const body = slashCommandBody({ text, userId: user, userName: user.slice(1).toLowerCase(), channel: opts.channel ?? CHANNEL, responseUrl: fake.responseUrl(id), team: opts.team });
      const res = await signedPost(slack.url!, body, { secret: SECRET });
      expect(res.status).toBe(200);
      const out: Respond[] = [];
      for (let n = 1; n <= (opts.pages ?? 1); n++) out.push((await fake.waitForResponse(id, n)) as Respond);
      return out;
    },
    async click(value: string, user: string, messageTs: string, opts: { channel?: string; team?: string } = {}): Promise<Respond> {
      const id = base.nextId('click');
      const body = blockActionBody({ userId: user, userName: user.slice(1).toLowerCase(), channel: opts.channel ?? CHANNEL, messageTs, actionId: 'paperclub-0', value, responseUrl: fake.responseUrl(id), team: opts.team });
      const res = await signedPost(slack.url!, body, { secret: SECRET });
      expect(res.status).toBe(200);
      return (await fake.waitForResponse(id)) as Respond;
    },
    /** Sends a reaction event and resolves with what the listener logged for it: handled, or ignored before the core. */
    async react(p: { added: boolean; eventId: string; user: string; ts: string; reaction?: string; retryNum?: number }) {
      const seen = w.logged(p.eventId).length;
      const body = reactionEventBody({ ...p, userId: p.user, channel: CHANNEL, reaction: p.reaction ?? 'white_check_mark' });
      const res = await signedPost(slack.url!, body, { secret: SECRET, contentType: 'json', retryNum: p.retryNum });
      expect(res.status).toBe(200);
      return waitUntil(() => w.logged(p.eventId)[seen], `event ${p.eventId}`);
    },
    logged: (eventId: string) => log.lines.filter((l) => (l.msg === 'reaction handled' || l.msg === 'reaction ignored') && l.eventId === eventId),
    // Read marks from reactions are committed in groups, a moment later (on PostgreSQL over the network): written first.
    readMarks: async (userId: string) =>
      ((await core.flushWrites()), (await rowOf(db, `SELECT count(*) AS n FROM read_marks r JOIN members m ON m.id = r.member_id WHERE m.user_id = ?`, userId) as { n: number }).n),
    presenters: async () =>
      (await rowsOf(db, `SELECT m.user_id AS userId FROM sign_ups p JOIN members m ON m.id = p.member_id`) as Array<{ userId: string }>).map((r) => r.userId),
    club: async (channel = CHANNEL): Promise<Club> => (await core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel }))!,
    /** Invites the bot and sets up the club as a workspace admin, as an organiser would. */
    async setupClub(channel = CHANNEL, args = ''): Promise<Club> {
      fake.invite(channel);
      const r = await w.slash(`club setup ${args}`.trim(), 'UBOSS', { channel });
      expect(r.response_type).toBe('in_channel');
      return await w.club(channel);
    },
    /** Publishes the next weekly post of the channel's club (beginPost -> postMeeting -> completePost). */
    async publishPost(channel = CHANNEL) {
      const club = await w.club(channel);
      const slotAt = Date.parse('2026-01-07T17:00:00Z');
      clock.set(slotAt - 60_000);
      const begun = (await core.beginPost(club.id, slotAt))!;
      const posted = await slack.delivery.postMeeting(club, begun.post);
      await core.completePost(club.id, slotAt, posted);
      const message = fake.messages.get(channel)!.find((m) => m.ts === posted.messageId)!;
      const actions = (message.blocks as Array<{ type: string; elements?: Array<{ value: string }> }>).find((b) => b.type === 'actions')!;
      return { slotAt, begun, ts: posted.messageId, signup: actions.elements![0]!.value, read: actions.elements![1]!.value };
    },
    /** chat.update calls for message `ts` made after the first `after` calls were recorded. */
    updatesOf: (ts: string, after: number) => fake.calls.slice(after).filter((c) => c.method === 'chat.update' && c.args.ts === ts),
  };
  return w;
}
type World = Awaited<ReturnType<typeof startWorld>>;

describe('slack over HTTP (real Bolt, local stand-in)', () => {
  let w: World;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    const unexpected = w.fake.refusals.filter((r) => !w.expectedRefusals.has(r.error));
    await w.close();
    expect(unexpected).toEqual([]);
  });

  it('GIVEN the app starts THEN it listens on 127.0.0.1 in HTTP mode', () => {
    expect(w.slack.mode).toBe('http');
    expect(w.slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
  });

  it('GIVEN /paperclub help THEN the caller alone sees every command under /paperclub', async () => {
    const r = await w.slash('help');
    // Bolt verified the bot token against the stand-in (auth.test) before handling the first request.
    expect(w.fake.callsOf('auth.test')[0]?.token).toBe('xoxb-test');
    expect(r.response_type).toBe('ephemeral');
    for (const path of ['paper now', 'signup', 'withdraw', 'read', 'note', 'progress', 'leaderboard', 'club setup']) {
      expect(shown(r)).toContain(`/paperclub ${path}`);
    }
  });

  it('GIVEN a member (not an admin) THEN /paperclub club setup is refused privately and no club is made', async () => {
    w.fake.invite(CHANNEL);
    const r = await w.slash('club setup');
    expect(r.response_type).toBe('ephemeral');
    expect(shown(r)).toMatch(/admins/i);
    expect(await w.core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: CHANNEL })).toBeNull();
  });

  it('GIVEN a workspace admin in a channel the bot was invited to THEN club setup starts the club, publicly, and records who set it up', async () => {
    w.fake.invite(CHANNEL);
    const r = await w.slash('club setup', 'UBOSS');
    expect(r.response_type).toBe('in_channel');
    expect(shown(r)).toMatch(/Paper club started/);
    expect((await w.club()).sequenceSlug).toBe('latent-space');
    // users.info told us UBOSS is an admin; conversations.info that the bot is a member.
    expect(w.fake.callsOf('users.info').some((c) => c.args.user === 'UBOSS')).toBe(true);
    expect(w.fake.callsOf('conversations.info').map((c) => c.args.channel)).toEqual([CHANNEL]);
    expect(await parkedClub(w.db, (await w.club()).id)).toBeNull();
    expect((await w.club()).setupBy).toBe('UBOSS');
  });

  it('GIVEN a channel the bot was not invited to WHEN an admin runs club setup THEN only they are told "invite me first", and the club waits until fixed', async () => {
    const r = await w.slash('club setup', 'UBOSS');
    expect(r.response_type).toBe('ephemeral');
    expect(shown(r)).toContain("I'm not in #chan-cclub yet — invite me first (`/invite @paperclub`)");
    expect(shown(r)).toMatch(/nothing is posted here/);
    expect(await parkedClub(w.db, (await w.club()).id)).toMatchObject({ cause: 'not_in_channel', told: true });

    // Invited, the admin runs a club command: the check passes, the club is no longer parked, the answer is public.
    w.fake.invite(CHANNEL);
    const again = await w.slash('club schedule 0 18 * * 3 UTC', 'UBOSS');
    expect(again.response_type).toBe('in_channel');
    expect(shown(again)).toMatch(/Meetings: .*Next meeting: Wed 7 Jan 2026, 18:00/);
    expect(await parkedClub(w.db, (await w.club()).id)).toBeNull();
  });

  it('GIVEN an archived channel WHEN an admin runs club setup THEN they are told privately that it is archived', async () => {
    w.fake.invite(CHANNEL);
    w.fake.archived.add(CHANNEL);
    const r = await w.slash('club setup', 'UBOSS');
    expect(r.response_type).toBe('ephemeral');
    expect(shown(r)).toContain('#chan-cclub is archived');
  });

  it('GIVEN an admin runs /paperclub club setup in a direct message with the bot THEN they are told to use a channel, no club is made, and Slack is not asked about the DM (no im:read)', async () => {
    const dm = 'DUBOSS';
    const r = await w.slash('club setup', 'UBOSS', { channel: dm });
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toMatch(/work in channels, not in direct messages/);
    expect(r.text).toMatch(/club setup/);
    expect(await w.core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: dm })).toBeNull();
    expect(w.fake.callsOf('conversations.info')).toEqual([]);
    // help still answers there.
    expect((await w.slash('help', 'UBOSS', { channel: dm })).text).toMatch(/signup/);
  });

  it('GIVEN a member THEN an admin command (club skip, club pause) is refused and changes nothing', async () => {
    const before = await w.setupClub();
    for (const line of ['club skip', 'club pause']) {
      const r = await w.slash(line, 'UBOB');
      expect(r.response_type).toBe('ephemeral');
      expect(shown(r)).toMatch(/admins/i);
    }
    expect(await w.club()).toEqual(before);
    expect(await rowOf(w.db, `SELECT count(*) AS n FROM meetings`)).toEqual({ n: 0 });
  });

  it('GIVEN the paper commands THEN now, upcoming, search and lists answer without errors', async () => {
    await w.setupClub();
    const now = await w.slash('paper now');
    expect(shown(now)).not.toMatch(/warning|went wrong/);
    const upcoming = await w.slash('paper upcoming 3');
    expect(shown(upcoming)).toMatch(/\*Meeting 1\* · Wed 7 Jan 2026, 17:00 UTC/);
    const search = await w.slash('paper search attention');
    expect(shown(search)).toMatch(/Attention/i);
    const lists = await w.slash('paper lists');
    expect(shown(lists)).toContain('latent-space');
    const bad = await w.slash('paper show lorraxyzzy');
    expect(bad.response_type).toBe('ephemeral');
    expect(shown(bad)).toContain(':warning:');
  });

  it('GIVEN signup and withdraw THEN the channel sees who presents and the sign-up is freed again', async () => {
    await w.setupClub();
    const s = await w.slash('signup 2', 'UALICE');
    expect(s.response_type).toBe('in_channel');
    expect(await w.presenters()).toEqual(['UALICE']);
    // Core replies name commands like Discord; on Slack they read /paperclub withdraw.
    expect(shown(s)).toContain('/paperclub withdraw');
    const wd = await w.slash('withdraw 2', 'UALICE');
    expect(shown(wd)).toMatch(/withdrew/);
    expect(await w.presenters()).toEqual([]);
  });

  it('GIVEN the weekly post (beginPost -> postMeeting -> completePost) THEN Block Kit with date token, buttons, metadata, read emoji and a thread', async () => {
    await w.setupClub();
    const { slotAt, begun, ts } = await w.publishPost();
    const call = w.fake.callsOf('chat.postMessage').find((c) => c.args.thread_ts === undefined && c.args.metadata)!;
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
    expect(call.args.metadata).toEqual({ event_type: 'paperclub_post', event_payload: { key: begun.post.key } });

    expect(w.fake.callsOf('reactions.add').at(-1)!.args).toMatchObject({ channel: CHANNEL, timestamp: ts, name: 'white_check_mark' });
    expect(w.fake.callsOf('chat.postMessage').some((c) => c.args.thread_ts === ts)).toBe(true);

    // After a crash between send and record, findPost finds it by its metadata key; another key is certainly absent.
    expect(await w.slack.delivery.findPost(await w.club(), begun.post)).toEqual({ channel: CHANNEL, messageId: ts });
    expect(await w.slack.delivery.findPost(await w.club(), { ...begun.post, key: 'club:1:0' })).toBeNull();
  });

  it('GIVEN a click on Sign up to present THEN the clicker presents, and after the reply chat.update edits the post in place naming them', async () => {
    await w.setupClub();
    const { ts, signup } = await w.publishPost();
    const before = w.fake.calls.length;
    const r = await w.click(signup, 'UBOB', ts);
    expect(r.replace_original).toBe(false);
    expect(shown(r)).toMatch(/Bob will present/);
    expect(await w.presenters()).toEqual(['UBOB']);

    const update = await waitUntil(() => w.updatesOf(ts, before)[0], 'chat.update after sign-up');
    expect(w.fake.callsOf('chat.update')).toHaveLength(1);
    // The user's answer went out first; the edit follows it.
    expect(update.at).toBeGreaterThanOrEqual(w.fake.responses.at(-1)!.at);
    expect(update.token).toBe('xoxb-test');
    const blocks = JSON.stringify(update.args.blocks);
    expect(blocks).toContain('*Presenting:* <@UBOB>');
    expect(blocks).not.toContain('Presenter wanted!');
    expect(JSON.stringify(update.args)).not.toMatch(/<!here>|<!channel>|<!everyone>/);
    expect(update.args.text).toMatch(/presenting: Bob/);
    // Same message, edited, metadata kept: findPost still finds it after a crash; nothing new was posted.
    expect(update.args.metadata).toEqual(w.fake.callsOf('chat.postMessage').find((c) => c.args.metadata)!.args.metadata);
    expect(JSON.stringify(w.fake.messages.get(CHANNEL)!.find((m) => m.ts === ts)!.blocks)).toContain('<@UBOB>');
    expect(w.fake.callsOf('chat.postMessage').filter((c) => c.args.metadata)).toHaveLength(1);
  });

  it('GIVEN /paperclub withdraw then a new sign-up THEN the post goes back to "Presenter wanted!" and then names the presenter', async () => {
    await w.setupClub();
    const { ts, signup } = await w.publishPost();
    const start = w.fake.calls.length;
    expect(shown(await w.click(signup, 'UBOB', ts))).toMatch(/Bob will present/);
    await waitUntil(() => w.updatesOf(ts, start)[0], 'chat.update after the first sign-up');
    let before = w.fake.calls.length;
    expect(shown(await w.slash('withdraw', 'UBOB'))).toMatch(/withdrew/);
    const freed = await waitUntil(() => w.updatesOf(ts, before)[0], 'chat.update after withdraw');
    expect(JSON.stringify(freed.args.blocks)).toContain('Presenter wanted!');
    expect(JSON.stringify(freed.args.blocks)).not.toContain('<@UBOB>');

    before = w.fake.calls.length;
    expect(shown(await w.click(signup, 'UBOB', ts))).toMatch(/Bob will present/);
    const taken = await waitUntil(() => w.updatesOf(ts, before)[0], 'chat.update after sign-up');
    expect(JSON.stringify(taken.args.blocks)).toContain('*Presenting:* <@UBOB>');
  });

  it('GIVEN chat.update fails (deleted post, cannot edit, not in channel, rate limited) THEN it is logged and the command still succeeds', async () => {
    await w.setupClub();
    const { ts, signup } = await w.publishPost();
    const start = w.fake.calls.length;
    expect(shown(await w.click(signup, 'UBOB', ts))).toMatch(/Bob will present/);
    await waitUntil(() => w.updatesOf(ts, start)[0], 'chat.update after the first sign-up');
    const failures: Array<[string, () => void]> = [
      ['message_not_found', () => w.fake.failNext('chat.update', 'message_not_found')],
      ['cant_update_message', () => w.fake.failNext('chat.update', 'cant_update_message')],
      ['not_in_channel', () => w.fake.failNext('chat.update', 'not_in_channel')],
      ['ratelimited', () => w.fake.rateLimitNext('chat.update', 0)],
    ];
    for (const [code, arrange] of failures) {
      arrange();
      const before = w.fake.calls.length;
      const wd = await w.slash('withdraw', 'UBOB');
      expect(wd.response_type).toBe('in_channel');
      expect(shown(wd)).toMatch(/withdrew/);
      await waitUntil(() => w.log.lines.some((l) => l.msg === 'slack api call failed' && l.method === 'chat.update' && l.code === code), `logged ${code}`);
      expect(w.log.lines.find((l) => l.method === 'chat.update' && l.code === code)).toMatchObject({ channel: CHANNEL, ts, club: (await w.club()).id });
      expect(w.updatesOf(ts, before)).toHaveLength(1);
      expect(shown(await w.click(signup, 'UBOB', ts))).toMatch(/Bob will present/);
      await waitUntil(() => w.updatesOf(ts, before).length === 2, 'chat.update after signing up again');
    }
    expect(await w.presenters()).toEqual(['UBOB']);
    expect(w.log.lines.some((l) => l.msg === 'slash command failed' || l.msg === 'button failed')).toBe(false);
  });

  it('GIVEN a click on Mark read THEN it is marked privately', async () => {
    await w.setupClub();
    const { ts, read } = await w.publishPost();
    const r = await w.click(read, 'UBOB', ts);
    expect(r.response_type).toBe('ephemeral');
    expect(await w.readMarks('UBOB')).toBe(1);
  });

  it('GIVEN a button of one club crafted into another workspace or channel THEN it is refused and creates no member or mark', async () => {
    await w.setupClub();
    const { ts, read, signup } = await w.publishPost();
    const members = async () => (await rowOf(w.db, 'SELECT count(*) AS n FROM members') as { n: number }).n;
    w.fake.addUser({ id: 'UEVE', name: 'eve', displayName: 'Eve' });
    const before = await members();
    const elsewhere = await w.click(read, 'UEVE', ts, { team: 'T0OTHER' });
    expect(elsewhere.response_type).toBe('ephemeral');
    expect(shown(elsewhere)).toMatch(/another channel's paper club/);
    w.fake.invite(OTHER);
    const otherChannel = await w.click(signup, 'UBOB', ts, { channel: OTHER });
    expect(shown(otherChannel)).toMatch(/another channel's paper club/);
    expect(await members()).toBe(before);
    expect(await w.readMarks('UEVE')).toBe(0);
    expect(await w.presenters()).toEqual([]);
  });

  it('GIVEN reaction_added then reaction_removed with the club emoji THEN the paper is marked then un-marked', async () => {
    await w.setupClub();
    const { ts } = await w.publishPost();
    expect(await w.readMarks('UALICE')).toBe(0);
    const added = await w.react({ added: true, eventId: 'Ev1', user: 'UALICE', ts });
    expect(added).toMatchObject({ msg: 'reaction handled', applied: true, reason: 'marked read' });
    expect(await w.readMarks('UALICE')).toBe(1);
    const removed = await w.react({ added: false, eventId: 'Ev2', user: 'UALICE', ts });
    expect(removed).toMatchObject({ applied: true, reason: 'unmarked' });
    expect(await w.readMarks('UALICE')).toBe(0);
  });

  it('GIVEN a skin-toned read emoji THEN it still counts; another emoji or another message is ignored before any lookup', async () => {
    await w.setupClub();
    const { ts } = await w.publishPost();
    await w.react({ added: true, eventId: 'Ev3', user: 'UALICE', ts, reaction: 'white_check_mark::skin-tone-3' });
    expect(await w.readMarks('UALICE')).toBe(1);
    await w.react({ added: false, eventId: 'Ev4', user: 'UALICE', ts });
    const lookups = w.fake.callsOf('users.info').length;
    // The listener says it ignored them (the positive signal), and made no users.info call for them.
    expect(await w.react({ added: true, eventId: 'Ev5', user: 'UALICE', ts, reaction: 'tada' })).toMatchObject({ msg: 'reaction ignored' });
    expect(await w.react({ added: true, eventId: 'Ev6', user: 'UALICE', ts: '1699999999.000001' })).toMatchObject({ msg: 'reaction ignored' });
    expect(w.fake.callsOf('users.info').length).toBe(lookups);
    expect(await w.readMarks('UALICE')).toBe(0);
  });

  it('GIVEN Slack re-sends an event (X-Slack-Retry-Num, same event_id) THEN it applies once', async () => {
    await w.setupClub();
    const { ts } = await w.publishPost();
    await w.react({ added: true, eventId: 'Ev7', user: 'UALICE', ts });
    expect(await w.readMarks('UALICE')).toBe(1);
    await w.react({ added: false, eventId: 'Ev8', user: 'UALICE', ts });
    expect(await w.readMarks('UALICE')).toBe(0);
    // The late retry of Ev7 must not mark the paper again after Ev8 un-marked it.
    const retried = await w.react({ added: true, eventId: 'Ev7', user: 'UALICE', ts, retryNum: 1 });
    expect(retried).toMatchObject({ applied: false, reason: 'duplicate event' });
    expect(await w.readMarks('UALICE')).toBe(0);
  });

  it('GIVEN read, note, notes, progress and leaderboard THEN they work and user text never pings', async () => {
    await w.setupClub();
    await w.publishPost();
    const read = await w.slash('read');
    expect(read.response_type).toBe('ephemeral');
    expect(await w.readMarks('UALICE')).toBe(1);
    const key = (await rowOf(w.db, `SELECT p.key FROM meetings m JOIN papers p ON p.id = m.paper_id`) as { key: string }).key;
    const note = await w.slash(`note ${key} worth it &lt;!here&gt; and &lt;@UBOB&gt;`);
    expect(shown(note)).toMatch(/Saved note/);
    const notes = await w.slash(`notes ${key}`);
    expect(shown(notes)).toContain('&lt;!here&gt;');
    expect(shown(notes)).not.toMatch(/<!here>|<@UBOB>/);
    // User text is verbatim: Slack parses no bare names or links in it. The note's own section says so, escaped.
    const sections = (notes.blocks ?? []).filter((b) => b.type === 'section' && b.text) as Array<{ text: { type: string; text: string; verbatim?: boolean } }>;
    const noteSection = sections.find((b) => b.text.text.includes('worth it &lt;!here&gt; and &lt;@UBOB&gt;'));
    expect(noteSection?.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
    expect(sections.map((b) => b.text.verbatim)).toEqual(sections.map(() => true));
    const progress = await w.slash('progress');
    expect(progress.response_type).toBe('ephemeral');
    expect(shown(progress)).toContain("You've read the one paper the club has posted so far");
    const board = await w.slash('leaderboard');
    expect(board.response_type).toBe('in_channel');
    expect(shown(board)).toMatch(/Alice/);
  });

  it('GIVEN a bad signature or a stale timestamp THEN 401 and nothing runs', async () => {
    await w.setupClub();
    const { ts } = await w.publishPost();
    const before = { club: await w.club(), marks: await w.readMarks('UBOB'), calls: w.fake.calls.length };
    const id = 'bad-signature';
    const body = slashCommandBody({ text: 'club pause', userId: 'UBOSS', userName: 'boss', channel: CHANNEL, responseUrl: w.fake.responseUrl(id) });
    expect((await signedPost(w.slack.url!, body, { secret: SECRET, signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await signedPost(w.slack.url!, body, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await signedPost(w.slack.url!, body, { secret: SECRET, timestamp: stale, signature: slackSignature(SECRET, stale, body) })).status).toBe(401);
    const ev = reactionEventBody({ added: true, eventId: 'EvBad', userId: 'UBOB', channel: CHANNEL, ts, reaction: 'white_check_mark' });
    expect((await signedPost(w.slack.url!, ev, { secret: 'nope', contentType: 'json' })).status).toBe(401);
    expect({ club: await w.club(), marks: await w.readMarks('UBOB'), calls: w.fake.calls.length }).toEqual(before);
    // A valid request sent afterwards is answered: the app was serving, and the rejected ones left no trace.
    await w.slash('help', 'UBOB');
    expect(w.fake.responses.filter((r) => r.id === id)).toEqual([]);
    expect(w.logged('EvBad')).toEqual([]);
    expect(await w.club()).toEqual(before.club);
  });

  it('GIVEN the bot is not in the channel THEN delivery errors carry what to do and mark the channel unusable, and the app keeps serving', async () => {
    await w.setupClub();
    w.fake.kick(CHANNEL);
    w.expectedRefusals.add('not_in_channel');
    const err = await w.slack.delivery.notifyClub(await w.club(), 'Call for a presenter!').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackDeliveryError);
    expect((err as SlackDeliveryError).failure.code).toBe('not_in_channel');
    expect((err as SlackDeliveryError).failure.userMessage).toMatch(/invite me/);
    expect((err as SlackDeliveryError).channelProblem).toMatchObject({ cause: 'not_in_channel' });
    expect(w.log.lines.some((l) => l.msg === 'slack api call failed' && l.code === 'not_in_channel' && l.channel === CHANNEL)).toBe(true);
    w.fake.invite(CHANNEL);

    w.fake.failNext('chat.postMessage', 'channel_not_found');
    const gone = (await w.slack.delivery.notifyClub(await w.club(), 'x').catch((e: unknown) => e)) as SlackDeliveryError;
    expect(gone.failure.userMessage).toMatch(/can't see/);
    expect(gone.channelProblem?.cause).toBe('channel_not_found');

    w.fake.rateLimitNext('chat.postMessage', 0);
    const limited = (await w.slack.delivery.notifyClub(await w.club(), 'x').catch((e: unknown) => e)) as SlackDeliveryError;
    expect(limited.failure.code).toBe('ratelimited');
    expect(limited.channelProblem).toBeUndefined(); // transient: retried, never parks the club

    expect(shown(await w.slash('paper now'))).not.toMatch(/went wrong/);
  });

  it('GIVEN a presenter reminder THEN it goes by DM, and to the channel with a mention when DMs fail', async () => {
    await w.setupClub();
    const bob = await w.core.member({ platform: 'slack', workspace: TEAM_ID }, { userId: 'UBOB', displayName: 'Bob' });
    await w.slack.delivery.remindPresenter(await w.club(), bob, 'You present on Wednesday. <!here> Undo with /withdraw.');
    const dm = w.fake.callsOf('chat.postMessage').at(-1)!;
    expect(dm.args.channel).toBe('DUBOB');
    expect(JSON.stringify(dm.args.blocks)).not.toContain('<!here>');
    expect(JSON.stringify(dm.args.blocks)).toContain('/paperclub withdraw');
    w.fake.failNext('conversations.open', 'cannot_dm_bot');
    await w.slack.delivery.remindPresenter(await w.club(), bob, 'You present on Wednesday.');
    const fallback = w.fake.callsOf('chat.postMessage').at(-1)!;
    expect(fallback.args.channel).toBe(CHANNEL);
    expect(JSON.stringify(fallback.args.blocks)).toContain('<@UBOB> You present on Wednesday.');
  });

  it('GIVEN the scheduler and two clubs WHEN the bot is removed from one channel THEN that club is parked, its admin told once by DM, and the other club still posts', async () => {
    await w.setupClub(CHANNEL);
    await w.setupClub(OTHER);
    const scheduler = schedulerOf(w.core, { deliveries: [w.slack.delivery], logger: w.log, cron: false, sleep: async () => {}, concurrency: 1 });
    try {
      w.fake.kick(CHANNEL);
      w.expectedRefusals.add('not_in_channel');
      // Just after the first meeting's post is due (its announce time, the lead before the meeting).
      const slot = Date.parse('2026-01-07T17:00:00Z');
      const announce = slot - (await w.club()).announceLeadMinutes * 60_000;
      w.clock.set(announce + 60_000);
      const report = await scheduler.runDue();
      expect(report.posted.map((p) => p.clubId)).toEqual([(await w.club(OTHER)).id]);
      expect(report.parked).toEqual([{ clubId: (await w.club(CHANNEL)).id, cause: 'not_in_channel' }]);
      // One try, no retries; the platform was not marked down for the other club.
      const tries = w.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
      expect(tries).toHaveLength(2); // the weekly post, then the one try at a channel notice
      const dms = w.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'DUBOSS');
      expect(dms).toHaveLength(1);
      expect(JSON.stringify(dms[0]!.args.blocks)).toContain("I'm not in <#CCLUB> yet — invite me first (`/invite @paperclub`)");

      // The next sweep within the hour: nothing sent, nobody told again.
      const calls = w.fake.calls.length;
      w.clock.set(announce + 10 * 60_000);
      const next = await scheduler.runDue();
      expect(next.deferred).toEqual([{ clubId: (await w.club(CHANNEL)).id, platform: 'slack', reason: 'parked' }]);
      expect(w.fake.calls.slice(calls).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    } finally {
      await scheduler.stop();
    }
  });

  it('GIVEN the call for a presenter THEN Slack members read /paperclub signup N (not a command Slack lacks) and a date token', async () => {
    await w.setupClub();
    const scheduler = schedulerOf(w.core, { deliveries: [w.slack.delivery], logger: w.log, cron: false, sleep: async () => {} });
    try {
      // Inside the reminder lead time of the first meeting, nobody has signed up.
      w.clock.set(Date.parse('2026-01-07T17:00:00Z') - 60 * 60_000);
      const report = await scheduler.runDue();
      expect(report.reminders.map((r) => r.kind)).toEqual(['call-for-presenter']);
      const call = w.fake.callsOf('chat.postMessage').at(-1)!;
      expect(call.args.channel).toBe(CHANNEL);
      const blocks = JSON.stringify(call.args.blocks);
      expect(blocks).toContain('Could you take it? /paperclub signup 2026-01-07');
      expect(blocks).not.toMatch(/[^b ]\/signup/);
      // The meeting time in each reader's own zone, the club-zone words as fallback.
      expect(blocks).toContain(`<!date^${Date.parse('2026-01-07T17:00:00Z') / 1000}^{date_long_pretty} at {time}|Wed, 07 Jan 2026 17:00 UTC>`);
    } finally {
      await scheduler.stop();
    }
  });

  it('GIVEN a club with 30 long notes WHEN an admin exports it THEN the export arrives as a file in a DM and the reply says so', async () => {
    const club = await w.setupClub();
    const boss = await w.core.member({ platform: 'slack', workspace: TEAM_ID }, { userId: 'UBOSS', displayName: 'Boss' });
    for (const paperId of (await sequenceOf(w.db, club.id)).slice(0, 30)) {
      await addNote(w.db, { memberId: boss.id, paperId, clubId: club.id, body: `${'Long careful note. '.repeat(210)}<!channel>`.slice(0, 4000), at: 0 });
    }
    const r = await w.slash('club export', 'UBOSS');
    expect(r.response_type).toBe('ephemeral');
    expect(shown(r)).toMatch(/sent to you as a file in a direct message/);
    expect(w.fake.responses.filter((x) => x.body === r)).toHaveLength(1);
    const file = await waitUntil(() => w.fake.files[0], 'the uploaded file');
    expect(file).toMatchObject({ channel: 'DUBOSS', name: `paperclub-${club.id}-export.md` });
    expect(file.content.length).toBeGreaterThan(100_000);
    expect(file.content.split('Long careful note.').length - 1).toBeGreaterThanOrEqual(30 * 200);
    const exported = await exportClub(w.db, await w.club());
    expect(file.content.slice(0, 200)).toBe(exported.slice(0, 200));
    expect(file.content.length).toBe(exported.length);
    expect(w.fake.callsOf('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: file.name, length: String(Buffer.byteLength(exported)) });
  });

  it('GIVEN the upload is refused THEN the export is shown inline in at most five messages, none of which Slack refuses', async () => {
    const club = await w.setupClub();
    const boss = await w.core.member({ platform: 'slack', workspace: TEAM_ID }, { userId: 'UBOSS', displayName: 'Boss' });
    for (const paperId of (await sequenceOf(w.db, club.id)).slice(0, 30)) await addNote(w.db, { memberId: boss.id, paperId, clubId: club.id, body: 'n'.repeat(4000), at: 0 });
    w.fake.failNext('files.getUploadURLExternal', 'missing_scope');
    const pages = await w.slashAll('club export', 'UBOSS', { pages: 5 });
    expect(pages.every((p) => p.response_type === 'ephemeral')).toBe(true);
    expect(shown(pages[4]!)).toMatch(/more pages? not shown/);
    expect(w.log.lines.some((l) => l.method === 'files.uploadV2' && l.code === 'missing_scope')).toBe(true);
  });

  it('GIVEN a response_url used five times or older than 30 minutes THEN Slack refuses it; the bot logs it and keeps serving', async () => {
    const url = w.fake.responseUrl('old');
    w.fake.ageResponseUrl('old', 31 * 60_000);
    w.expectedRefusals.add('expired_url');
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'late' }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'expired_url' });
    const fresh = w.fake.responseUrl('fresh');
    w.expectedRefusals.add('used_url');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(fresh, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `#${i}` }) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(shown(await w.slash('help'))).toContain('/paperclub');
  });
});

describe('slack over Socket Mode (local WebSocket)', () => {
  let fake: FakeSlack;
  let db: Db;
  let slack: RunningSlack | undefined;

  beforeEach(async () => {
    fake = await startFakeSlack();
    db = await openTestDb();
    await importList(db, { slug: 'latent-space', markdown: SEED_TEXT, source: 'latent-space-paper-club.md' });
  });

  afterEach(async () => {
    await slack?.stop();
    await fake?.stop();
    db?.close();
  });

  it('GIVEN an app token THEN it opens the socket via apps.connections.open, gets hello, and acks a slash command envelope', async () => {
    const core = new ClubCore({ db, clock: manualClock('2026-01-05T12:00:00Z'), logger: memoryLogger() });
    slack = await startSlack({
      core,
      homeChanges: core.homeChanges,
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

describe('slack start-up against an unreachable Slack', () => {
  it('GIVEN nothing listening at the Slack API address THEN startSlack fails with a clear error and no promise is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    const fake = await startFakeSlack();
    const apiUrl = fake.apiUrl;
    await fake.stop(); // the address now refuses connections
    const db = await openTestDb();
    const log = memoryLogger();
    try {
      const core = new ClubCore({ db, clock: manualClock('2026-01-05T12:00:00Z'), logger: log });
      await expect(
        startSlack({ core, homeChanges: core.homeChanges, config: { botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl, retries: 0 }, logger: log }),
      ).rejects.toThrow(/request error|fetch failed|ECONNREFUSED/i);
      // Give a stray rejection (Bolt's constructor used to make one) two turns of the event loop to show itself.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await db.close();
    }
  });
});
