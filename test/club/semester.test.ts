import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.ts';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import type { Args } from '../../src/commands/types.ts';
import { ADMIN, bootProcess, tempDb, where, type BotProcess } from '../scheduler/helpers.ts';
import { MemoryPlatform } from '../scheduler/memory-platform.ts';

const ALICE: UserRef = { userId: 'alice', displayName: 'Alice' };
const BOB: UserRef = { userId: 'bob', displayName: 'Bob' };
const CAROL: UserRef = { userId: 'carol', displayName: 'Carol' };
const paper = (n: number) => `Paper ${n}: A Study of Thing ${n}`;

/**
 * A semester of one club as its members live it: the production defaults (meetings Wednesdays 17:00 UTC, the paper
 * posted six days ahead), the real scheduler over a temp-file database, a memory platform that records every post,
 * DM and channel notice. Starts Mon 2 Nov 2026 12:00 UTC.
 */
async function semester() {
  const tmp = await tempDb();
  tmp.db.close();
  const clock = manualClock('2026-11-02T12:00:00Z');
  const world = new MemoryPlatform();
  const bot: BotProcess = await bootProcess(tmp.path, clock, world, {}, {});
  const run = (user: UserRef, command: string, args: Args = {}) => bot.run(user, command, args, 'club');
  const line = (user: UserRef, text: string) => bot.core.executeLine({ where: where('club'), user, line: text });
  const at = async (t: string) => {
    clock.set(t);
    await bot.scheduler.runDue();
    await bot.core.noticesSent();
  };
  const setup = await run(ADMIN, 'club setup', { list: 'year-list' });
  expect(setup.error).toBeFalsy();
  const dmsTo = (userId: string) => world.dms.filter((d) => d.userId === userId).map((d) => d.text);
  return {
    bot, clock, world, run, line, at, setup, dmsTo,
    close: async () => {
      await bot.scheduler.stop();
      await bot.db.close();
      tmp.cleanup();
    },
  };
}

let s: Awaited<ReturnType<typeof semester>>;
afterEach(async () => s?.close());

describe('GIVEN a club on the default schedule (Wednesdays 17:00 UTC, posted six days ahead)', () => {
  it('THEN setup says when it meets and when papers are posted, and the first post goes out ahead of the first meeting', async () => {
    s = await semester();
    expect(s.setup.text).toContain('Meetings: Wednesdays at 17:00 (UTC). The paper is posted 6 days before each meeting.');
    expect(s.setup.text).toContain('First up: meeting 1, **Paper 1: A Study of Thing 1** on Wed 4 Nov 2026, 17:00 UTC.');
    await s.at('2026-11-02T12:01:00Z');
    // Its announce time (Thu 29 Oct) was before the club existed: announced at once, two days ahead.
    expect(s.world.posts.map((p) => [p.post.heading, p.post.title, p.at])).toEqual([
      ['📄 Paper club — meeting 1', paper(1), Date.parse('2026-11-02T12:01:00Z')],
    ]);
    await s.at('2026-11-05T16:59:00Z');
    expect(s.world.posts).toHaveLength(1);
    await s.at('2026-11-05T17:00:00Z'); // Thursday: the post for Wednesday 11 Nov
    const second = s.world.posts[1]!;
    expect(second.post.heading).toBe('📄 Paper club — meeting 2');
    expect(second.post.meetingAt.toISOString()).toBe('2026-11-11T17:00:00.000Z');
    expect(second.at).toBe(Date.parse('2026-11-05T17:00:00Z'));
    // Its sign-up button is for that meeting, which has not started.
    const click = await s.bot.core.runAction({ where: where('club'), user: ALICE, action: second.post.buttons[0]!.action });
    expect(click.text).toMatch(/Alice will present at \*\*meeting 2\*\* on Wed 11 Nov 2026, 17:00 UTC: \*\*Paper 2/);
  });

  it('THEN /paper now and /read mean the same paper before, between and after meetings', async () => {
    s = await semester();
    await s.at('2026-11-02T12:01:00Z');
    const before = await s.run(ALICE, 'paper now');
    expect(before.title).toBe(`Meeting 1: ${paper(1)}`);
    expect((await s.run(ALICE, 'read')).text).toContain(`Marked **${paper(1)}** read`);
    await s.at('2026-11-05T17:00:00Z'); // meeting 2 announced; meeting 1 is over
    const now = await s.run(BOB, 'paper now');
    expect(now.title).toBe(`Meeting 2: ${paper(2)}`);
    expect(now.text).toContain('Meeting: Wed 11 Nov 2026, 17:00 UTC');
    expect((await s.run(BOB, 'read')).text).toContain(`Marked **${paper(2)}** read`);
    await s.at('2026-11-11T19:00:00Z'); // after meeting 2, before the next post
    const between = await s.run(BOB, 'paper now');
    expect(between.title).toBe(`Meeting 2: ${paper(2)}`);
    expect(between.text).toContain('Last meeting: Wed 11 Nov 2026, 17:00 UTC');
    expect(between.text).toContain(`Next: meeting 3 on Wed 18 Nov 2026, 17:00 UTC — **${paper(3)}** (its post goes out Thu 12 Nov 2026, 17:00 UTC).`);
    expect((await s.run(CAROL, 'read')).text).toContain(`Marked **${paper(2)}** read`);
  });

  it('THEN presenters keep their date through skip, pick, move and a schedule change, and each is told what changed', async () => {
    s = await semester();
    await s.at('2026-11-02T12:01:00Z');
    expect((await s.run(ALICE, 'signup', { week: '3' })).text).toContain('meeting 3** on Wed 18 Nov 2026, 17:00 UTC: **Paper 3');
    expect((await s.run(BOB, 'signup', { week: '2026-11-25' })).text).toContain('meeting 4** on Wed 25 Nov 2026, 17:00 UTC: **Paper 4');
    expect((await s.line(CAROL, '/signup Paper 5: A Study of Thing 5')).text).toContain('meeting 5** on Wed 2 Dec 2026');

    // Skip 18 Nov: Alice loses her talk and is offered the next date; papers flow on, Bob and Carol keep their dates.
    const skip = await s.run(ADMIN, 'club skip', { week: '2026-11-18' });
    expect(skip.text).toContain('No meeting on Wed 18 Nov 2026, 17:00 UTC. **Paper 3: A Study of Thing 3** moves to the next meeting, Wed 25 Nov 2026, 17:00 UTC.');
    await s.bot.core.noticesSent();
    expect(s.dmsTo('alice')).toEqual([
      'The meeting of Paper club on Wed 18 Nov 2026, 17:00 UTC is skipped, so you are no longer presenting Paper 3: A Study of Thing 3. The next meeting is Wed 25 Nov 2026, 17:00 UTC (Paper 3: A Study of Thing 3), which already has its presenter. If the skip is undone, you are presenting again.',
    ]);
    expect(s.dmsTo('bob')).toEqual([
      'Schedule change in Paper club: the paper for Wed 25 Nov 2026, 17:00 UTC is now **Paper 3: A Study of Thing 3** (was Paper 4: A Study of Thing 4). Can\'t make it? /withdraw 2026-11-25',
    ]);
    expect(s.dmsTo('carol')).toHaveLength(1);
    const up = (await s.run(ALICE, 'paper upcoming', { weeks: 5 })).text.split('\n');
    expect(up[0]).toMatch(/^- \*\*Meeting 1\*\* · Wed 4 Nov 2026, 17:00 UTC \(announced\)/);
    expect(up[1]).toMatch(/^- \*\*Meeting 2\*\* · Wed 11 Nov 2026, 17:00 UTC — \[Paper 2/);
    expect(up[2]).toBe('- Wed 18 Nov 2026, 17:00 UTC — _skipped_');
    // Paper 3 came from the skipped date: the plan says so.
    expect(up[3]).toMatch(/^- \*\*Meeting 3\*\* · Wed 25 Nov 2026, 17:00 UTC — \[Paper 3: .*\) _\(from a skipped date\)_ — Bob$/);
    expect(up[4]).toMatch(/^- \*\*Meeting 4\*\* · Wed 2 Dec 2026, 17:00 UTC — \[Paper 4: .*\) — Carol$/);

    // Pick a paper: it becomes the next unannounced meeting's (11 Nov); the others shift, presenters keep their dates.
    const pick = await s.run(ADMIN, 'club pick', { paper: paper(9) });
    expect(pick.text.split('\n')[0]).toBe(`Next up for meeting 2 on Wed 11 Nov 2026, 17:00 UTC: **${paper(9)}**.`);
    // The reply names every meeting whose paper changed, the run of papers that each moved one meeting in one line.
    expect(pick.text).toContain(`• Meeting 2 on Wed 11 Nov 2026, 17:00 UTC now reads **${paper(9)}** (was ${paper(2)}).`);
    expect(pick.text).toContain(`• Meeting 3 on Wed 25 Nov 2026, 17:00 UTC now reads **${paper(2)}** (was ${paper(3)}).`);
    expect(pick.text).toContain('• The papers of meetings 4–9 each move one meeting later too.');
    expect(pick.text).toContain('• Told privately: Bob, Carol.');
    await s.bot.core.noticesSent();
    expect(s.dmsTo('bob').at(-1)).toContain(`the paper for Wed 25 Nov 2026, 17:00 UTC is now **${paper(2)}** (was ${paper(3)})`);
    expect(s.dmsTo('carol').at(-1)).toContain(`the paper for Wed 2 Dec 2026, 17:00 UTC is now **${paper(3)}** (was ${paper(4)})`);
    // Move it to meeting 4 (2 Dec): Carol keeps 2 Dec and now presents it; Bob's paper changes back.
    await s.run(ADMIN, 'club move', { paper: paper(9), week: '4' });
    await s.bot.core.noticesSent();
    expect(s.dmsTo('carol').at(-1)).toContain(`the paper for Wed 2 Dec 2026, 17:00 UTC is now **${paper(9)}**`);
    expect(s.dmsTo('bob').at(-1)).toContain(`is now **${paper(3)}**`);

    // A schedule change moves every meeting not yet announced; presenters follow their meeting and are told the date.
    const dmsBefore = s.world.dms.length;
    // Thursday 5 Nov would be the day after the announced meeting 1: the change asks first and changes nothing yet.
    const ask = await s.line(ADMIN, '/club schedule thu 18:00 Europe/London');
    expect(ask.error).toBe(true);
    expect(ask.text).toContain(
      'Meeting 1 on Wed 4 Nov 2026, 17:00 UTC is already announced and keeps its date. Thu 5 Nov 2026, 18:00 (Europe/London) would come too soon after it, so there is no meeting then: the new schedule starts Thu 12 Nov 2026, 18:00 (Europe/London).',
    );
    expect(ask.text).toContain('To go ahead, run /club schedule "thu 18:00 Europe/London" confirm:yes');
    expect((await s.bot.core.clubFor(where('club')))!.cron).toBe('0 17 * * 3');
    const sched = await s.line(ADMIN, '/club schedule "thu 18:00 Europe/London" confirm:yes');
    expect(sched.text).toContain('Meetings: Thursdays at 18:00 (Europe/London).');
    // Meetings move in order onto the Thursdays (meeting 3 stays meeting 3 with its paper and presenter); the skipped
    // Wednesday 18 Nov is no longer a meeting date, so its skip is dropped and Thursday 19 Nov is a meeting.
    expect(sched.text).toContain(`• Meeting 2 (**${paper(2)}**) moves from Wed 11 Nov 2026, 17:00 UTC to Thu 12 Nov 2026, 18:00 (Europe/London).`);
    expect(sched.text).toContain('• Meetings 3–51 move the same way, each to the next date of the new schedule.');
    expect(sched.text).toContain('• Wed 18 Nov 2026, 17:00 UTC is no longer a meeting date, so its skip is dropped.');
    expect(sched.text).toContain('• Told privately: Bob, Carol.');
    await s.bot.core.noticesSent();
    const moved = s.world.dms.slice(dmsBefore).map((d) => `${d.userId}: ${d.text}`);
    expect(moved).toEqual([
      expect.stringMatching(/^bob: .*your talk moved from Wed 25 Nov 2026, 17:00 UTC to \*\*Thu 19 Nov 2026, 18:00 \(Europe\/London\)\*\*/),
      expect.stringMatching(/^carol: .*your talk moved from Wed 2 Dec 2026, 17:00 UTC to \*\*Thu 26 Nov 2026, 18:00 \(Europe\/London\)\*\*/),
    ]);
    const after = (await s.run(ALICE, 'paper upcoming', { weeks: 6 })).text;
    // Meeting 1 is announced: it keeps its Wednesday, and the plan still shows it; no date is skipped that nobody skipped.
    expect(after).toMatch(/^- \*\*Meeting 1\*\* · Wed 4 Nov 2026, 17:00 \(Europe\/London\) \(announced\)/);
    expect(after).not.toMatch(/skipped/);
    expect(after).toMatch(/Meeting 2\*\* · Thu 12 Nov 2026, 18:00 \(Europe\/London\) — \[Paper 2: /);
    expect(after).toMatch(/Meeting 3\*\* · Thu 19 Nov 2026, 18:00 \(Europe\/London\) — \[Paper 3: .* — Bob/);
    expect(after).toMatch(/Meeting 4\*\* · Thu 26 Nov 2026, 18:00 \(Europe\/London\) — \[Paper 9: .* — Carol/);
  });

  it('THEN /paper history lists an announced meeting as not held yet until its time comes', async () => {
    s = await semester();
    await s.at('2026-11-02T12:01:00Z'); // meeting 1 (Wed 4 Nov) is announced six days ahead
    const before = (await s.run(ALICE, 'paper history')).text;
    expect(before).toMatch(/^- Wed 4 Nov 2026, 17:00 UTC — \*\*Meeting 1\*\* \[Paper 1: [^\n]*\) _\(announced, not held yet\)_ — /);
    await s.at('2026-11-04T17:00:00Z');
    const after = (await s.run(ALICE, 'paper history')).text;
    expect(after).toMatch(/^- Wed 4 Nov 2026, 17:00 UTC — \*\*Meeting 1\*\* \[Paper 1: [^\n]*\) — /);
    expect(after).not.toContain('not held yet');
  });

  it('THEN a schedule change that drops a skip drops its "from a skipped date" label too, and changing back brings no skip back', async () => {
    s = await semester();
    await s.at('2026-11-02T12:01:00Z');
    await s.run(ADMIN, 'club skip', { week: '2026-11-18' });
    const skipped = (await s.run(ALICE, 'paper upcoming', { weeks: 5 })).text;
    expect(skipped).toMatch(/Wed 25 Nov 2026, 17:00 UTC — \[Paper 3: .*\) _\(from a skipped date\)_/);
    const sched = await s.line(ADMIN, '/club schedule "thu 18:00 Europe/London" confirm:yes');
    expect(sched.text).toContain('• Wed 18 Nov 2026, 17:00 UTC is no longer a meeting date, so its skip is dropped.');
    const moved = (await s.run(ALICE, 'paper upcoming', { weeks: 5 })).text;
    expect(moved).toMatch(/Meeting 3\*\* · Thu 19 Nov 2026, 18:00 \(Europe\/London\) — \[Paper 3: [^\n]*\) — _no presenter yet_$/m);
    expect(moved).not.toMatch(/skipped/);
    // Back to Wednesdays: Paper 3 meets on 18 Nov, which nobody skips now; still no label.
    await s.line(ADMIN, '/club schedule "wed 17:00 UTC" confirm:yes');
    const back = (await s.run(ALICE, 'paper upcoming', { weeks: 5 })).text;
    expect(back).toMatch(/Meeting 3\*\* · Wed 18 Nov 2026, 17:00 UTC — \[Paper 3: [^\n]*\) — _no presenter yet_$/m);
    expect(back).not.toMatch(/skipped/);
  });

  it('THEN a schedule change to an earlier weekday keeps the announced meeting in the plan, makes no skip, and what the plan shows is what gets posted', async () => {
    s = await semester();
    await s.at('2026-11-02T12:01:00Z');
    expect((await s.run(ALICE, 'signup', { week: '3' })).text).toContain('meeting 3** on Wed 18 Nov 2026, 17:00 UTC: **Paper 3');
    await s.at('2026-11-05T17:00:00Z'); // meeting 2 (Wed 11 Nov) announced
    await s.at('2026-11-06T09:00:00Z');
    const sched = await s.line(ADMIN, '/club schedule when:"tue 18:00" timezone:UTC');
    expect(sched.text.split('\n').slice(0, 2)).toEqual([
      'Meetings: Tuesdays at 18:00 (UTC). Next meeting: Wed 11 Nov 2026, 17:00 UTC.',
      'Meeting 2 is already announced and keeps its date; the new schedule starts after it.',
    ]);
    const up = (await s.run(BOB, 'paper upcoming', { weeks: 4 })).text.split('\n');
    // Meeting 2 keeps its date (its post is out) and stays in the plan; Tuesday 10 Nov, before it, is simply not a
    // meeting (no skip is made); Alice follows her meeting to Tue 17 Nov.
    expect(up.slice(0, 3)).toEqual([
      expect.stringMatching(/^- \*\*Meeting 2\*\* · Wed 11 Nov 2026, 17:00 UTC \(announced\) — \[Paper 2: /),
      expect.stringMatching(/^- \*\*Meeting 3\*\* · Tue 17 Nov 2026, 18:00 UTC — \[Paper 3: .*\) — Alice$/),
      expect.stringMatching(/^- \*\*Meeting 4\*\* · Tue 24 Nov 2026, 18:00 UTC — \[Paper 4: /),
    ]);
    // Weeks pass: every meeting is posted on the date, with the paper and presenter, that the plan showed.
    for (const day of ['2026-11-10T18:30:00Z', '2026-11-11T18:00:00Z', '2026-11-18T18:00:00Z', '2026-11-25T18:00:00Z']) await s.at(day);
    const posted = s.world.posts.slice(1).map((p) => [p.post.number, new Date(p.post.meetingAt).toISOString(), p.post.title, p.post.presenters.map((m) => m.displayName).join(', ')]);
    expect(posted).toEqual([
      [2, '2026-11-11T17:00:00.000Z', paper(2), ''],
      [3, '2026-11-17T18:00:00.000Z', paper(3), 'Alice'],
      [4, '2026-11-24T18:00:00.000Z', paper(4), ''],
      [5, '2026-12-01T18:00:00.000Z', paper(5), ''],
    ]);
  });

  it('THEN skipping an announced meeting edits its post, puts its paper back first, and /paper now says the date is off', async () => {
    s = await semester();
    await s.at('2026-11-02T12:01:00Z');
    await s.at('2026-11-05T17:00:00Z'); // meeting 2 (11 Nov) announced
    await s.run(BOB, 'signup', { week: '2' });
    const skip = await s.run(ADMIN, 'club skip');
    expect(skip.text).toContain('No meeting on Wed 11 Nov 2026, 17:00 UTC.');
    expect(skip.postUpdate?.post.heading).toBe('📄 Paper club — no meeting on Wed 11 Nov 2026, 17:00 UTC (skipped)');
    expect(skip.postUpdate?.post.buttons).toEqual([]);
    expect(skip.postUpdate?.messages).toHaveLength(1);
    await s.bot.core.noticesSent();
    expect(s.dmsTo('bob')[0]).toContain('is skipped, so you are no longer presenting Paper 2');
    const now = await s.run(ALICE, 'paper now');
    expect(now.text).toContain('No meeting on Wed 11 Nov 2026, 17:00 UTC: it is skipped.');
    expect(now.text).toContain(`Next: meeting 2 on Wed 18 Nov 2026, 17:00 UTC — **${paper(2)}**`);
    await s.at('2026-11-12T17:00:00Z');
    expect(s.world.posts.at(-1)!.post).toMatchObject({ number: 2, title: paper(2) });
    expect(s.world.posts.at(-1)!.post.meetingAt.toISOString()).toBe('2026-11-18T17:00:00.000Z');
  });

  it('THEN switching lists asks first, keeps history and sign-ups, never repeats a paper, and switching back resumes', async () => {
    s = await semester();
    await s.bot.core.executeLine({ where: where('club'), user: ADMIN, line: '/club import other.md other' , loadAttachment: async () => ({ name: 'other.md', content: `# Other\n\n1. [${paper(1)}](https://arxiv.org/abs/2401.10000): again\n2. [Fresh Paper](https://arxiv.org/abs/2402.00001): new\n3. [Another Fresh](https://arxiv.org/abs/2402.00002): new\n` }) });
    await s.at('2026-11-02T12:01:00Z'); // meeting 1 = Paper 1
    await s.run(ALICE, 'signup', { week: '2026-11-11' });
    const ask = await s.run(ADMIN, 'club setup', { list: 'other' });
    expect(ask.error).toBe(true);
    expect(ask.text).toContain('To go ahead, run /club setup other confirm:yes');
    const sw = await s.run(ADMIN, 'club setup', { list: 'other', confirm: 'yes' });
    expect(sw.text).toContain('Now following **other** (was year-list). Meetings held, sign-ups, and papers picked, moved or voted onto meetings are kept; 1 paper of other already discussed here will not come again.');
    await s.bot.core.noticesSent();
    expect(s.dmsTo('alice').at(-1)).toContain('the paper for Wed 11 Nov 2026, 17:00 UTC is now **Fresh Paper** (was Paper 2');
    await s.at('2026-11-05T17:00:00Z');
    expect(s.world.posts.map((p) => p.post.title)).toEqual([paper(1), 'Fresh Paper']);
    expect(s.world.posts[1]!.post.presenters).toEqual([{ userId: 'alice', displayName: 'Alice' }]);
    const back = await s.run(ADMIN, 'club setup', { list: 'year-list', confirm: 'yes' });
    expect(back.error).toBeFalsy();
    await s.at('2026-11-12T17:00:00Z');
    expect(s.world.posts.map((p) => p.post.title)).toEqual([paper(1), 'Fresh Paper', paper(2)]);
    const history = (await s.run(ALICE, 'paper history')).text.split('\n');
    expect(history).toHaveLength(3);
    // Meeting 3 (Wed 18 Nov) was announced on 12 Nov and is not held yet; the two before it were.
    expect(history.map((l) => l.includes('_(announced, not held yet)_'))).toEqual([true, false, false]);
    expect(history.map((l) => /Meeting (\d)/.exec(l)![1])).toEqual(['3', '2', '1']);
  });

  it('THEN a schedule that meets more than weekly is refused, every-two-weeks works, and a DST gap is announced', async () => {
    s = await semester();
    for (const bad of ['* 17 * * 3', '0 17 * * 1-5', '* * * * *']) {
      const r = await s.line(ADMIN, `/club schedule "${bad}" UTC`);
      expect(r.error, bad).toBe(true);
      expect(r.text, bad).toMatch(/would meet more than once a week/);
    }
    const est = await s.line(ADMIN, '/club schedule wed 17:00 EST');
    expect(est.text).toMatch(/EST is an abbreviation; use a region such as America\/New_York/);
    const fortnight = await s.line(ADMIN, '/club schedule wed 17:00 UTC every 2 weeks');
    expect(fortnight.text).toContain('Meetings: every 2 weeks on Wednesday at 17:00 (UTC).');
    const up = (await s.run(ALICE, 'paper upcoming', { weeks: 3 })).text;
    expect(up).toMatch(/Wed 4 Nov 2026[\s\S]*Wed 18 Nov 2026[\s\S]*Wed 2 Dec 2026/);
    const dst = await s.line(ADMIN, '/club schedule sun 02:30 America/New_York');
    expect(dst.text).toContain('⏰ On 2027-03-14 clocks go forward in America/New_York: 02:30 does not exist, so that meeting is at 03:30.');
  });

  it('THEN at the end of the list the channel is told once what an admin can do', async () => {
    s = await semester();
    await s.bot.core.executeLine({ where: where('club'), user: ADMIN, line: '/club import tiny.md tiny', loadAttachment: async () => ({ name: 'tiny.md', content: `# Tiny\n\n1. [Only One](https://arxiv.org/abs/2403.00001): the one\n` }) });
    await s.run(ADMIN, 'club setup', { list: 'tiny', confirm: 'yes' });
    await s.at('2026-11-02T12:01:00Z');
    await s.at('2026-11-05T17:00:00Z');
    await s.at('2026-11-05T18:00:00Z');
    expect(s.world.notices.map((n) => n.text)).toEqual([
      '📚 Paper club has reached the end of its reading list (tiny), so there is no paper for the meeting on Wed 11 Nov 2026, 17:00 UTC. Admins: pick one with /club pick <paper>, or switch lists with /club setup <list> confirm:yes (see /paper lists).',
    ]);
  });

  it('THEN skipping an announced meeting while a later one is announced too (posted early) uses no paper twice, and the date cannot come back before it', async () => {
    s = await semester();
    await s.at('2026-11-02T12:01:00Z'); // meeting 1 (4 Nov) announced
    const club = (await s.bot.core.clubFor(where('club')))!;
    const early = (await s.bot.core.nextAnnouncement(club))!; // an admin's "post now" for 11 Nov
    await s.bot.core.beginPost(club.id, early.slotAt);
    await s.bot.core.completePost(club.id, early.slotAt, { channel: 'club', messageId: 'early' });
    await s.run(ADMIN, 'club skip', { week: '2026-11-04' });
    const up = (await s.run(ALICE, 'paper upcoming', { weeks: 4 })).text.split('\n');
    expect(up[0]).toBe('- Wed 4 Nov 2026, 17:00 UTC — _skipped_');
    expect(up[1]).toMatch(/Wed 11 Nov 2026, 17:00 UTC \(announced\) — \[Paper 2:/);
    expect(up[2]).toMatch(/Wed 18 Nov 2026, 17:00 UTC — \[Paper 1:/);
    expect(up[3]).toMatch(/Wed 25 Nov 2026, 17:00 UTC — \[Paper 3:/);
    const back = await s.run(ADMIN, 'club unskip', { date: '2026-11-04' });
    expect(back.text).toContain('The meeting on Wed 11 Nov 2026, 17:00 UTC is already announced, so this date cannot come back before it.');
  });
});
