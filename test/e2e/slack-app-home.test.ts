import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import type { Args } from '../../src/commands/types.ts';
import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import { HOME_ACTION_PREFIX } from '../../src/platforms/slack/home-view.ts';
import type { RunningSlack } from '../../src/platforms/slack/index.ts';
import type { Db } from '../../src/store/db.ts';
import { homeActionBody, signedPost, TEAM_ID, type FakeSlack } from './fake-slack.ts';
import { SECRET, slackWorld } from './slack-world.ts';
import { waitUntil } from './wait-until.ts';
import { valueOf, valuesOf } from '../helpers/sql.ts';
import { meetingsHeld } from '../../src/store/meetings.ts';
const WHERE: Where = { platform: 'slack', workspace: TEAM_ID, channel: 'CCLUB', channelName: 'paper-club' };
const BOSS: UserRef = { userId: 'UBOSS', displayName: 'Boss', isPlatformAdmin: true };
const ALICE: UserRef = { userId: 'UALICE', displayName: 'Alice' };
const BOB: UserRef = { userId: 'UBOB', displayName: 'Bob' };


describe('slack App Home (real Bolt, local stand-in)', () => {
  let fake: FakeSlack;
  let db: Db;
  let core: ClubCore;
  let slack: RunningSlack;
  let clock: Awaited<ReturnType<typeof slackWorld>>['clock'];
  let w: Awaited<ReturnType<typeof slackWorld>>;
  const run = (user: UserRef, command: string, args: Args = {}) => core.execute({ where: WHERE, user, command, args });

  const openHome = (userId: string) => w.openHome(userId);

  beforeAll(async () => {
    w = await slackWorld({ core: { defaults: { announceLeadMinutes: 0 } } });
    ({ fake, db, core, slack, clock } = w);
    fake.invite(WHERE.channel);
    // A club with one meeting held: Alice read its paper and wrote notes; Bob wrote a note too.
    const setup = await run(BOSS, 'club setup', { list: 'latent-space', when: 'wed 17:00', timezone: 'UTC' });
    expect(setup.error, setup.text).toBeFalsy();
    expect((await run(BOSS, 'club settings', { link: 'https://meet.example.com/paper-club' })).error).toBeFalsy();
    const club = (await core.clubFor(WHERE))!;
    const slot = nextMeetingAt(club, clock().getTime());
    expect(await core.beginPost(club.id, slot)).toBeTruthy();
    clock.set(slot);
    await core.completePost(club.id, slot, { channel: WHERE.channel, messageId: '1.000001' });
    expect((await run(ALICE, 'read')).error).toBeFalsy();
    clock.set(slot + 2 * 3600_000);
    const heldPaper = await valueOf(db, 'SELECT paper_id FROM meetings WHERE club_id = ?', club.id) as number;
    expect(await meetingsHeld(db, club.id)).toBe(1); // the paper after the one held is next
    expect((await run(ALICE, 'note', { paper: { paperId: heldPaper }, text: 'the rank ablation surprised me <!channel>' })).error).toBeFalsy();
    expect((await run(BOB, 'note', { paper: { paperId: heldPaper }, text: 'bob private thought' })).error).toBeFalsy();
    expect((await run(ALICE, 'signup', { week: '3' })).error).toBeFalsy();
  });

  afterAll(async () => {
    await w?.close();
  });

  it("GIVEN a member opens the Home tab THEN views.publish gets a home view with the next meeting, their progress, their sign-up and their own notes only", async () => {
    const view = await openHome('UALICE');
    const text = JSON.stringify(view.blocks);
    const next = (await core.memberHome(WHERE, 'UALICE')).clubs[0]!.next!;
    expect(next.number).toBe(2);
    expect(text).toContain(next.paper!.title);
    expect(text).toContain(`<!date^${Math.floor(next.slotAt / 1000)}^`);
    expect(text).toContain('https://meet.example.com/paper-club');
    expect(text).toContain("You've read 1 of 1 paper");
    // Her sign-up (meeting 3) is listed; the next meeting still offers her a sign-up and a Mark read button.
    expect(text).toMatch(/Your sign-ups.*<!date\^\d+\^/);
    const actions = (view.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.value)).toEqual([`signup:${next.clubId}:${next.paper!.id}:${next.slotAt}`, `read:${next.clubId}:${next.paper!.id}`]);
    expect(actions.elements!.every((e) => e.action_id.startsWith(HOME_ACTION_PREFIX))).toBe(true);
    // Her notes, escaped so nothing pings; nobody else's.
    expect(text).toContain('the rank ablation surprised me &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('bob private thought');
    expect(fake.callsOf('views.publish').at(-1)!.args.user_id).toBe('UALICE');
  });

  it('GIVEN a member clicks Sign up on their Home tab THEN they present the next meeting and the page is re-published showing it', async () => {
    const first = await openHome('UBOB');
    expect(JSON.stringify(first.blocks)).toContain('You are not presenting any upcoming meeting');
    const signup = (first.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.value.startsWith('signup:'))!;
    const res = await signedPost(slack.url!, homeActionBody({ userId: 'UBOB', actionId: signup.action_id, value: signup.value }), { secret: SECRET });
    expect(res.status).toBe(200);
    const after = await waitUntil(() => fake.homeViews.get('UBOB')?.[1], 're-published home view for UBOB');
    const text = JSON.stringify(after.blocks);
    expect(text).not.toContain('You are not presenting any upcoming meeting');
    expect(text).toContain('<@UBOB>');
    const presenters = await valuesOf(db, `SELECT m.user_id FROM sign_ups s JOIN members m ON m.id = s.member_id WHERE s.meeting_at = ?`, Number(signup.value.split(':')[3]));
    expect(presenters).toEqual(['UBOB']);
  });

  it('GIVEN someone the bot has never seen opens the Home tab THEN they get the clubs and no data of anyone else', async () => {
    fake.addUser({ id: 'UNEW', name: 'new' });
    const view = await openHome('UNEW');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('No notes yet');
    expect(text).toContain("You've read 0 of 1 paper");
    expect(await valueOf(db, `SELECT count(*) FROM members WHERE user_id = 'UNEW'`)).toBe(0);
  });
});
