/**
 * Safety rules of the Slack adapter, end to end (real Bolt over HTTP on 127.0.0.1 against the local stand-in):
 * signed but malformed requests are refused at once (issue 14.2); the admin check fails closed when users.info
 * fails; the bot's own read reaction never becomes a read mark (issue 15). Each test sets up what it needs.
 */
import { openTestDb } from '../helpers/test-db.ts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiverEvent } from '@slack/bolt';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/index.ts';
import { type Db } from '../../src/store/db.ts';
import { BOT_USER_ID, reactionEventBody, signedPost, slackSignature, slashCommandBody, startFakeSlack, TEAM_ID, type FakeSlack } from './fake-slack.ts';
import { rowOf } from '../helpers/sql.ts';
import { WAIT_MS } from './wait-until.ts';

const SECRET = 'safety-signing-secret';
const SEED = new URL('../../seeds/latent-space-paper-club.md', import.meta.url);
const REFUSED = 'slack request refused: signed but not a shape Slack sends';

describe('slack safety (real Bolt, local stand-in)', () => {
  let fake: FakeSlack;
  let db: Db;
  let core: ClubCore;
  let slack: RunningSlack;
  const log = memoryLogger();
  const clock = manualClock('2026-01-05T12:00:00Z');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  /** event_ids whose processing by the app (middleware and listeners) has finished: the positive signal for "nothing happened". */
  const processed: string[] = [];
  const processedWaiters = new Map<string, () => void>();
  /** Resolves once the app has finished processing the event with this id (rejects after WAIT_MS). */
  const whenProcessed = (eventId: string) =>
    new Promise<void>((resolve, reject) => {
      if (processed.includes(eventId)) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for the app to process ${eventId}`)), WAIT_MS);
      processedWaiters.set(eventId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  let seq = 0;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    fake = await startFakeSlack();
    db = await openTestDb();
    await importList(db, { slug: 'latent-space', markdown: readFileSync(SEED, 'utf8'), source: 'latent-space-paper-club.md' });
    core = new ClubCore({ db, clock, logger: log });
    slack = await startSlack({
      core,
      homeChanges: core.homeChanges,
      config: { botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, retries: 0 },
      logger: log,
      clock,
    });
    // Observe (not replace) the app's processing of each request: it resolves after every listener has run.
    const processEvent = slack.app.processEvent.bind(slack.app);
    slack.app.processEvent = async (event: ReceiverEvent) => {
      try {
        return await processEvent(event);
      } finally {
        const id = (event.body as { event_id?: unknown } | null)?.event_id;
        if (typeof id === 'string') {
          processed.push(id);
          processedWaiters.get(id)?.();
        }
      }
    };
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await slack?.stop();
    await fake?.stop();
    db?.close();
  });

  /** A signed POST with a raw body; aborts (fails) if no answer comes in 2.5 s, below Bolt's 3 s unhandled-request timeout. */
  async function rawSignedPost(body: string, contentType: 'form' | 'json', secret = SECRET): Promise<number> {
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(slack.url!, {
      method: 'POST',
      headers: {
        'content-type': contentType === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(secret, ts, body),
      },
      body,
      signal: AbortSignal.timeout(2_500),
    });
    await res.text();
    return res.status;
  }

  async function slash(text: string, user: string, channel: string) {
    const id = `safety-${++seq}`;
    const body = slashCommandBody({ text, userId: user, userName: user.slice(1).toLowerCase(), channel, responseUrl: fake.responseUrl(id) });
    expect((await signedPost(slack.url!, body, { secret: SECRET })).status).toBe(200);
    const r = (await fake.waitForResponse(id)) as { response_type?: string; text?: string; blocks?: unknown[] };
    return { ...r, shown: JSON.stringify(r.blocks ?? []) + '\n' + (r.text ?? '') };
  }

  /** A club in `channel` with its weekly post on the stand-in; returns the post's ts. */
  async function clubWithPost(channel: string): Promise<string> {
    fake.invite(channel); // the stand-in, like Slack, lets the bot post only where it was invited
    const setup = await core.execute({
      where: { platform: 'slack', workspace: TEAM_ID, channel },
      user: { userId: 'USETUP', displayName: 'Setup', isPlatformAdmin: true },
      command: 'club setup',
      args: { list: 'latent-space' },
    });
    expect(setup.error).toBeFalsy();
    const club = (await core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel }))!;
    const slotAt = Date.parse('2026-01-07T17:00:00Z');
    const begun = (await core.beginPost(club.id, slotAt))!;
    const posted = await slack.delivery.postMeeting(club, begun.post);
    await core.completePost(club.id, slotAt, posted);
    return posted.messageId;
  }

  const readMarks = async (userId: string) =>
    // Read marks from reactions are committed in groups; a read outside the core writes the waiting ones first.
    ((await core.flushWrites()), (await rowOf(db, `SELECT count(*) AS n FROM read_marks r JOIN members m ON m.id = r.member_id WHERE m.user_id = ?`, userId) as { n: number }).n);

  async function reactAndWait(p: { eventId: string; user: string; channel: string; ts: string }) {
    const body = reactionEventBody({ added: true, eventId: p.eventId, userId: p.user, channel: p.channel, ts: p.ts, reaction: 'white_check_mark' });
    const done = whenProcessed(p.eventId);
    expect((await signedPost(slack.url!, body, { secret: SECRET, contentType: 'json' })).status).toBe(200);
    await done;
  }

  it('GIVEN correctly signed requests with malformed bodies THEN each is answered 400 at once with one log line, and a valid command still works', async () => {
    const shapes: Array<{ name: string; body: string; type: 'form' | 'json' }> = [
      { name: 'payload=null', body: 'payload=null', type: 'form' },
      { name: 'payload=[]', body: 'payload=%5B%5D', type: 'form' },
      { name: 'payload is a number', body: 'payload=42', type: 'form' },
      { name: 'payload is a JSON string', body: 'payload=%22x%22', type: 'form' },
      { name: 'payload without type', body: `payload=${encodeURIComponent('{"team":{"id":"T0TEAM"}}')}`, type: 'form' },
      { name: 'payload is not JSON', body: 'payload=%7Bnope', type: 'form' },
      { name: 'block_actions without actions', body: `payload=${encodeURIComponent('{"type":"block_actions","user":{"id":"UALICE"}}')}`, type: 'form' },
      { name: 'block_actions without user', body: `payload=${encodeURIComponent('{"type":"block_actions","actions":[{"action_id":"x"}]}')}`, type: 'form' },
      { name: 'view_submission without view', body: `payload=${encodeURIComponent('{"type":"view_submission","user":{"id":"UALICE"}}')}`, type: 'form' },
      { name: 'form with neither payload nor command', body: 'foo=bar', type: 'form' },
      { name: 'JSON array', body: '[{"type":"event_callback","event":{"type":"reaction_added"}}]', type: 'json' },
      { name: 'JSON null', body: 'null', type: 'json' },
      { name: 'JSON without type', body: '{"team_id":"T0TEAM"}', type: 'json' },
      { name: 'event_callback without event', body: '{"type":"event_callback","team_id":"T0TEAM","event_id":"EvNo"}', type: 'json' },
      { name: 'event_callback with event null', body: '{"type":"event_callback","team_id":"T0TEAM","event":null}', type: 'json' },
    ];
    const before = log.lines.filter((l) => l.msg === REFUSED).length;
    for (const shape of shapes) {
      expect({ shape: shape.name, status: await rawSignedPost(shape.body, shape.type) }).toEqual({ shape: shape.name, status: 400 });
    }
    const refused = log.lines.filter((l) => l.msg === REFUSED).slice(before);
    expect(refused).toHaveLength(shapes.length);
    expect(refused[0]).toMatchObject({ level: 'warn', status: 400, reason: 'payload is null, not an object' });
    expect(refused.find((l) => l.reason === 'event_callback without an event')).toBeDefined();

    // Unsigned, the same bodies are Bolt's business: 401, and no "refused" line.
    expect(await rawSignedPost('payload=null', 'form', 'not-the-secret')).toBe(401);
    expect(log.lines.filter((l) => l.msg === REFUSED).slice(before)).toHaveLength(shapes.length);

    // The process is healthy: nothing escaped as an unhandled rejection or an unhandled Bolt error, commands still work.
    expect(unhandled).toEqual([]);
    expect(log.lines.filter((l) => l.msg === 'unhandled slack error')).toEqual([]);
    const help = await slash('help', 'UALICE', 'CMALFORMED');
    expect(help.response_type).toBe('ephemeral');
    expect(help.shown).toContain('/paperclub signup');
  });

  it('GIVEN users.info fails for a workspace admin THEN an admin command is refused (fail closed), and works once users.info answers', async () => {
    fake.addUser({ id: 'UADMIN2', name: 'admin2', displayName: 'Admin Two', isAdmin: true });
    fake.failNext('users.info', 'internal_error');
    const refused = await slash('club setup', 'UADMIN2', 'CFAILCLOSED');
    expect(fake.callsOf('users.info').filter((c) => c.args.user === 'UADMIN2')).toHaveLength(1);
    expect(refused.response_type).toBe('ephemeral');
    expect(refused.shown).toMatch(/admins/i);
    expect(await core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: 'CFAILCLOSED' })).toBeNull();

    // The same user, users.info working: the failure above was the only reason for the refusal.
    const ok = await slash('club setup', 'UADMIN2', 'CFAILCLOSED');
    expect(ok.shown).toMatch(/Paper club started/);
    expect(await core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: 'CFAILCLOSED' })).not.toBeNull();
  });

  it("GIVEN the bot's own ✅ reaction on its weekly post THEN it is not a read mark; a member's ✅ is", async () => {
    const ts = await clubWithPost('CSELF');
    expect(fake.callsOf('reactions.add').some((c) => c.args.channel === 'CSELF' && c.args.timestamp === ts)).toBe(true);
    // Slack reports the bot's own reactions.add back as a reaction_added event from the bot user.
    await reactAndWait({ eventId: 'EvSelf', user: BOT_USER_ID, channel: 'CSELF', ts });
    expect(await readMarks(BOT_USER_ID)).toBe(0);
    expect(fake.callsOf('users.info').some((c) => c.args.user === BOT_USER_ID)).toBe(false);

    await reactAndWait({ eventId: 'EvMember', user: 'UBOB', channel: 'CSELF', ts });
    expect(await readMarks('UBOB')).toBe(1);
  });
});
