/**
 * Two bot processes on one database (issue 24): two handles, each with its own core, race for what only one may
 * get. On PostgreSQL (PAPERCLUB_TEST_DATABASE_URL) two connection pools, whose transactions really run at once on
 * the server; on SQLite both cores share the process's one connection, whose transactions take turns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import { silentLogger } from '../../src/logger.ts';
import { ADMIN, WHERE } from '../helpers/club-fixture.ts';
import { valueOf } from '../helpers/sql.ts';
import { openTwoHandles } from '../helpers/test-db.ts';

let close = async () => {};
afterEach(async () => await close());

async function twoProcesses() {
  const two = await openTwoHandles();
  close = two.close;
  await loadDefaultLists(two.a, 'config/lists.json');
  const clock = manualClock('2026-11-02T12:00:00Z');
  const one = new ClubCore({ db: two.a, clock, logger: silentLogger, defaults: { announceLeadMinutes: 0 } });
  const other = new ClubCore({ db: two.b, clock, logger: silentLogger, defaults: { announceLeadMinutes: 0 } });
  const setup = await one.execute({ where: WHERE, user: ADMIN, command: 'club setup', args: { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' } });
  expect(setup.error).toBeFalsy();
  const club = (await one.clubFor(WHERE))!;
  return { ...two, clock, one, other, club };
}

const member = (i: number): UserRef => ({ userId: `m${i}`, displayName: `Member ${i}` });

describe('GIVEN two processes on one database', () => {
  it('THEN of 16 members signing up for the last place at once through both, exactly one gets it', async () => {
    const w = await twoProcesses();
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? w.one : w.other).execute({ where: WHERE, user: member(i), command: 'signup', args: { week: '2' } })),
    );
    expect(replies.filter((r) => !r.error)).toHaveLength(1);
    expect(await valueOf(w.a, 'SELECT count(*) FROM sign_ups')).toBe(1);
  });

  it('THEN 40 members marking one post read at once through both lose no mark, and the leaderboard counts each', async () => {
    const w = await twoProcesses();
    const slot = nextMeetingAt(w.club, w.clock().getTime());
    expect(await w.one.beginPost(w.club.id, slot)).not.toBeNull();
    w.clock.set(slot);
    await w.one.completePost(w.club.id, slot, { channel: WHERE.channel, messageId: 'weekly-1' });
    // The paper's readers counted (as the scheduler's run does after its posts), so each mark below goes through the
    // counters' trigger while the other process writes too.
    expect((await w.other.execute({ where: WHERE, user: ADMIN, command: 'leaderboard', args: {} })).error).toBeFalsy();
    expect(await valueOf(w.a, 'SELECT counted FROM club_papers_held WHERE club_id = ?', w.club.id)).toBe(1);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? w.one : w.other).reaction({ platform: 'console', workspace: WHERE.workspace, channel: WHERE.channel, messageId: 'weekly-1', user: member(i), emoji: '✅', added: true }),
      ),
    );
    await Promise.all([w.one.flushWrites(), w.other.flushWrites()]);
    expect(results.filter((r) => r.applied)).toHaveLength(40);
    expect(await valueOf(w.a, 'SELECT count(*) FROM read_marks')).toBe(40);
    expect(await valueOf(w.b, 'SELECT count(*) FROM club_read_counts WHERE club_id = ? AND read = 1', w.club.id)).toBe(40);
  });

  it('THEN both beginning the same posts at once make one meeting per slot, numbered 1, 2, 3', async () => {
    const w = await twoProcesses();
    for (let n = 1; n <= 3; n++) {
      const slot = nextMeetingAt((await w.one.clubFor(WHERE))!, w.clock().getTime());
      // A slot begun already is handed out again (a retry re-sends the same post): both get the one meeting.
      const begun = await Promise.all([w.one.beginPost(w.club.id, slot), w.other.beginPost(w.club.id, slot)]);
      expect(begun.map((b) => b?.meeting.number)).toEqual([n, n]);
      expect(begun[0]!.meeting.id).toBe(begun[1]!.meeting.id);
      w.clock.set(slot);
      await w.one.completePost(w.club.id, slot, { channel: WHERE.channel, messageId: `weekly-${n}` });
      w.clock.set(slot + 60_000);
    }
    expect(await valueOf(w.a, `SELECT count(*) FROM meetings WHERE status IN ('posting', 'posted', 'done')`)).toBe(3);
    expect(await valueOf(w.a, 'SELECT count(DISTINCT number) FROM meetings WHERE number IS NOT NULL')).toBe(3);
    expect(await valueOf(w.a, 'SELECT max(number) FROM meetings')).toBe(3);
  });

  it('THEN a due vote closed by both at once is closed once', async () => {
    const w = await twoProcesses();
    const opened = await w.one.execute({ where: WHERE, user: ADMIN, command: 'club vote', args: {} });
    expect(opened.error).toBeFalsy();
    const dueAt = (await valueOf(w.a, 'SELECT closes_at FROM votes')) + 1;
    const closed = await Promise.all([w.one.closeDueVotes(dueAt), w.other.closeDueVotes(dueAt)]);
    expect(closed[0] + closed[1]).toBe(1);
    expect(await valueOf(w.b, `SELECT count(*) FROM votes WHERE state = 'closed'`)).toBe(1);
  });
});
