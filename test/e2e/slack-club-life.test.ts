import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * Club life on Slack (issue 12), end to end: the real Bolt app over HTTP against the local stand-in. The rotation asks
 * a volunteer by DM with Accept / Pass buttons; a started meeting's post gets "I was there" and "Add slides /
 * recording" (chat.update); that button opens a modal (views.open) whose submit adds a link, posted in the post's thread.
 */
import { openTestDb } from '../helpers/test-db.ts';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/index.ts';
import { blockActionBody, signedPost, slashCommandBody, startFakeSlack, TEAM_ID, viewSubmissionBody, type RecordedCall } from './fake-slack.ts';
import { rowsOf } from '../helpers/sql.ts';

const SECRET = 'e2e-signing-secret';
const CHANNEL = 'CCLUB';
const HOUR = 3_600_000;
const SEED_TEXT = readFileSync(new URL('../../seeds/latent-space-paper-club.md', import.meta.url), 'utf8');

async function startWorld() {
  const fake = await startFakeSlack();
  fake.addUser({ id: 'UCAROL', name: 'carol', displayName: 'Carol' });
  const db = await openTestDb();
  await importList(db, { slug: 'latent-space', markdown: SEED_TEXT, source: 'latent-space-paper-club.md' });
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');
  const core = new ClubCore({ db, clock, logger });
  const slack: RunningSlack = await startSlack({
    core,
    homeChanges: core.homeChanges,
    config: { botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, retries: 0 },
    logger,
    clock,
  });
  await fake.waitForCall('auth.test');
  const scheduler = schedulerOf(core, { deliveries: [slack.delivery], logger, cron: false, sleep: async () => {}, concurrency: 1 });
  let seq = 0;
  const w = {
    fake,
    db,
    core,
    clock,
    logger,
    slack,
    scheduler,
    async slash(text: string, user: string) {
      const id = `cmd-${++seq}`;
      const res = await signedPost(slack.url!, slashCommandBody({ text, userId: user, userName: user.slice(1).toLowerCase(), channel: CHANNEL, responseUrl: fake.responseUrl(id) }), { secret: SECRET });
      expect(res.status).toBe(200);
      return (await fake.waitForResponse(id)) as { response_type?: string; text?: string };
    },
    async click(value: string, user: string, opts: { channel?: string; messageTs?: string; triggerId?: string } = {}) {
      const id = `click-${++seq}`;
      const body = blockActionBody({
        userId: user,
        userName: user.slice(1).toLowerCase(),
        channel: opts.channel ?? CHANNEL,
        messageTs: opts.messageTs ?? '1.000001',
        actionId: 'paperclub-0',
        value,
        responseUrl: fake.responseUrl(id),
        ...(opts.triggerId ? { triggerId: opts.triggerId } : {}),
      });
      const res = await signedPost(slack.url!, body, { secret: SECRET });
      expect(res.status).toBe(200);
      return id;
    },
    response: (id: string) => fake.waitForResponse(id) as Promise<{ response_type?: string; text?: string; blocks?: unknown[] }>,
    /** The button values of a stored message's actions blocks. */
    buttons: (blocks: unknown[] | undefined) =>
      ((blocks ?? []) as Array<{ type: string; elements?: Array<{ value?: string; text?: { text: string } }> }>)
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements ?? [])
        .map((e) => ({ label: e.text?.text ?? '', value: e.value ?? '' })),
    slot: async () => nextMeetingAt((await core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: CHANNEL }))!, clock().getTime()),
    async setupClub() {
      fake.invite(CHANNEL);
      const r = await w.slash('club setup latent-space "0 17 * * 3" UTC', 'UBOSS');
      expect(r.response_type).toBe('in_channel');
    },
    async close() {
      await scheduler.stop();
      await slack.stop();
      await fake.stop();
      await db.close();
    },
  };
  return w;
}
type World = Awaited<ReturnType<typeof startWorld>>;

describe('Slack: presenter rotation and meeting wrap-up', () => {
  let w: World;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    const refusals = [...w.fake.refusals];
    await w.close();
    expect(refusals.filter((r) => r.error !== 'expired_trigger_id')).toEqual([]);
  });

  it('GIVEN the rotation on and two volunteers WHEN a meeting inside the reminder lead has no presenter THEN the first is DMed with Accept / Pass buttons, and Accept signs them up and tells the channel only the outcome', async () => {
    await w.setupClub();
    expect((await w.slash('club rotation on 2', 'UBOSS')).text).toContain('presenter rotation is on');
    expect((await w.slash('club rotation on', 'UALICE')).text).toContain('for club admins');
    await w.slash('rotation join', 'UALICE');
    await w.slash('rotation join', 'UBOB');
    const slot = await w.slot();
    w.clock.set(slot - 47 * HOUR);
    await w.scheduler.runDue();

    const open = await w.fake.waitForCall('conversations.open', (c) => c.args.users === 'UALICE');
    expect(open).toBeTruthy();
    const dm = w.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'DUALICE')!;
    const buttons = w.buttons(dm.args.blocks as unknown[]);
    expect(buttons.map((b) => b.label)).toEqual(['Accept', 'Pass']);
    expect(buttons[0]!.value).toMatch(/^rotation:\d+:\d+:accept$/);
    expect(String(dm.args.text)).toContain('meeting 1');
    // Nothing in the channel yet: no call for a presenter while the rotation asks.
    expect(w.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL && !c.args.metadata && !c.args.thread_ts)).toEqual([]);

    // Bob cannot answer Alice's question, even with her button's value.
    const stolen = await w.response(await w.click(buttons[0]!.value, 'UBOB', { channel: 'DUBOB' }));
    expect(stolen.text).toContain('for someone else');

    const accepted = await w.response(await w.click(buttons[0]!.value, 'UALICE', { channel: 'DUALICE', messageTs: String((w.fake.messages.get('DUALICE') ?? [])[0]?.ts) }));
    expect(accepted.response_type).toBe('ephemeral');
    expect(accepted.text).toContain('Thank you! You present meeting 1');
    const outcome = await w.fake.waitForCall('chat.postMessage', (c: RecordedCall) => c.args.channel === CHANNEL && String(c.args.text).includes('will present meeting 1'));
    expect(String(outcome.args.text)).toContain('Alice will present meeting 1');
    const presenters = await rowsOf(w.db, 'SELECT m.user_id AS u FROM sign_ups s JOIN members m ON m.id = s.member_id') as Array<{ u: string }>;
    expect(presenters.map((p) => p.u)).toEqual(['UALICE']);
  });

  it('GIVEN a started meeting THEN its post gets the wrap-up buttons; "Add slides / recording" opens a modal for its presenter whose submit adds a link in the thread; others are refused; "I was there" counts once and a second press takes it back', async () => {
    await w.setupClub();
    await w.slash('signup', 'UBOB');
    const slot = await w.slot();
    await w.scheduler.runDue(); // the post is announced ahead of the meeting
    const post = (w.fake.messages.get(CHANNEL) ?? []).find((m) => m.metadata?.event_type === 'paperclub_post')!;
    // Bob fills the meeting's one presenter place: no Sign up button on a full meeting (issue 22).
    expect(w.buttons(post.blocks).map((b) => b.label)).toEqual(['Mark read']);

    w.clock.set(slot + 60_000);
    await w.scheduler.runDue();
    const edit = await w.fake.waitForCall('chat.update', (c) => c.args.ts === post.ts);
    const wrapUp = w.buttons(edit.args.blocks as unknown[]);
    expect(wrapUp.map((b) => b.label)).toEqual(['Mark read', 'I was there', 'Add slides / recording']);
    const [, attend, links] = wrapUp.map((b) => b.value);

    // A member who did not present: refused, no modal.
    const refused = await w.response(await w.click(links!, 'UALICE', { messageTs: post.ts, triggerId: w.fake.issueTrigger() }));
    expect(refused.text).toContain("Only meeting 1's presenters or a club admin");
    expect(w.fake.openedViews).toEqual([]);

    // The presenter: a modal opens.
    await w.click(links!, 'UBOB', { messageTs: post.ts, triggerId: w.fake.issueTrigger() });
    const view = await w.fake.waitFor(() => w.fake.openedViews[0], 3000, 'a modal');
    expect((view.blocks as Array<{ block_id: string }>).map((b) => b.block_id)).toEqual(['url', 'label']);

    // A bad address is shown on the form; nothing is added.
    const bad = await w.fake.submitView(w.slack.url!, viewSubmissionBody({ userId: 'UBOB', view, values: { url: 'ftp://example.org/x' } }), { secret: SECRET });
    expect(JSON.parse(bad.text)).toMatchObject({ response_action: 'errors', errors: { url: expect.stringContaining('https://') } });
    const ok = await w.fake.submitView(w.slack.url!, viewSubmissionBody({ userId: 'UBOB', view, values: { url: 'https://youtu.be/abc123', label: '' } }), { secret: SECRET });
    expect(ok).toMatchObject({ acked: true, status: 200 });
    const threaded = await w.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === post.ts && String(c.args.text).includes('📎'));
    expect(String(threaded.args.text)).toContain('Recording for meeting 1');
    expect(String(threaded.args.text)).toContain('https://youtu.be/abc123');
    await w.fake.waitFor(() => w.fake.ephemerals.find((e) => e.user === 'UBOB' && e.text.includes('Added Recording')), 3000, 'the private confirmation');

    // An expired trigger: Slack refuses the modal; the presenter is told the command instead.
    const late = w.fake.issueTrigger();
    w.fake.ageTrigger(late, 4000);
    const fallback = await w.response(await w.click(links!, 'UBOB', { messageTs: post.ts, triggerId: late }));
    expect(fallback.text).toContain('/paperclub paper links 1');

    const first = await w.response(await w.click(attend!, 'UALICE', { messageTs: post.ts }));
    expect(first.text).toContain('you were at meeting 1');
    const again = await w.response(await w.click(attend!, 'UALICE', { messageTs: post.ts }));
    expect(again.text).toContain('Taken back');
    const third = await w.response(await w.click(attend!, 'UALICE', { messageTs: post.ts }));
    expect(third.text).toContain('you were at meeting 1');
    expect((await w.slash('progress', 'UALICE')).text).toContain('You were at 1 meeting.');

    const history = await w.slash('paper history', 'UCAROL');
    expect(JSON.stringify(history)).toContain('<https://youtu.be/abc123|Recording>');
  });

  it('GIVEN a cold user cache and Slack rate-limiting users.info (Retry-After 4 s) WHEN the presenter submits the form THEN Slack gets its ack within 3 seconds and the link is still added, confirmed privately', async () => {
    await w.setupClub();
    await w.slash('signup', 'UBOB');
    const slot = await w.slot();
    await w.scheduler.runDue();
    const post = (w.fake.messages.get(CHANNEL) ?? []).find((m) => m.metadata?.event_type === 'paperclub_post')!;
    w.clock.set(slot + 60_000);
    await w.scheduler.runDue();
    const edit = await w.fake.waitForCall('chat.update', (c) => c.args.ts === post.ts);
    const links = w.buttons(edit.args.blocks as unknown[]).find((b) => b.label === 'Add slides / recording')!.value;
    await w.click(links, 'UBOB', { messageTs: post.ts, triggerId: w.fake.issueTrigger() });
    const view = await w.fake.waitFor(() => w.fake.openedViews[0], 3000, 'a modal');
    w.clock.set(w.clock().getTime() + 10 * 60_000); // the bot's user cache has gone cold
    w.fake.rateLimitNext('users.info', 4);
    const submitted = await w.fake.submitView(w.slack.url!, viewSubmissionBody({ userId: 'UBOB', view, values: { url: 'https://youtu.be/late', label: '' } }), { secret: SECRET });
    expect(submitted).toMatchObject({ acked: true, status: 200 });
    await w.fake.waitFor(() => w.fake.ephemerals.find((e) => e.user === 'UBOB' && e.text.includes('Added Recording')), 8000, 'the private confirmation');
    const threaded = await w.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === post.ts && String(c.args.text).includes('https://youtu.be/late'));
    expect(String(threaded.args.text)).toContain('Recording for meeting 1');
  });
});
