/**
 * Votes on Discord, end to end: the real discord.js client against the local Discord stand-in. `/club vote` posts a
 * native poll (one answer per candidate, within Discord's limits), members vote in it, and the scheduler's close ends
 * the poll, reads its voters through the REST answer-voters endpoint and makes the winner that meeting's paper.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planUpcoming } from '../../src/club/planning.ts';
import { votedMeeting } from '../../src/club/votes.ts';
import { discordWorld } from './discord-world.ts';
import { BOT_PERMS, MEMBER_PERMS, PERM } from './fake-discord.ts';
import { rowOf } from '../helpers/sql.ts';
import { candidatesOf, getVote, openVoteOf } from '../../src/store/votes.ts';

const EPHEMERAL = 64;

async function startWorld() {
  const w = await discordWorld({ members: ['alice', 'bob', 'carol'] });
  return { ...w, polls: () => (w.fake.messages.get(w.channel) ?? []).filter((m) => m.poll) };
}

describe('Discord votes end to end', () => {
  let w: Awaited<ReturnType<typeof startWorld>>;
  let expectedRefusals: number[];
  beforeEach(async () => {
    w = await startWorld();
    expectedRefusals = [];
  });
  afterEach(async () => {
    const unexpected = w.fake.refusals.filter((r) => !expectedRefusals.includes(r.code));
    await w.close();
    expect(unexpected).toEqual([]);
  });

  it('GIVEN /club vote THEN a native poll with one answer per candidate; members vote; the scheduler ends it, reads the voters and picks the winner', async () => {
    expect((await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' })).flags ?? 0).not.toBe(EPHEMERAL);
    const opened = await w.slash(w.users.admin, 'club vote', { closes: '1d' });
    expect(opened.flags).toBe(EPHEMERAL);
    expect(opened.content).toMatch(/Vote posted in the channel/);
    const vote = (await openVoteOf(w.db, (await w.club()).id))!;
    const candidates = await candidatesOf(w.db, vote.id);
    const [poll] = w.polls();
    expect(poll.id).toBe(vote.messageId);
    // What discord.js sent: a poll within Discord's limits, single choice, lasting until the close (24 h).
    const sent = w.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages` && r.body?.poll)!;
    expect(sent.body.poll.answers).toHaveLength(candidates.length);
    expect(sent.body.poll.answers.every((a: any) => a.poll_media.text.length <= 55)).toBe(true);
    expect(sent.body.poll.answers[0].poll_media.text).toMatch(/^1\. /);
    expect(sent.body.poll.question.text).toMatch(/^Which paper should meeting 2 on Wed 11 Nov/);
    expect(sent.body.poll).toMatchObject({ duration: 24, allow_multiselect: false });
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });

    w.fake.castPollVote({ channelId: w.channel, messageId: poll.id, user: w.users.alice, answerId: 1 });
    w.fake.castPollVote({ channelId: w.channel, messageId: poll.id, user: w.users.bob, answerId: 3 });
    w.fake.castPollVote({ channelId: w.channel, messageId: poll.id, user: w.users.carol, answerId: 1 });
    w.fake.castPollVote({ channelId: w.channel, messageId: poll.id, user: w.users.alice, answerId: 3 }); // changed her mind
    expect(() => w.fake.castPollVote({ channelId: w.channel, messageId: poll.id, user: w.fake.bot, answerId: 1 })).toThrow(/bots/);

    const voted = (await votedMeeting(w.db, await w.club(), vote, w.clock().getTime()))!;
    // Not due yet: the run leaves the vote open.
    await w.scheduler.runDue();
    expect((await getVote(w.db, vote.id))!.state).toBe('open');
    const since = w.fake.mark();
    w.clock.set(vote.closesAt);
    await w.scheduler.runDue();
    await w.core.noticesSent();
    expect((await getVote(w.db, vote.id))!.state).toBe('closed');
    const after = w.fake.requests.slice(since);
    expect(after.some((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/polls/${poll.id}/expire`)).toBe(true);
    expect(after.filter((r) => r.method === 'GET' && r.path.startsWith(`/channels/${w.channel}/polls/${poll.id}/answers/`))).toHaveLength(candidates.length);
    const result = after.find((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages` && /vote is closed/.test(r.body?.content ?? ''))!;
    expect(result.body.content).toMatch(/wins with 2 of 3 votes/);
    expect(result.body.content).not.toMatch(/alice|bob|carol/i);
    const decided = (await planUpcoming(w.db, await w.club(), w.clock().getTime(), 4)).find((m) => m.slotAt === voted.slotAt)!;
    expect(decided.paper!.id).toBe(candidates[2]!.paper.id);
    // The poll has ended: no more ballots.
    expect(() => w.fake.castPollVote({ channelId: w.channel, messageId: poll.id, user: w.users.bob, answerId: 2 })).toThrow(/ended/);
  });

  it('GIVEN /club vote closes:14d for a meeting announced over two weeks ahead THEN the poll lasts 336 hours (Discord polls last up to 32 days) and the vote closes then', async () => {
    await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    // Mon 2 Nov: with 11 and 18 Nov skipped, the next meeting to vote on is 25 Nov, announced 19 Nov.
    expect((await w.slash(w.users.admin, 'club skip', { week: '2026-11-11' })).flags ?? 0).not.toBe(EPHEMERAL);
    expect((await w.slash(w.users.admin, 'club skip', { week: '2026-11-18' })).flags ?? 0).not.toBe(EPHEMERAL);
    const opened = await w.slash(w.users.admin, 'club vote', { closes: '14d' });
    expect(opened.content).toMatch(/Vote posted in the channel/);
    const vote = (await openVoteOf(w.db, (await w.club()).id))!;
    expect(vote.closesAt).toBe(Date.parse('2026-11-16T12:00:00Z'));
    expect(new Date((await votedMeeting(w.db, await w.club(), vote, w.clock().getTime()))!.slotAt).toISOString()).toBe('2026-11-25T17:00:00.000Z');
    const sent = w.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages` && r.body?.poll)!;
    expect(sent.body.poll.duration).toBe(14 * 24);
    expect(Date.parse(w.polls()[0]!.poll.expiry) - Date.now()).toBeGreaterThan(13 * 24 * 3_600_000);
  });

  it('GIVEN 120 members vote for one answer THEN the close reads every page of voters (100 a page) and counts them all', async () => {
    await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    await w.slash(w.users.admin, 'club vote', { closes: '1d' });
    const vote = (await openVoteOf(w.db, (await w.club()).id))!;
    for (let i = 0; i < 120; i++) {
      const u = w.fake.addUser({ username: `member${i}`, permissions: MEMBER_PERMS });
      w.fake.castPollVote({ channelId: w.channel, messageId: vote.messageId!, user: u, answerId: 2 });
    }
    w.fake.castPollVote({ channelId: w.channel, messageId: vote.messageId!, user: w.users.alice, answerId: 1 });
    const since = w.fake.mark();
    const r = await w.slash(w.users.admin, 'club vote', { action: 'close' });
    expect(r.content).toMatch(/wins with 120 of 121 votes/);
    const pages = w.fake.requests.slice(since).filter((q) => q.path === `/channels/${w.channel}/polls/${vote.messageId}/answers/2`);
    expect(pages.map((q) => q.query.get('after') !== null)).toEqual([false, true]);
    expect(await rowOf(w.db, 'SELECT count(*) AS n FROM vote_ballots WHERE vote_id = ?', vote.id)).toEqual({ n: 121 });
  });

  it('GIVEN the bot lost access to the channel WHEN the admin closes the vote THEN it closes without a winner, saying what to fix, and a new vote can open', async () => {
    await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    await w.slash(w.users.admin, 'club vote', { closes: '1d' });
    const vote = (await openVoteOf(w.db, (await w.club()).id))!;
    const before = (await planUpcoming(w.db, await w.club(), w.clock().getTime(), 4)).map((m) => m.paper?.id);
    w.fake.castPollVote({ channelId: w.channel, messageId: vote.messageId!, user: w.users.alice, answerId: 3 });
    w.fake.setBotPermissions(w.channel, BOT_PERMS & ~PERM.viewChannel);
    expectedRefusals.push(50001);
    const r = await w.slash(w.users.admin, 'club vote', { action: 'close' });
    expect(r.content ?? JSON.stringify(r.embeds)).toMatch(/could not read its poll, so the plan stays as it is/);
    expect((await getVote(w.db, vote.id))!.state).toBe('closed');
    expect((await planUpcoming(w.db, await w.club(), w.clock().getTime(), 4)).map((m) => m.paper?.id)).toEqual(before);
    expect(await openVoteOf(w.db, (await w.club()).id)).toBeNull();
  });

  it('GIVEN the bot may not post polls in the channel THEN /club vote tells the admin privately what to grant, and no vote stays open', async () => {
    await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    w.fake.setBotPermissions(w.channel, BOT_PERMS & ~PERM.sendPolls);
    expectedRefusals.push(50013);
    const r = await w.slash(w.users.admin, 'club vote');
    expect(r.flags).toBe(EPHEMERAL);
    expect(r.content ?? JSON.stringify(r.embeds)).toMatch(/Send Polls/);
    expect(await openVoteOf(w.db, (await w.club()).id)).toBeNull();
    expect(w.polls()).toHaveLength(0);
  });

  it('GIVEN polls Discord would refuse THEN the stand-in refuses them: 11 answers, a 56-character answer, 769 hours', async () => {
    expectedRefusals.push(50035);
    const post = (poll: unknown) =>
      fetch(`${w.fake.apiUrl}/v10/channels/${w.channel}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ poll }) });
    const answers = (n: number, len = 5) => Array.from({ length: n }, (_, i) => ({ poll_media: { text: `${i}`.padEnd(len, 'x') } }));
    expect((await post({ question: { text: 'q' }, answers: answers(11) })).status).toBe(400);
    expect((await post({ question: { text: 'q' }, answers: answers(2, 56) })).status).toBe(400);
    expect((await post({ question: { text: 'q' }, answers: answers(2), duration: 769 })).status).toBe(400);
    expect((await post({ question: { text: 'q'.repeat(301) }, answers: answers(2) })).status).toBe(400);
    expect((await post({ question: { text: 'q' }, answers: answers(10, 55), duration: 768 })).status).toBe(200);
  });
});
