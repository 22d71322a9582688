import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import { clubBot, HOUR, RUN_MODES, useRunMode, WED, WEEK, type ClubBot } from '../scheduler/harness.ts';
import { presentersAt } from '../../src/store/sign-ups.ts';

const ALICE: UserRef = { userId: 'alice', displayName: 'Alice' };
const BOB: UserRef = { userId: 'bob', displayName: 'Bob' };
const CAROL: UserRef = { userId: 'carol', displayName: 'Carol' };
const DAVE: UserRef = { userId: 'dave', displayName: 'Dave' };
/** Where a DM button is pressed: no club channel. */
const DM: Where = { platform: 'console', workspace: 'local', channel: 'dm' };

let h: ClubBot;
afterEach(async () => h?.close());

async function rotationClub(answerHours = 2, volunteers: UserRef[] = [ALICE, BOB, CAROL]) {
  h = await clubBot();
  const on = await h.admin('club rotation', { mode: 'on', answer_hours: answerHours });
  expect(on.error).toBeFalsy();
  for (const v of volunteers) expect((await h.bot.run(v, 'rotation join', {}, 'c1')).text).toContain("You're in the presenter rotation");
  return h;
}

/** Presses the Accept (0) or Pass (1) button of the latest ask to `user`. */
async function answer(user: UserRef, which: 0 | 1, by: UserRef = user) {
  const ask = [...h.world.asks].reverse().find((a) => a.userId === user.userId);
  if (!ask) throw new Error(`${user.userId} was never asked`);
  const reply = await h.bot.core.runAction({ where: DM, user: by, action: ask.buttons[which]!.action });
  await h.bot.core.noticesSent();
  return reply;
}

const asked = () => h.world.asks.map((a) => a.userId);

describe.each(RUN_MODES)('$how', ({ scanFrom }) => {
  beforeAll(() => useRunMode(scanFrom));

  describe('presenter rotation: order, passes and time-outs', () => {
    it('GIVEN three volunteers and a meeting without presenter WHEN the first passes and the second does not answer THEN the third is asked, accepts through /signup, and the channel sees only the outcome', async () => {
      await rotationClub(2);
      await h.at(WED - 47 * HOUR); // inside the 48 h reminder lead
      expect(asked()).toEqual(['alice']);
      expect(h.world.asks[0]!.buttons.map((b) => b.label)).toEqual(['Accept', 'Pass']);
      expect(h.world.asks[0]!.text).toContain('meeting 1');
      expect(h.world.notices).toEqual([]); // no call for a presenter in the channel while the rotation asks

      expect((await answer(ALICE, 1)).text).toContain("I'll ask the next volunteer");
      await h.at(WED - 46 * HOUR);
      expect(asked()).toEqual(['alice', 'bob']);

      await h.at(WED - 45 * HOUR); // bob's two hours are not over
      expect(asked()).toEqual(['alice', 'bob']);
      await h.at(WED - 44 * HOUR + 60_000); // now they are: a time-out counts as a pass
      expect(asked()).toEqual(['alice', 'bob', 'carol']);

      const accepted = await answer(CAROL, 0);
      expect(accepted).toMatchObject({ private: true });
      expect(accepted.text).toContain('Thank you! You present meeting 1');
      expect((await presentersAt(h.bot.db, h.clubId, WED)).map((p) => p.userId)).toEqual(['carol']);
      expect(h.world.notices.map((n) => n.text)).toEqual([expect.stringContaining('🎤 Carol will present meeting 1')]);

      // Later runs ask nobody else, call for nobody, and do not DM Carol a second time.
      await h.at(WED - 24 * HOUR);
      await h.at(WED - HOUR);
      expect(asked()).toEqual(['alice', 'bob', 'carol']);
      expect(h.world.notices).toHaveLength(1);
      expect(h.world.dms).toEqual([]);
    });

    it('GIVEN volunteers with long answer times WHEN the meeting starts before every one was asked THEN the channel hears once that it goes ahead without a presenter', async () => {
      await rotationClub(24, [ALICE, BOB, CAROL]);
      await h.at(WED - 47 * HOUR);
      await h.at(WED - 22 * HOUR); // alice's 24 hours are over; bob's would end after the start
      expect(asked()).toEqual(['alice', 'bob']);
      await h.at(WED - 6 * HOUR);
      expect(asked()).toEqual(['alice', 'bob']);
      expect(h.world.notices).toEqual([]);
      await h.at(WED + 60_000); // posted at the meeting time; the rotation ends without a presenter
      await h.at(WED + 2 * HOUR);
      await h.at(WED + 5 * HOUR);
      const outcome = h.world.notices.filter((n) => /rotation found no presenter/.test(n.text));
      expect(outcome.map((n) => n.text)).toEqual([
        expect.stringMatching(/^The rotation found no presenter for meeting 1, \*\*.+\*\*, before it started \(2 volunteers asked, none accepted in time\): it goes ahead without a presenter\.$/),
      ]);
      expect(asked()).toEqual(['alice', 'bob']); // carol is never asked for a meeting that has started
    });

    it('GIVEN the presenter of the previous meeting THEN they are never asked next, and when everyone else passes the channel is told once to sign up', async () => {
      await rotationClub(2, [ALICE, BOB]);
      await h.at(WED - 47 * HOUR);
      await answer(ALICE, 0); // alice presents meeting 1
      await h.at(WED + 60_000); // meeting 1 is posted and held
      await h.at(WED + WEEK - 47 * HOUR);
      expect(asked()).toEqual(['alice', 'bob']); // alice presented last time: bob is asked, not her
      await answer(BOB, 1);
      await h.at(WED + WEEK - 46 * HOUR);
      await h.at(WED + WEEK - 30 * HOUR);
      expect(asked()).toEqual(['alice', 'bob']);
      const none = h.world.notices.filter((n) => n.text.includes('No volunteer'));
      expect(none).toHaveLength(1);
      expect(none[0]!.text).toContain('meeting 2');
      expect(none[0]!.text).toContain('/signup 2026-11-11');
      // It was the meeting's call for a presenter: turning the rotation off does not call a second time.
      await h.admin('club rotation', { mode: 'off' });
      await h.at(WED + WEEK - 20 * HOUR);
      expect(h.world.notices.filter((n) => /No volunteer|Nobody has signed up/.test(n.text))).toHaveLength(1);
    });

    it('GIVEN one volunteer presented and one never did THEN the one who presented least recently (never) is asked first', async () => {
      await rotationClub(2, [ALICE, BOB]);
      await h.at(WED - 47 * HOUR);
      await answer(ALICE, 0); // meeting 1: alice
      await h.at(WED + 60_000);
      // Meeting 2: dave signs up himself, so the rotation asks nobody.
      expect((await h.bot.run(DAVE, 'signup', {}, 'c1')).error).toBeFalsy();
      await h.at(WED + WEEK - 47 * HOUR);
      expect(asked()).toEqual(['alice']);
      await h.at(WED + WEEK + 60_000);
      // Meeting 3: the previous presenter is dave; bob never presented, alice did at meeting 1: bob first.
      await h.at(WED + 2 * WEEK - 47 * HOUR);
      expect(asked()).toEqual(['alice', 'bob']);
    });
  });

  describe('presenter rotation: beside sign-ups, and who may answer', () => {
    it('GIVEN an open ask WHEN someone signs up with /signup THEN the ask is withdrawn and a late Accept says the meeting has its presenter', async () => {
      await rotationClub(2, [ALICE, BOB]);
      await h.at(WED - 47 * HOUR);
      expect(asked()).toEqual(['alice']);
      expect((await h.bot.run(DAVE, 'signup', {}, 'c1')).error).toBeFalsy();
      await h.at(WED - 46 * HOUR);
      const late = await answer(ALICE, 0);
      expect(late.text).toContain('has its presenter already');
      expect((await presentersAt(h.bot.db, h.clubId, WED)).map((p) => p.userId)).toEqual(['dave']);
      await h.at(WED - 40 * HOUR);
      expect(asked()).toEqual(['alice']); // nobody else is asked
      expect(h.world.notices).toEqual([]);
    });

    it("GIVEN alice's Accept button WHEN bob presses it THEN it is refused and nothing changes", async () => {
      await rotationClub(2, [ALICE, BOB]);
      await h.at(WED - 47 * HOUR);
      const r = await answer(ALICE, 0, BOB);
      expect(r).toMatchObject({ error: true });
      expect(r.text).toContain('for someone else');
      expect(await presentersAt(h.bot.db, h.clubId, WED)).toEqual([]);
    });

    it('GIVEN a private volunteer who accepts THEN the channel is told a volunteer will present, without their name', async () => {
      await rotationClub(2, [ALICE]);
      await h.bot.run(ALICE, 'progress', { visibility: 'private' }, 'c1');
      await h.at(WED - 47 * HOUR);
      await answer(ALICE, 0);
      expect(h.world.notices.map((n) => n.text)).toEqual([expect.stringContaining('A volunteer from the rotation will present meeting 1')]);
      expect(h.world.notices[0]!.text).not.toContain('Alice');
    });

    it('GIVEN a volunteer whose DMs are closed THEN the next volunteer is asked in the same run', async () => {
      await rotationClub(2, [ALICE, BOB]);
      h.world.dmClosed.add('alice');
      await h.at(WED - 47 * HOUR);
      expect(asked()).toEqual(['bob']);
    });

    it('GIVEN the rotation off (the default) and volunteers THEN nobody is asked and the channel gets the usual call for a presenter', async () => {
      h = await clubBot();
      await h.bot.run(ALICE, 'rotation join', {}, 'c1');
      await h.at(WED - 47 * HOUR);
      expect(asked()).toEqual([]);
      expect(h.world.notices.map((n) => n.text)).toEqual([expect.stringContaining('Nobody has signed up to present at meeting 1')]);
    });

    it('GIVEN a member who is not an admin THEN /club rotation on is refused by the bot itself', async () => {
      h = await clubBot();
      const r = await h.bot.run(ALICE, 'club rotation', { mode: 'on' }, 'c1');
      expect(r).toMatchObject({ error: true });
      expect(r.text).toContain('for club admins');
      await h.bot.run(ALICE, 'rotation join', {}, 'c1');
      await h.at(WED - 47 * HOUR);
      expect(asked()).toEqual([]);
    });

    it('GIVEN /rotation leave while being asked THEN the ask is withdrawn and the next volunteer is asked', async () => {
      await rotationClub(2, [ALICE, BOB]);
      await h.at(WED - 47 * HOUR);
      expect((await h.bot.run(ALICE, 'rotation leave', {}, 'c1')).text).toContain("You've left the presenter rotation");
      await h.at(WED - 46 * HOUR);
      expect(asked()).toEqual(['alice', 'bob']);
    });
  });
});
