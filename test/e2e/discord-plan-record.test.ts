/**
 * The plan is a record (issue 22), on Discord end to end: the real discord.js client against the local stand-in.
 * Skip and unskip of an announced meeting with a presenter are inverses (the post is edited to "skipped" and back,
 * the presenter is released and restored, each time told; no second announcement), and a schedule change that
 * collides with the announced meeting asks first, then keeps that meeting, its message and its scheduled event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMeetingEventSync, type MeetingEventSync } from '../../src/platforms/discord/scheduled-events.ts';
import { discordWorld } from './discord-world.ts';
import { rowsOf, valuesOf } from '../helpers/sql.ts';

const EPHEMERAL = 64;

async function startWorld() {
  const w = await discordWorld({ scheduler: { concurrency: 1 } });
  const sync: MeetingEventSync = startMeetingEventSync({ client: w.bot.client, core: w.core, logger: w.logger, intervalMs: 3_600_000, now: () => w.clock().getTime() });
  const text = (m: any): string => [m.content ?? '', ...(m.embeds ?? []).map((e: any) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f: any) => `${f.name}: ${f.value}`).join('\n')}`)].join('\n');
  return {
    ...w,
    sync,
    text,
    /** The club's weekly posts in the channel (the messages the bot made with the post footer). */
    posts: () => (w.fake.messages.get(w.channel) ?? []).filter((m) => m.embeds?.[0]?.footer?.text?.startsWith('paperclub ')),
    dms: (user: { id: string }) => (w.fake.messages.get(`dm-${user.id}`) ?? []).map((m) => String(m.content)),
    events: () => w.fake.scheduledEvents.get(w.guild.id) ?? [],
    async close() {
      sync.stop();
      await w.close();
    },
  };
}

describe('Discord: the plan is a record', () => {
  let w: Awaited<ReturnType<typeof startWorld>>;
  beforeEach(async () => {
    w = await startWorld();
    await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    await w.scheduler.runDue(); // meeting 1 (Wed 4 Nov) is announced at once: its announce time has passed
  });
  afterEach(async () => {
    const refusals = [...w.fake.refusals];
    await w.close();
    expect(refusals).toEqual([]);
  });

  it('GIVEN an announced meeting with a presenter WHEN it is skipped and unskipped THEN its post is edited to skipped and back, the presenter is released and restored (told each time), and it is never announced twice', async () => {
    expect(w.posts()).toHaveLength(1);
    const post = w.posts()[0]!;
    expect(w.text(post)).toContain('meeting 1');
    expect((await w.slash(w.users.alice, 'signup', { week: '1' })).content).toContain('alice will present at **meeting 1**');

    const before = w.fake.mark();
    const skip = await w.slash(w.users.admin, 'club skip', { week: '1' });
    expect(skip.flags ?? 0).not.toBe(EPHEMERAL);
    expect(w.text(skip)).toContain('No meeting on Wed 4 Nov 2026, 17:00 UTC.');
    expect(w.text(skip)).toContain('Told privately: alice.');
    const edited = (since: number, pattern: RegExp) =>
      w.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${w.channel}/messages/${post.id}` && pattern.test(w.text(r.body)), { since });
    await edited(before, /no meeting on Wed 4 Nov 2026, 17:00 UTC \(skipped\)/);
    expect(w.text(w.posts()[0]!)).toMatch(/\(skipped\)/);
    await w.core.noticesSent();
    expect(w.dms(w.users.alice).at(-1)).toContain('is skipped, so you are no longer presenting');

    const since = w.fake.mark();
    const unskip = await w.slash(w.users.admin, 'club unskip', { date: '2026-11-04' });
    expect(w.text(unskip)).toContain('The meeting on Wed 4 Nov 2026, 17:00 UTC is back on: meeting 1, **Attention Is All You Need**.');
    const backEdit = await edited(since, /meeting 1\*\* — presenting/);
    expect(w.text(backEdit.body)).not.toMatch(/skipped/);
    expect(w.text(w.posts()[0]!)).not.toMatch(/skipped/);
    expect(w.text(backEdit.body)).toContain('meeting 1');
    expect(w.text(backEdit.body)).toContain(`Presenter: <@${w.users.alice.id}>`);
    await w.core.noticesSent();
    expect(w.dms(w.users.alice).at(-1)).toContain('is back on, and you are presenting again: **Attention Is All You Need**');
    const presenters = await valuesOf(w.db, 'SELECT m.user_id FROM sign_ups s JOIN members m ON m.id = s.member_id');
    expect(presenters).toEqual([w.users.alice.id]);

    // The scheduler runs on: meeting 1 is never posted a second time.
    await w.scheduler.runDue();
    w.clock.set('2026-11-03T12:00:00Z');
    await w.scheduler.runDue();
    expect(w.posts()).toHaveLength(1);
    expect(await rowsOf(w.db, 'SELECT status, number FROM meetings ORDER BY slot_at')).toEqual([{ status: 'posted', number: 1 }]);
  });

  it('GIVEN an announced meeting with its event WHEN the schedule moves to the next day THEN it asks first; confirmed, the announced meeting keeps its date, message and event, and the next meeting moves', async () => {
    await w.sync.syncNow();
    expect(w.events()).toHaveLength(1);
    const event = w.events()[0]!;
    await w.slash(w.users.bob, 'signup', { week: '2' });

    const ask = await w.slash(w.users.admin, 'club schedule', { when: 'thu 18:00' });
    expect(ask.flags).toBe(EPHEMERAL);
    expect(w.text(ask)).toContain('Meeting 1 on Wed 4 Nov 2026, 17:00 UTC is already announced and keeps its date.');
    expect(w.text(ask)).toContain('Meeting 2 (**GPT: Improving Language Understanding by Generative Pre-Training**) moves from Wed 11 Nov 2026, 17:00 UTC to Thu 12 Nov 2026, 18:00 UTC.');
    expect((await w.club()).cron).toBe('0 17 * * 3');

    const done = await w.slash(w.users.admin, 'club schedule', { when: 'thu 18:00', confirm: 'yes' });
    expect(done.flags ?? 0).not.toBe(EPHEMERAL);
    expect(w.text(done)).toContain('Meetings: Thursdays at 18:00 (UTC).');
    await w.core.noticesSent();
    expect(w.dms(w.users.bob).at(-1)).toContain('your talk moved from Wed 11 Nov 2026, 17:00 UTC to **Thu 12 Nov 2026, 18:00 UTC**');

    await w.sync.syncNow();
    expect(w.events().map((e: any) => [e.id, e.scheduled_start_time])).toEqual([[event.id, event.scheduled_start_time]]);
    await w.scheduler.runDue();
    expect(w.posts()).toHaveLength(1);
    // Meeting 2's post goes out six days before its new date, once.
    w.clock.set('2026-11-06T18:00:00Z');
    await w.scheduler.runDue();
    expect(w.posts()).toHaveLength(2);
    expect(w.text(w.posts()[1]!)).toContain(`<t:${Date.parse('2026-11-12T18:00:00Z') / 1000}:F>`);
  });
});
