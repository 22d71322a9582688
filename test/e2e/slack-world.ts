import { openTestDb } from '../helpers/test-db.ts';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/index.ts';
import { appHomeOpenedBody, signedPost, slashCommandBody, startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { waitUntil } from './wait-until.ts';

export const SECRET = 'e2e-signing-secret';
/** The club channel of the Slack tests. */
export const CHANNEL = 'CCLUB';
const SEED_TEXT = readFileSync(new URL('../../seeds/latent-space-paper-club.md', import.meta.url), 'utf8');

/**
 * One test's Slack world: the stand-in, an in-memory database with the Latent Space seed, the core at Mon 5 Jan
 * 2026 12:00 UTC, and the real Bolt app over HTTP on 127.0.0.1 delivering the core's posts (main wires the
 * deliveries through the scheduler). Test files add their own helpers on top (see slack, slack-votes, slack-app-home).
 */
export async function slackWorld(
  opts: {
    core?: Partial<ConstructorParameters<typeof ClubCore>[0]>;
    slack?: Pick<Parameters<typeof startSlack>[0], 'homeRefresh'>;
  } = {},
) {
  const fake: FakeSlack = await startFakeSlack();
  const db = await openTestDb();
  await importList(db, { slug: 'latent-space', markdown: SEED_TEXT, source: 'latent-space-paper-club.md' });
  const log = memoryLogger();
  const clock = manualClock('2026-01-05T12:00:00Z');
  const core = new ClubCore({ db, clock, logger: log, ...opts.core });
  const slack: RunningSlack = await startSlack({
    core,
    homeChanges: core.homeChanges,
    config: { botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, retries: 0 },
    logger: log,
    clock,
    ...opts.slack,
  });
  core.links.connect(slack.delivery); // as main.ts: the core delivers votes, notices and channel checks through Slack
  let seq = 0;
  return {
    fake,
    db,
    log,
    clock,
    core,
    slack,
    /** A fresh id for a request the test sends (response URLs, event ids). */
    nextId: (prefix: string) => `${prefix}-${++seq}`,
    /** Sends a signed slash command as `user` and resolves with its `n`-th response (response_url). */
    async slashResponse(text: string, user: string, opts: { channel?: string; team?: string; n?: number } = {}): Promise<unknown> {
      const id = `cmd-${++seq}`;
      const body = slashCommandBody({ text, userId: user, userName: user.slice(1).toLowerCase(), channel: opts.channel ?? CHANNEL, responseUrl: fake.responseUrl(id), team: opts.team });
      expect((await signedPost(slack.url!, body, { secret: SECRET })).status).toBe(200);
      return fake.waitForResponse(id, opts.n ?? 1);
    },
    /** Opens the Home tab as `userId` and resolves with the view the stand-in received for that opening. */
    async openHome(userId: string): Promise<Record<string, unknown>> {
      const before = fake.homeViews.get(userId)?.length ?? 0;
      const res = await signedPost(slack.url!, appHomeOpenedBody({ eventId: `Ev${++seq}`, userId }), { secret: SECRET, contentType: 'json' });
      expect(res.status).toBe(200);
      return waitUntil(() => fake.homeViews.get(userId)?.[before], `home view #${before + 1} for ${userId}`);
    },
    async close() {
      await slack.stop();
      await fake.stop();
      await db.close();
    },
  };
}
