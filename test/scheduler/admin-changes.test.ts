import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { manualClock } from '../../src/clock.ts';
import { memoryLogger } from '../../src/logger.ts';
import { ADMIN, tempDb, where } from './helpers.ts';
import { clubBot, HOUR, WED, WEEK, type ClubBot } from './harness.ts';
import { runSql } from '../helpers/sql.ts';

let h: ClubBot;
afterEach(async () => h?.close());

describe('skip and pause use no paper', () => {
  it('GIVEN /club skip THEN that week has no post and the next week posts the first paper', async () => {
    h = await clubBot();
    expect((await h.admin('club skip')).error).toBeFalsy();
    const r = await h.at(WED + 60_000);
    expect(r.posted).toEqual([]);
    expect(await h.papersUsed()).toBe(0);
    const next = await h.at(WED + WEEK + 60_000);
    expect(next.posted).toMatchObject([{ number: 1, paperKey: h.world.posts[0]!.post.paperKey }]);
    expect(h.world.posts[0]!.post.title).toBe('Paper 1: A Study of Thing 1');
  });

  it('GIVEN a pause over two weeks THEN those slots are skipped (not missed), nothing is posted, and resume continues with the next paper', async () => {
    h = await clubBot();
    await h.at(WED + 60_000); // week 1 posted
    await h.admin('club pause');
    const r1 = await h.at(WED + WEEK + 60_000);
    const r2 = await h.downUntil(WED + 2 * WEEK + HOUR); // a restart while paused changes nothing
    expect([...r1.skipped, ...r2.skipped].map((s) => s.reason)).toEqual(['paused', 'paused']);
    expect([...r1.missed, ...r2.missed]).toEqual([]);
    expect(h.world.posts).toHaveLength(1);
    expect(await h.papersUsed()).toBe(1);
    expect((await h.admin('club resume')).text).toContain('Resumed');
    const r3 = await h.at(WED + 3 * WEEK + 60_000);
    expect(r3.posted).toMatchObject([{ number: 2 }]);
    expect(h.world.posts.map((p) => p.post.title)).toEqual(['Paper 1: A Study of Thing 1', 'Paper 2: A Study of Thing 2']);
  });

  it('GIVEN a resume just after a slot that passed while paused THEN that slot is not posted late', async () => {
    h = await clubBot();
    await h.admin('club pause');
    h.clock.set(WED + HOUR); // no run happened while paused
    await h.admin('club resume');
    const r = await h.at(WED + HOUR + 60_000);
    expect(r.posted).toEqual([]);
    expect(await h.meetings()).toEqual([{ slotAt: WED, status: 'skipped', number: null }]);
    expect((await h.at(WED + WEEK)).posted).toMatchObject([{ number: 1 }]);
  });

  it('GIVEN /club schedule moves the meeting to a time that passed an hour ago THEN it is not posted retroactively; the new slot is', async () => {
    h = await clubBot();
    h.clock.set('2026-11-02T10:00:00Z'); // Monday 10:00
    expect((await h.admin('club schedule', { when: '0 9 * * 1', timezone: 'UTC' })).text).toContain('Meetings: Mondays at 09:00 (UTC). Next meeting: Mon 9 Nov 2026, 09:00 UTC.');
    expect((await h.at('2026-11-02T10:01:00Z')).posted).toEqual([]);
    expect((await h.at(WED + 60_000)).posted).toEqual([]); // the old Wednesday slot is gone
    expect((await h.at('2026-11-09T09:00:00Z')).posted).toMatchObject([{ number: 1, slotAt: Date.parse('2026-11-09T09:00:00Z') }]);
  });
});

describe('bad cron or time zone', () => {
  it('GIVEN /club schedule with a bad cron or zone THEN a clear error, the old schedule kept, the job unchanged', async () => {
    h = await clubBot({ cron: true, sweepCron: null });
    const job = h.bot.scheduler.jobList();
    expect(job).toMatchObject([{ clubId: h.clubId, cron: '0 17 * * 3', timezone: 'UTC' }]);
    const badCron = await h.admin('club schedule', { when: '0 25 * * 3', timezone: 'UTC' });
    expect(badCron).toMatchObject({ error: true, private: true });
    expect(badCron.text).toContain('"0 25 * * 3" is not a schedule I can read. Say it as a weekday and a time');
    const badZone = await h.admin('club schedule', { when: '0 18 * * 3', timezone: 'Mars/Olympus_Mons' });
    expect(badZone.text).toContain('"Mars/Olympus_Mons" is not a time zone I know');
    const fromLine = await h.bot.core.executeLine({ where: where('c1'), user: ADMIN, line: 'club schedule "every wednesday" UTC' });
    expect(fromLine.error).toBe(true);
    expect(await h.club()).toMatchObject({ cron: '0 17 * * 3', timezone: 'UTC' });
    expect(h.bot.scheduler.jobList()).toEqual(job);
    expect((await h.at(WED + 60_000)).posted).toHaveLength(1);
  });

  it('GIVEN a bad default cron or zone in config THEN config loading and /club setup fail clearly and no club is made', async () => {
    expect(() => loadConfig({ PAPERCLUB_DEFAULT_TIMEZONE: 'Mars/Olympus_Mons' })).toThrow(/PAPERCLUB_DEFAULT_CRON\/TIMEZONE: "Mars\/Olympus_Mons" is not a time zone/);
    expect(() => loadConfig({ PAPERCLUB_DEFAULT_CRON: '61 * * * *' })).toThrow(/not a schedule I can read/);
    const tmp = await tempDb();
    try {
      const core = new ClubCore({ db: tmp.db, clock: manualClock('2026-11-02T12:00:00Z'), logger: memoryLogger(), defaults: { sequence: 'year-list', cron: 'every wednesday' } });
      const r = await core.execute({ where: where('c9'), user: ADMIN, command: 'club setup', args: {} });
      expect(r.error).toBe(true);
      expect(r.text).toContain('is not a schedule I can read');
      expect(await core.listClubs()).toEqual([]);
    } finally {
      tmp.db.close();
      tmp.cleanup();
    }
  });

  it('GIVEN a club row with an invalid zone in the database THEN it gets no job and an error log, and other clubs still post', async () => {
    h = await clubBot({ cron: true, sweepCron: null }, ['good', 'broken']);
    const [good, broken] = h.ids;
    await runSql(h.bot.db, `UPDATE clubs SET timezone = 'Nowhere/Land' WHERE id = ?`, broken);
    await h.downUntil(WED - HOUR, { cron: true, sweepCron: null });
    expect(h.bot.scheduler.jobList().map((j) => j.clubId)).toEqual([good]);
    expect(h.bot.logger.lines.find((l) => l.msg.startsWith('club has an invalid schedule'))).toMatchObject({ level: 'error', clubId: broken, timezone: 'Nowhere/Land' });
    const r = await h.at(WED + 60_000);
    expect(r.posted.map((p) => p.clubId)).toEqual([good]);
    expect(r.errors.map((e) => e.clubId)).toEqual([broken]);
    // An admin fixes it with /club schedule: the job appears at once.
    await h.admin('club schedule', { when: '0 17 * * 3', timezone: 'Europe/London' }, 'broken');
    expect(h.bot.scheduler.jobList().map((j) => j.clubId).sort()).toEqual([good, broken].sort());
  });
});
