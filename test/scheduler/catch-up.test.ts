import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clubBot, RUN_MODES, useRunMode, HOUR, WED, WEEK, type ClubBot } from './harness.ts';

let h: ClubBot;
afterEach(async () => h?.close());

describe.each(RUN_MODES)('$how', ({ scanFrom }) => {
  beforeAll(() => useRunMode(scanFrom));

  describe('catch-up after downtime', () => {
    it('GIVEN the bot is down until after the meeting THEN the week is recorded missed and logged truthfully, no paper used, and the next post names the first paper', async () => {
      h = await clubBot();
      const report = await h.downUntil(WED + 25 * HOUR);
      expect(report.posted).toEqual([]);
      expect(report.missed).toEqual([{ clubId: h.clubId, slotAt: WED }]);
      expect(h.world.posts).toHaveLength(0);
      expect(await h.papersUsed()).toBe(0);
      expect(await h.meetings()).toEqual([{ slotAt: WED, status: 'missed', number: null }]);
      const line = h.bot.logger.lines.find((l) => l.msg.startsWith('weekly post missed'));
      expect(line).toMatchObject({ level: 'warn', clubId: h.clubId, platform: 'console', slot: '2026-11-04T17:00:00.000Z', lateByHours: 25 });
      expect(line!.msg).toMatch(/its meeting had started before the bot could post it/);

      const next = await h.at(WED + WEEK + 30_000);
      expect(next.posted).toMatchObject([{ clubId: h.clubId, slotAt: WED + WEEK, number: 1 }]);
      expect(h.world.posts[0]!.post.title).toBe('Paper 1: A Study of Thing 1');
    });

    it('GIVEN a club that posts at meeting time and the bot back during the meeting THEN it posts on start, once', async () => {
      h = await clubBot();
      const report = await h.downUntil(WED + 0.5 * HOUR);
      expect(report.posted).toMatchObject([{ clubId: h.clubId, slotAt: WED, number: 1, recovered: false }]);
      expect(h.bot.logger.lines.find((l) => l.msg.startsWith('catching up'))).toMatchObject({ clubId: h.clubId, lateByHours: 0.5 });
      await h.at(WED + 0.7 * HOUR);
      await h.downUntil(WED + 0.9 * HOUR);
      expect(h.world.posts).toHaveLength(1);
      expect(await h.papersUsed()).toBe(1);
    });

    it('GIVEN a grace window shorter than the meeting THEN it decides missed vs posted', async () => {
      h = await clubBot({ graceMs: 20 * 60_000 });
      expect((await h.downUntil(WED + 30 * 60_000)).missed).toHaveLength(1);
      expect((await h.downUntil(WED + WEEK + 10 * 60_000)).posted).toHaveLength(1);
    });

    it('GIVEN three weeks of downtime ending during a meeting THEN the older weeks are missed (a later one was due) and only the latest is posted', async () => {
      h = await clubBot();
      const report = await h.downUntil(WED + 2 * WEEK + 0.5 * HOUR);
      expect(report.missed.map((m) => m.slotAt)).toEqual([WED, WED + WEEK]);
      expect(report.posted).toMatchObject([{ slotAt: WED + 2 * WEEK, number: 1 }]);
      expect((await h.meetings()).map((m) => m.status)).toEqual(['missed', 'missed', 'posted']);
      const why = h.bot.logger.lines.filter((l) => l.msg.startsWith('weekly post missed')).map((l) => l.msg);
      expect(why).toEqual([expect.stringMatching(/a later meeting was already due/), expect.stringMatching(/a later meeting was already due/)]);
    });

    it('GIVEN an outage longer than the look-back THEN only slots inside it are recorded missed', async () => {
      h = await clubBot({ lookbackMs: 4 * WEEK });
      const report = await h.downUntil(WED + 20 * WEEK + 30 * HOUR, { lookbackMs: 4 * WEEK });
      expect(report.missed).toHaveLength(4);
      expect(report.posted).toEqual([]);
      expect(await h.papersUsed()).toBe(0);
    });
  });

  describe('failed sends', () => {
    it('GIVEN the platform fails every attempt THEN it backs off exponentially, logs, keeps the post pending, and the next run sends it once', async () => {
      const sleeps: number[] = [];
      h = await clubBot({ retry: { attempts: 4, baseMs: 1_000, maxMs: 3_000 }, sleep: async (ms) => void sleeps.push(ms) });
      for (let i = 0; i < 4; i++) h.bot.delivery.fail('postMeeting', 'transient');
      // the 2nd..4th attempts first ask the platform whether the post landed
      const first = await h.at(WED + 1_000);
      expect(sleeps).toEqual([1_000, 2_000, 3_000]);
      expect(first.posted).toEqual([]);
      expect(first.failed).toMatchObject([{ clubId: h.clubId, slotAt: WED, what: 'post', error: 'postMeeting: 503 from the platform' }]);
      expect(await h.meetings()).toMatchObject([{ status: 'posting', number: 1 }]);
      expect(h.bot.logger.lines.filter((l) => l.msg === 'weekly post send failed')).toHaveLength(4);
      expect(h.bot.logger.lines.find((l) => l.level === 'error')).toMatchObject({ clubId: h.clubId, slot: '2026-11-04T17:00:00.000Z', platform: 'console' });

      const second = await h.at(WED + 10 * 60_000);
      expect(second.posted).toMatchObject([{ slotAt: WED, number: 1, recovered: false }]);
      expect(h.world.posts).toHaveLength(1);
      expect(h.bot.delivery.calls.findPost).toBe(4); // 3 retries + the pending check
    });

    it('GIVEN a pending post whose meeting passes undelivered THEN it is never sent late: missed, its paper goes to the next meeting', async () => {
      h = await clubBot();
      for (let i = 0; i < 3; i++) h.bot.delivery.fail('postMeeting', 'transient');
      await h.at(WED + 60_000);
      expect((await h.meetings()).map((m) => m.status)).toEqual(['posting']);
      expect(await h.papersUsed()).toBe(1);
      const r = await h.at(WED + WEEK + 60_000);
      expect(r.missed).toEqual([{ clubId: h.clubId, slotAt: WED }]);
      expect(r.posted).toMatchObject([{ slotAt: WED + WEEK, number: 1 }]);
      expect(h.world.posts.map((p) => p.post.title)).toEqual(['Paper 1: A Study of Thing 1']);
      expect((await h.meetings()).map((m) => m.status)).toEqual(['missed', 'posted']);
    });

    it('GIVEN a pending post and the platform still failing within its meeting THEN no second post is begun until the first lands', async () => {
      h = await clubBot();
      for (let i = 0; i < 3; i++) h.bot.delivery.fail('postMeeting', 'transient');
      await h.at(WED + 60_000);
      for (let i = 0; i < 3; i++) h.bot.delivery.fail('postMeeting', 'transient');
      const r = await h.at(WED + 30 * 60_000);
      expect(r.failed).toHaveLength(1);
      expect((await h.meetings()).map((m) => m.status)).toEqual(['posting']);
      const ok = await h.at(WED + 31 * 60_000);
      expect(ok.posted.map((p) => p.number)).toEqual([1]);
    });

    it('GIVEN one platform failing for one club THEN its other clubs wait (no paper used) and all post on the next run', async () => {
      h = await clubBot({ concurrency: 1 }, ['a', 'b', 'c']);
      for (let i = 0; i < 3; i++) h.bot.delivery.fail('postMeeting', 'transient');
      const r = await h.at(WED + 60_000);
      expect(r.deferred.map((d) => d.reason)).toEqual(['platform-down', 'platform-down']);
      expect(await Promise.all(h.ids.map((id) => h.papersUsed(id)))).toEqual([1, 0, 0]);
      expect(h.bot.logger.lines.find((l) => l.msg.startsWith('platform failing'))).toMatchObject({ platform: 'console', clubs: 2 });
      const next = await h.at(WED + 5 * 60_000);
      expect(next.posted).toHaveLength(3);
      expect(new Set(h.world.posts.map((p) => p.key)).size).toBe(3);
    });

    it('GIVEN no delivery for the club platform THEN nothing is recorded and it is posted when the platform connects in time', async () => {
      h = await clubBot();
      const r = await h.downUntil(WED + 60_000, { deliveries: [] });
      expect(r.deferred).toEqual([{ clubId: h.clubId, platform: 'console', reason: 'no-delivery' }]);
      expect(await h.meetings()).toEqual([]);
      expect((await h.downUntil(WED + 0.5 * HOUR)).posted).toHaveLength(1);
    });
  });

  describe('meetings and reminders', () => {
    it('GIVEN no presenter by the lead time THEN the club gets one call for a presenter; a later sign-up gets one DM; restarts repeat neither', async () => {
      h = await clubBot();
      expect((await h.at(WED - 49 * HOUR)).reminders).toEqual([]);
      const r = await h.at(WED - 47 * HOUR);
      expect(r.reminders).toEqual([{ clubId: h.clubId, slotAt: WED, kind: 'call-for-presenter' }]);
      expect(h.world.notices[0]!.text).toContain('Nobody has signed up to present at meeting 1, **Paper 1: A Study of Thing 1**, on Wed 4 Nov 2026, 17:00 UTC yet. Could you take it? /signup 2026-11-04');
      await h.at(WED - 46 * HOUR);
      await h.downUntil(WED - 45 * HOUR);
      expect(h.world.notices).toHaveLength(1);

      await h.bot.run({ userId: 'alice', displayName: 'Alice' }, 'signup', {}, 'c1');
      h.bot.delivery.fail('remindPresenter', 'transient');
      h.bot.delivery.fail('remindPresenter', 'transient');
      h.bot.delivery.fail('remindPresenter', 'transient');
      const failed = await h.at(WED - 44 * HOUR);
      expect(failed.failed).toMatchObject([{ what: 'reminder' }]);
      await h.at(WED - 43 * HOUR);
      await h.downUntil(WED - HOUR);
      await h.at(WED - 60_000);
      expect(h.world.dms).toMatchObject([{ userId: 'alice' }]);
      expect(h.world.dms[0]!.text).toContain("you're presenting at meeting 1");
      expect(h.world.notices).toHaveLength(1);
    });

    it('GIVEN the presenter withdraws after their reminder THEN the club still gets a call for a presenter, once', async () => {
      h = await clubBot();
      await h.bot.run({ userId: 'bob', displayName: 'Bob' }, 'signup', {}, 'c1');
      await h.at(WED - 47 * HOUR);
      expect(h.world.dms).toMatchObject([{ userId: 'bob' }]);
      expect(h.world.notices).toHaveLength(0);
      await h.bot.run({ userId: 'bob', displayName: 'Bob' }, 'withdraw', {}, 'c1');
      const r = await h.at(WED - 46 * HOUR);
      expect(r.reminders).toEqual([{ clubId: h.clubId, slotAt: WED, kind: 'call-for-presenter' }]);
      await h.at(WED - 45 * HOUR);
      expect(h.world.notices).toHaveLength(1);
      expect(h.world.dms).toHaveLength(1);
    });

    it('GIVEN a paused club THEN no reminders', async () => {
      h = await clubBot();
      await h.admin('club pause');
      expect((await h.at(WED - 47 * HOUR)).reminders).toEqual([]);
    });

    it('GIVEN a meeting time has passed THEN the meeting is marked done', async () => {
      h = await clubBot({ meetingDurationMs: 90 * 60_000 });
      await h.at(WED);
      expect((await h.at(WED + 89 * 60_000)).finished).toBe(0);
      expect((await h.at(WED + 90 * 60_000)).finished).toBe(1);
      expect(await h.meetings()).toMatchObject([{ status: 'done', number: 1 }]);
    });
  });
});
