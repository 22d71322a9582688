import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * The plan is a record (issue 22), on Slack end to end: the real Bolt app over HTTP against the local stand-in.
 * Skip and unskip of an announced meeting with a presenter are inverses (the post is updated to "skipped" and back,
 * the presenter is released and restored and told each time, no second announcement), and a schedule change that
 * collides with the announced meeting asks first, then moves only the meetings not announced yet.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from './fake-slack.ts';
import { CHANNEL, slackWorld } from './slack-world.ts';
import { rowsOf } from '../helpers/sql.ts';

async function startWorld() {
  const w = await slackWorld();
  await w.fake.waitForCall('auth.test');
  const scheduler = schedulerOf(w.core, { deliveries: [w.slack.delivery], logger: w.log, cron: false, sleep: async () => {}, concurrency: 1 });
  const slash = async (text: string, user: string) => (await w.slashResponse(text, user)) as { response_type?: string; text?: string };
  return {
    ...w,
    scheduler,
    slash,
    /** The weekly posts sent to the channel (they carry the post's metadata). */
    posts: () => w.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.args.metadata),
    updates: (ts: string) => w.fake.callsOf('chat.update').filter((c) => c.args.channel === CHANNEL && c.args.ts === ts),
    dms: (user: string) => w.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === `D${user}`).map((c) => String(c.args.text)),
    async close() {
      await scheduler.stop();
      await w.close();
    },
  };
}

/** Everything a Slack message shows as text: its fallback text and its blocks. */
const shown = (c: RecordedCall) => `${String(c.args.text ?? '')}\n${JSON.stringify(c.args.blocks ?? '')}`;

describe('Slack: the plan is a record', () => {
  let w: Awaited<ReturnType<typeof startWorld>>;
  beforeEach(async () => {
    w = await startWorld();
    w.fake.invite(CHANNEL);
    expect((await w.slash('club setup latent-space "0 17 * * 3" UTC', 'UBOSS')).response_type).toBe('in_channel');
    await w.scheduler.runDue(); // meeting 1 (Wed 7 Jan 2026) is announced at once: its announce time has passed
  });
  afterEach(async () => {
    const refusals = [...w.fake.refusals];
    await w.close();
    expect(refusals).toEqual([]);
  });

  it('GIVEN an announced meeting with a presenter WHEN it is skipped and unskipped THEN its post is updated to skipped and back, the presenter is released and restored (told each time), and it is never announced twice', async () => {
    expect(w.posts()).toHaveLength(1);
    const ts = String((w.fake.messages.get(CHANNEL) ?? [])[0]?.ts);
    expect((await w.slash('signup 1', 'UALICE')).text).toContain('Alice will present at meeting 1');

    const skip = await w.slash('club skip 1', 'UBOSS');
    expect(skip.response_type).toBe('in_channel');
    expect(skip.text).toContain('No meeting on Wed 7 Jan 2026, 17:00 UTC.');
    const skipped = await w.fake.waitForCall('chat.update', (c) => c.args.ts === ts && /skipped/.test(shown(c)));
    expect(shown(skipped)).toMatch(/no meeting on Wed 7 Jan 2026, 17:00 UTC \(skipped\)/);
    await w.core.noticesSent();
    expect(w.dms('UALICE').at(-1)).toContain('is skipped, so you are no longer presenting');

    const updatesBefore = w.updates(ts).length;
    const unskip = await w.slash('club unskip 2026-01-07', 'UBOSS');
    expect(unskip.text).toContain('The meeting on Wed 7 Jan 2026, 17:00 UTC is back on: meeting 1, Attention Is All You Need.');
    const back = await w.fake.waitForCall('chat.update', (c) => w.updates(ts).indexOf(c) >= updatesBefore && !/skipped/.test(shown(c)) && /<@UALICE>/.test(shown(c)));
    expect(shown(back)).toContain('meeting 1');
    expect(w.updates(ts).at(-1)).toBe(back);
    await w.core.noticesSent();
    expect(w.dms('UALICE').at(-1)).toMatch(/is back on, and you are presenting again: \*?Attention Is All You Need/);

    await w.scheduler.runDue();
    w.clock.set('2026-01-06T12:00:00Z');
    await w.scheduler.runDue();
    expect(w.posts()).toHaveLength(1);
    expect(await rowsOf(w.db, 'SELECT status, number FROM meetings ORDER BY slot_at')).toEqual([{ status: 'posted', number: 1 }]);
  });

  it('GIVEN an announced meeting WHEN the schedule moves to the next day THEN it asks first and changes nothing; confirmed, only the meetings not announced yet move, and their presenters are told', async () => {
    await w.slash('signup 2', 'UBOB');
    const ask = await w.slash('club schedule thu 18:00', 'UBOSS');
    expect(ask.response_type).toBe('ephemeral');
    expect(ask.text).toContain('Meeting 1 on Wed 7 Jan 2026, 17:00 UTC is already announced and keeps its date.');
    expect(ask.text).toContain('confirm:yes');
    expect((await w.core.listClubs())[0]!.cron).toBe('0 17 * * 3');

    const done = await w.slash('club schedule thu 18:00 confirm:yes', 'UBOSS');
    expect(done.response_type).toBe('in_channel');
    expect(done.text).toContain('Meetings: Thursdays at 18:00 (UTC).');
    expect(done.text).toContain('Meeting 2 (GPT: Improving Language Understanding by Generative Pre-Training) moves from Wed 14 Jan 2026, 17:00 UTC to Thu 15 Jan 2026, 18:00 UTC.');
    expect(done.text).toContain('Told privately: Bob.');
    await w.core.noticesSent();
    expect(w.dms('UBOB').at(-1)).toMatch(/your talk moved from Wed 14 Jan 2026, 17:00 UTC to \*?Thu 15 Jan 2026, 18:00 UTC/);
    await w.scheduler.runDue();
    expect(w.posts()).toHaveLength(1);
  });
});
