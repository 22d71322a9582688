/**
 * Rules of issue 23 that a planted bug broke and no test noticed: the presenter rotation's order (rule 8), a club
 * posting at meeting time that comes back after its meeting (rule 9), a vote settled twice (rule 10), and the
 * meeting-event sync adopting a cancelled event (rule 12, the domain half; the Discord half is
 * test/e2e/discord-event-restart.test.ts). Rules 5, 6, 7 and 11 are rows of the guard tables in this folder.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { syncMeetingEvents, type MeetingEventPort, type MeetingEventSpec } from '../../src/club/meeting-events.ts';
import type { Delivery, PlatformBallot } from '../../src/club/ports.ts';
import type { Club } from '../../src/club/types.ts';
import { settleVote } from '../../src/dispatch/vote-flow.ts';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import type { PostedMessage } from '../../src/club/ports.ts';
import { ADMIN, clubFixture, WHERE } from '../helpers/club-fixture.ts';
import { clubBot, HOUR, WED, WEEK, type ClubBot } from '../scheduler/harness.ts';
import { rowOf, valueOf } from '../helpers/sql.ts';
import { getVote, openVoteOf } from '../../src/store/votes.ts';

let h: ClubBot | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const person = (name: string): UserRef => ({ userId: name.toLowerCase(), displayName: name });
const [ALICE, BOB, CAROL, DAVE] = ['Alice', 'Bob', 'Carol', 'Dave'].map(person) as [UserRef, UserRef, UserRef, UserRef];

describe('rule 8: the rotation asks the least recent presenter first', () => {
  it('GIVEN volunteers who last presented three, two and one meetings ago and one who never did THEN they are asked never-presented first, then oldest first, and the previous presenter never', async () => {
    h = await clubBot();
    expect((await h.admin('club rotation', { mode: 'on', answer_hours: 1 })).error).toBeFalsy();
    // Joined in an order unlike the one they are to be asked in, so joining order cannot pass for it.
    for (const v of [DAVE, CAROL, BOB, ALICE]) expect((await h.bot.run(v, 'rotation join', {}, 'c1')).error).toBeFalsy();
    // Meetings 1, 2 and 3 presented by Bob, Carol and Dave (signed up before the rotation would ask).
    for (const [who, week] of [[BOB, '1'], [CAROL, '2'], [DAVE, '3']] as const) expect((await h.bot.run(who, 'signup', { week }, 'c1')).error).toBeFalsy();
    for (let k = 0; k < 3; k++) await h.at(WED + k * WEEK + 60_000);
    expect((await h.meetings()).map((m) => `${m.number} ${m.status}`)).toEqual(['1 done', '2 done', '3 posted']);
    // Meeting 4 comes inside the reminder lead with nobody: the rotation asks, each one passing in turn.
    const asked = () => h!.world.asks.filter((a) => a.text.includes('meeting 4')).map((a) => a.userId);
    await h.at(WED + 3 * WEEK - 47 * HOUR);
    for (let step = 1; step <= 4; step++) await h.at(WED + 3 * WEEK - (47 - 1.1 * step) * HOUR);
    // Alice never presented; Bob presented longest ago (meeting 1), then Carol (2); Dave presented meeting 3, the one before.
    expect(asked()).toEqual(['alice', 'bob', 'carol']);
  });
});

describe('rule 9: a club posting at meeting time never posts after its meeting', () => {
  // Meetings last an hour (PAPERCLUB_MEETING_MINUTES, default 60) and the grace is 24 hours: the meeting's end wins.
  const BACK_AFTER: Array<[hours: number, outcome: 'posted' | 'missed']> = [
    [0.25, 'posted'],
    [0.5, 'posted'],
    [0.95, 'posted'],
    [1.05, 'missed'],
    [1.5, 'missed'],
    [2, 'missed'],
    [6, 'missed'],
    [12, 'missed'],
    [23.5, 'missed'],
    [25, 'missed'],
  ];
  for (const [hours, outcome] of BACK_AFTER) {
    it(`GIVEN the bot back ${hours} h after a one-hour meeting's start THEN the meeting is ${outcome}`, async () => {
      h = await clubBot();
      const report = await h.downUntil(WED + hours * HOUR);
      expect(report.posted.length === 1 ? 'posted' : report.missed.length === 1 ? 'missed' : 'neither').toBe(outcome);
      expect(h.world.posts).toHaveLength(outcome === 'posted' ? 1 : 0);
      expect((await h.meetings())[0]).toMatchObject({ slotAt: WED, status: outcome === 'posted' ? 'posted' : 'missed' });
    });
  }
});

/** A delivery whose poll close waits until the test lets it go, counting what reaches the platform. */
function slowPollDelivery() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const seen = { closeVote: 0, announced: [] as string[] };
  const delivery: Delivery = {
    platform: 'console',
    postMeeting: async () => ({ channel: WHERE.channel, messageId: 'post' }),
    findPost: async () => null,
    remindPresenter: async () => {},
    notifyClub: async (_club, text) => void seen.announced.push(text),
    postVote: async (): Promise<PostedMessage> => ({ channel: WHERE.channel, messageId: 'poll-1' }),
    updateVote: async () => {},
    closeVote: async (): Promise<PlatformBallot[]> => {
      seen.closeVote++;
      await gate;
      return [{ userId: 'alice', displayName: 'Alice', idx: 1 }];
    },
  };
  return { delivery, seen, release };
}

describe('rule 10: a vote is settled once', () => {
  async function openVoteClub() {
    const f = await clubFixture();
    await f.setup();
    const slow = slowPollDelivery();
    f.core.links.connect(slow.delivery);
    const opened = await f.run(ADMIN, 'club vote', { candidates: 'lora, bert', closes: '2h' });
    expect(opened.error, opened.text).toBeFalsy();
    const vote = (await openVoteOf(f.db, (await f.core.clubFor(WHERE))!.id))!;
    return { f, slow, vote };
  }

  for (const first of ['the admin', 'the scheduled close'] as const) {
    it(`GIVEN ${first} starts closing a vote and the other closes it meanwhile THEN the platform is read once, the vote settled once and its result announced once`, async () => {
      const { f, slow, vote } = await openVoteClub();
      f.clock.set(vote.closesAt + 60_000); // due: the sweep would close it now
      const admin = () => f.run(ADMIN, 'club vote', { action: 'close' });
      const sweep = () => f.core.closeDueVotes();
      const [a, b] = first === 'the admin' ? [admin(), sweep()] : [sweep(), admin()];
      // Both are under way before the platform answers.
      await new Promise((r) => setTimeout(r, 20));
      slow.release();
      const [adminReply] = (first === 'the admin' ? await Promise.all([a, b]) : (await Promise.all([a, b])).reverse()) as [Awaited<ReturnType<typeof admin>>, number];
      const results = [...slow.seen.announced, ...(adminReply.error ? [] : [adminReply.text])].filter((t) => t.startsWith('🗳️ The vote is closed'));
      expect(slow.seen.closeVote).toBe(1);
      expect(results).toHaveLength(1);
      expect(results[0]).toMatch(/\*\*BERT[^*]*\*\* wins with 1 of 1 vote/);
      expect(await getVote(f.db, vote.id)).toMatchObject({ state: 'closed' });
      if (adminReply.error) expect(adminReply.text).toMatch(/being closed right now|already closed/);
    });
  }

  it('GIVEN a settled vote THEN settling it again is refused and its result stays as it was', async () => {
    const { f, vote } = await openVoteClub();
    const first = await settleVote(f.db, vote.id, f.clock().getTime());
    const after = await getVote(f.db, vote.id);
    await expect(settleVote(f.db, vote.id, f.clock().getTime() + 1000)).rejects.toThrow(/That vote is already closed/);
    expect(await getVote(f.db, vote.id)).toEqual(after);
    expect(first.vote.state).toBe('closed');
  });
});

describe('rule 12: the event sync never adopts a cancelled event of the meeting', () => {
  it('GIVEN a meeting whose event was cancelled (skip) and that is wanted again (unskip) WHEN the new event fails to be made and the sync runs again THEN the cancelled event is not taken back: a new one is made', async () => {
    const f = await clubFixture('2026-11-02T12:00:00Z', { announceLeadMinutes: 6 * 24 * 60 });
    await f.setup({ when: 'wed 17:00', timezone: 'UTC' });
    const club = async () => (await f.core.clubFor(WHERE))!;
    const next = (await f.core.nextAnnouncement(await club()))!;
    f.clock.set(next.slotAt - (await club()).announceLeadMinutes * 60_000);
    await f.core.beginPost((await club()).id, next.slotAt);
    await f.core.completePost((await club()).id, next.slotAt, { channel: WHERE.channel, messageId: 'm1' });

    // A platform like Discord: events keep their status, and its find does NOT look at it (a port that forgets).
    const events = new Map<string, MeetingEventSpec & { status: 'scheduled' | 'cancelled' }>();
    let failCreate = false;
    const port: MeetingEventPort = {
      async create(_c: Club, spec) {
        if (failCreate) throw new Error('crash before the id was recorded');
        const id = `ev${events.size + 1}`;
        events.set(id, { ...spec, status: 'scheduled' });
        return id;
      },
      find: async (_c, spec) => [...events].find(([, e]) => e.name === spec.name && e.startAt === spec.startAt)?.[0] ?? null,
      edit: async (_c, id, spec) => (events.get(id)?.status === 'scheduled' ? (events.set(id, { ...spec, status: 'scheduled' }), true) : false),
      cancel: async (_c, id) => void (events.get(id)!.status = 'cancelled'),
    };
    const sync = async () => syncMeetingEvents(f.db, await club(), f.clock().getTime(), 3_600_000, port, memoryLogger());
    await sync();
    expect([...events.values()].map((e) => e.status)).toEqual(['scheduled']);
    expect((await f.run(ADMIN, 'club skip', {})).error).toBeFalsy();
    await sync();
    expect([...events.values()].map((e) => e.status)).toEqual(['cancelled']);
    const unskip = await f.run(ADMIN, 'club unskip', { date: new Date(next.slotAt).toISOString().slice(0, 10) });
    expect(unskip.error, unskip.text).toBeFalsy();
    // Announced again by the unskip itself (issue 22: its post is edited back, never begun a second time): its event is
    // wanted again.
    expect(await f.core.beginPost((await club()).id, next.slotAt)).toBeNull();
    expect(await valueOf(f.db, 'SELECT status FROM meetings WHERE slot_at = ?', next.slotAt)).toBe('posted');
    failCreate = true;
    await expect(sync()).rejects.toThrow(/crash/);
    failCreate = false;
    await sync();
    const record = await rowOf(f.db, 'SELECT event_id AS eventId, state FROM meeting_events') as { eventId: string; state: string };
    expect(record).toEqual({ eventId: 'ev2', state: 'active' });
    expect([...events].map(([id, e]) => `${id} ${e.status}`)).toEqual(['ev1 cancelled', 'ev2 scheduled']);
  });
});
