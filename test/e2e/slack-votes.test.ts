import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * Votes on Slack, end to end: the real Bolt app over HTTP against the local Slack stand-in. An admin opens a vote,
 * members press its buttons, each ballot edits the vote message in place (chat.update) with the new counts, a member
 * changes their vote, and the close picks the winner for the meeting and shows the result without buttons.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planUpcoming } from '../../src/club/planning.ts';
import { votedMeeting } from '../../src/club/votes.ts';
import { blockActionBody, signedPost, TEAM_ID, type StoredMessage } from './fake-slack.ts';
import { CHANNEL, SECRET, slackWorld } from './slack-world.ts';
import { candidatesOf, getVote, openVoteOf } from '../../src/store/votes.ts';

type Section = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } };

async function startWorld() {
  const base = await slackWorld();
  const { fake, core, slack } = base;
  fake.addUser({ id: 'UCAROL', name: 'carol', displayName: 'Carol' });
  const w = {
    ...base,
    async slash(text: string, user: string) {
      return (await base.slashResponse(text, user)) as { response_type?: string; text?: string; blocks?: unknown[] };
    },
    /** Presses a button of a stored message as Slack sends it (block_actions with the button's action_id and value). */
    async press(message: StoredMessage, idx: number, user: string) {
      const button = (message.blocks as Section[]).filter((b) => b.accessory)[idx]!.accessory!;
      const id = base.nextId('click');
      const body = blockActionBody({ userId: user, userName: user.slice(1).toLowerCase(), channel: CHANNEL, messageTs: message.ts, actionId: button.action_id, value: button.value, responseUrl: fake.responseUrl(id) });
      expect((await signedPost(slack.url!, body, { secret: SECRET })).status).toBe(200);
      return (await fake.waitForResponse(id)) as { text?: string; blocks?: unknown[] };
    },
    club: async () => (await core.clubFor({ platform: 'slack', workspace: TEAM_ID, channel: CHANNEL }))!,
    /** The vote count each candidate section shows now. */
    counts(message: StoredMessage): number[] {
      return (message.blocks as Section[]).filter((b) => b.type === 'section').map((b) => Number(/\*(\d+)\* votes?/.exec(b.text!.text)?.[1] ?? NaN));
    },
  };
  return w;
}

describe('Slack votes end to end', () => {
  let w: Awaited<ReturnType<typeof startWorld>>;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    expect(w.fake.refusals).toEqual([]);
    await w.close();
  });

  it('GIVEN an open vote WHEN members press its buttons THEN each ballot updates the counts in place (chat.update), a vote can change, and the close picks the winner', async () => {
    w.fake.invite(CHANNEL);
    expect((await w.slash('club setup', 'UBOSS')).response_type).toBe('in_channel');
    const opened = await w.slash('club vote closes:1d', 'UBOSS');
    // The channel sees the vote message; the admin alone gets the confirmation.
    expect(opened.response_type).toBe('ephemeral');
    expect(opened.text).toMatch(/Vote posted in the channel\. It closes Tue 6 Jan 2026, 12:00 UTC/);
    const vote = (await openVoteOf(w.db, (await w.club()).id))!;
    expect(vote.platform).toBe('slack');
    const message = w.fake.messages.get(CHANNEL)!.find((m) => m.ts === vote.messageId)!;
    const candidates = await candidatesOf(w.db, vote.id);
    // The club announces six days ahead: Wednesday 7's post is overdue, so the vote is for the meeting after it.
    const voted = (await votedMeeting(w.db, await w.club(), vote, w.clock().getTime()))!;
    expect(new Date(voted.slotAt).toISOString()).toBe('2026-01-14T17:00:00.000Z');
    expect(candidates).toHaveLength(5);
    expect((message.blocks as Section[]).filter((b) => b.accessory)).toHaveLength(5);
    expect(w.counts(message)).toEqual([0, 0, 0, 0, 0]);

    const updates = () => w.fake.callsOf('chat.update').filter((c) => c.args.ts === vote.messageId);
    const alice = await w.press(message, 1, 'UALICE');
    expect(alice.text ?? JSON.stringify(alice.blocks)).toMatch(/You voted for/);
    expect(updates()).toHaveLength(1);
    expect(w.counts(message)).toEqual([0, 1, 0, 0, 0]);
    await w.press(message, 1, 'UBOB');
    expect(w.counts(message)).toEqual([0, 2, 0, 0, 0]);
    // Alice changes her mind: still one ballot each.
    await w.press(message, 3, 'UALICE');
    expect(w.counts(message)).toEqual([0, 1, 0, 1, 0]);
    await w.press(message, 1, 'UCAROL');
    expect(w.counts(message)).toEqual([0, 2, 0, 1, 0]);
    expect(updates()).toHaveLength(4);
    // Pressing the same choice again changes nothing and edits nothing.
    await w.press(message, 1, 'UCAROL');
    expect(updates()).toHaveLength(4);

    const closed = await w.slash('club vote close', 'UBOSS');
    expect(closed.response_type).toBe('in_channel');
    expect(JSON.stringify(closed)).toMatch(/wins with 2 of 3 votes/);
    expect(JSON.stringify(closed)).not.toMatch(/Alice|Bob|Carol/);
    // The result replaces the buttons, in place.
    expect(updates()).toHaveLength(5);
    expect((message.blocks as Section[]).some((b) => b.accessory)).toBe(false);
    expect(JSON.stringify(message.blocks)).toMatch(/🏆/);
    const decided = (await planUpcoming(w.db, await w.club(), w.clock().getTime(), 3)).find((m) => m.slotAt === voted.slotAt)!;
    expect(decided.paper!.id).toBe(candidates[1]!.paper.id);
  });

  it('GIVEN club vote closes:14d for a meeting announced over two weeks ahead THEN the vote is open 14 days, as a Discord poll of the same vote would be, and the scheduler closes it then', async () => {
    w.fake.invite(CHANNEL);
    expect((await w.slash('club setup', 'UBOSS')).response_type).toBe('in_channel');
    // Mon 5 Jan: with 14 and 21 Jan skipped, the next meeting to vote on is 28 Jan, announced 22 Jan.
    expect((await w.slash('club skip 2026-01-14', 'UBOSS')).response_type).toBe('in_channel');
    expect((await w.slash('club skip 2026-01-21', 'UBOSS')).response_type).toBe('in_channel');
    const opened = await w.slash('club vote closes:14d', 'UBOSS');
    expect(opened.text).toMatch(/Vote posted in the channel\. It closes Mon 19 Jan 2026, 12:00 UTC/);
    const vote = (await openVoteOf(w.db, (await w.club()).id))!;
    expect(new Date((await votedMeeting(w.db, await w.club(), vote, w.clock().getTime()))!.slotAt).toISOString()).toBe('2026-01-28T17:00:00.000Z');
    const scheduler = schedulerOf(w.core, { deliveries: [w.slack.delivery], logger: w.log, cron: false, sleep: async () => {} });
    try {
      w.clock.set(vote.closesAt - 60_000);
      await scheduler.runDue();
      expect((await getVote(w.db, vote.id))!.state).toBe('open');
      w.clock.set(vote.closesAt);
      await scheduler.runDue();
      expect((await getVote(w.db, vote.id))!.state).toBe('closed');
    } finally {
      await scheduler.stop();
    }
  });
});
