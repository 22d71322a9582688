/**
 * Slack adapter bench: the real Bolt HTTP app against the local stand-in on 127.0.0.1.
 * Slash command ack latency (Slack's 3-second deadline), the full command round trip (ack + response_url),
 * reaction events until the read mark is applied, and reaction events per second.
 */
import { readFileSync } from 'node:fs';
import { importList } from '../src/catalog/catalog-store.ts';
import { manualClock } from '../src/clock.ts';
import { ClubCore } from '../src/dispatch/club-core.ts';
import { createLogger } from '../src/logger.ts';
import { startSlack } from '../src/platforms/slack/index.ts';
import { openDb } from '../src/store/db.ts';
import { reactionEventBody, signedPost, slashCommandBody, startFakeSlack, TEAM_ID } from '../test/e2e/fake-slack.ts';

const SECRET = 'bench-secret';
const CHANNEL = 'CBENCH';

function stats(times: number[]): { median_ms: number; p99_ms: number } {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { median_ms: Number(at(0.5).toFixed(3)), p99_ms: Number(at(0.99).toFixed(3)) };
}

export async function benchSlack(): Promise<Array<{ name: string; median_ms?: number; p99_ms?: number; value?: number; unit?: string }>> {
  const fake = await startFakeSlack();
  fake.invite(CHANNEL); // the stand-in, like Slack, lets the bot post only where it was invited
  const db = openDb(':memory:');
  await importList(db, { slug: 'latent-space', markdown: readFileSync(new URL('../seeds/latent-space-paper-club.md', import.meta.url), 'utf8'), source: 'seed' });
  // The listener logs each handled reaction at debug level: that line is our "applied" signal.
  const handled = new Map<string, () => void>();
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      if (!line.includes('"reaction handled"')) return;
      const id = (JSON.parse(line) as { eventId?: string }).eventId;
      if (id) handled.get(id)?.();
    },
  });
  const clock = manualClock('2026-01-05T12:00:00Z');
  const core = new ClubCore({ db, clock, logger });
  const slack = await startSlack({
    core,
    homeChanges: core.homeChanges,
    config: { botToken: 'xoxb-bench', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, retries: 0 },
    logger,
    clock,
  });
  const url = slack.url!;
  try {
    const where = { platform: 'slack' as const, workspace: TEAM_ID, channel: CHANNEL };
    await core.execute({ where, user: { userId: 'UBOSS', displayName: 'Boss', isPlatformAdmin: true }, command: 'club setup', args: {} });
    const club = (await core.clubFor(where))!;
    const slotAt = Date.parse('2026-01-07T17:00:00Z');
    const begun = (await core.beginPost(club.id, slotAt))!;
    const posted = await slack.delivery.postMeeting(club, begun.post);
    await core.completePost(club.id, slotAt, posted);

    let n = 0;
    const slash = async (text: string) => {
      const id = `b${++n}`;
      const body = slashCommandBody({ text, userId: 'UALICE', userName: 'alice', channel: CHANNEL, responseUrl: fake.responseUrl(id) });
      const t0 = performance.now();
      const res = await signedPost(url, body, { secret: SECRET });
      const ack = performance.now() - t0;
      if (res.status !== 200) throw new Error(`slash command got ${res.status}`);
      await fake.waitForResponse(id, 1, 5000);
      return { ack, total: performance.now() - t0 };
    };
    const react = async (added: boolean) => {
      const eventId = `Ev${++n}`;
      const done = new Promise<void>((resolve) => handled.set(eventId, resolve));
      const body = reactionEventBody({ added, eventId, userId: 'UALICE', channel: CHANNEL, ts: posted.messageId, reaction: 'white_check_mark' });
      const t0 = performance.now();
      const res = await signedPost(url, body, { secret: SECRET, contentType: 'json' });
      if (res.status !== 200) throw new Error(`event got ${res.status}`);
      await done;
      handled.delete(eventId);
      return performance.now() - t0;
    };

    const RUNS = 300;
    for (let i = 0; i < 30; i++) await slash('paper now');
    const acks: number[] = [];
    const totals: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await slash(i % 2 ? 'paper now' : 'progress');
      acks.push(r.ack);
      totals.push(r.total);
      fake.reset();
    }
    for (let i = 0; i < 30; i++) await react(i % 2 === 0);
    const reactions: number[] = [];
    for (let i = 0; i < RUNS; i++) reactions.push(await react(i % 2 === 0));

    // Throughput: batches of 20 concurrent events, as a busy channel would send them.
    const BATCH = 20;
    const TOTAL = 1000;
    const t0 = performance.now();
    for (let i = 0; i < TOTAL; i += BATCH) await Promise.all(Array.from({ length: BATCH }, (_, j) => react((i + j) % 2 === 0)));
    const perSec = TOTAL / ((performance.now() - t0) / 1000);

    return [
      { name: 'slack: slash command ack (HTTP, signed)', ...stats(acks) },
      { name: 'slack: slash command round trip (ack + response_url)', ...stats(totals) },
      { name: 'slack: reaction event -> read mark applied', ...stats(reactions) },
      { name: 'slack: reaction events through Bolt', value: Math.round(perSec), unit: 'events/s' },
    ];
  } finally {
    await slack.stop();
    await fake.stop();
    await db.close();
  }
}
