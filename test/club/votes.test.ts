import { schedulerOf } from '../helpers/scheduler-of.ts';
/**
 * Votes on the next paper and members' suggestions, through the real core and an in-memory database: opening
 * rules, changeable ballots, ties, a vote with no ballots, a voted meeting that is skipped or moved, privacy.
 * The console delivery stands in for a platform (it prints; ballots come through the vote's buttons).
 */
import { describe, expect, it } from 'vitest';
import { planUpcoming } from '../../src/club/planning.ts';
import { voteContent } from '../../src/dispatch/vote-flow.ts';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { ConsoleDelivery } from '../../src/platforms/console/delivery.ts';
import { ADMIN, ALICE, BOB, WHERE, clubFixture } from '../helpers/club-fixture.ts';
import { rowOf } from '../helpers/sql.ts';
import { sequenceOf } from '../../src/store/clubs.ts';
import { candidatesOf, openVoteOf } from '../../src/store/votes.ts';
import { closeVote } from '../../src/club/votes.ts';

const CAROL: UserRef = { userId: 'carol', displayName: 'Carol' };
const HOUR = 3_600_000;

async function world() {
  const s = await clubFixture();
  const printed: string[] = [];
  const delivery = new ConsoleDelivery((t) => printed.push(t));
  s.core.links.connect(delivery);
  await s.setup();
  const club = async () => (await s.core.clubFor(WHERE))!;
  const now = () => s.clock().getTime();
  const nextMeeting = async () => (await planUpcoming(s.db, await club(), now(), 4)).find((m) => m.status === 'upcoming')!;
  const vote = async () => await openVoteOf(s.db, (await club()).id);
  /** Presses the vote button of candidate `idx` (0-based) as `user`. */
  const press = async (user: UserRef, idx: number) => {
    const v = (await vote())!;
    return s.core.runAction({ where: WHERE, user, action: `vote:${(await club()).id}:${v.id}:${idx}` });
  };
  return { ...s, printed, delivery, club, now, nextMeeting, vote, press };
}

describe('votes on the next paper', () => {
  it('GIVEN a club THEN /club vote is admin-only and offers the list’s next five papers plus open suggestions, as buttons', async () => {
    const w = await world();
    expect((await w.run(ALICE, 'club vote')).error).toBe(true);
    expect(await w.vote()).toBeNull();
    expect((await w.run(BOB, 'suggest', { paper: 'https://arxiv.org/abs/2401.00001' })).error).toBeFalsy();
    const opened = await w.run(ADMIN, 'club vote');
    expect(opened.error).toBeFalsy();
    expect(opened.private).toBe(true); // the vote itself is the channel's message
    expect(opened.text).toMatch(/Vote posted in the channel\. It closes Wed 4 Nov 2026, 12:00 UTC/);
    const seq = (await sequenceOf(w.db, (await (await w.club())).id)).slice(0, 5);
    const cands = await candidatesOf(w.db, (await w.vote())!.id);
    expect(cands.map((c) => c.paper.id)).toEqual([...seq, cands[5]!.paper.id]);
    expect(cands[5]!.paper.arxivId).toBe('2401.00001');
    expect(cands.map((c) => c.source)).toEqual(['list', 'list', 'list', 'list', 'list', 'suggestion']);
    // The console printed the vote with one button per candidate.
    expect(w.printed.at(-1)).toMatch(/vote \(message m\d+\)/);
    expect(w.delivery.buttonsOf((await (await w.club())).id)).toHaveLength(6);
    // One open vote per club.
    expect((await w.run(ADMIN, 'club vote')).text).toMatch(/already open/);
  });

  it('GIVEN named candidates THEN they are the ballot; fewer than two, more than ten, a bad length or a close after the announcement are refused', async () => {
    const w = await world();
    expect((await w.run(ADMIN, 'club vote', { candidates: 'lora' })).text).toMatch(/at least two/);
    const eleven = (await sequenceOf(w.db, (await (await w.club())).id)).slice(0, 11).map((id) => `#${id}`).join(', ');
    expect((await w.run(ADMIN, 'club vote', { candidates: eleven })).text).toMatch(/at most 10/);
    expect((await w.run(ADMIN, 'club vote', { closes: 'soon' })).text).toMatch(/not a length/);
    // A Discord poll lasts up to 32 days (768 h): a longer vote is refused on every platform.
    expect((await w.run(ADMIN, 'club vote', { closes: '33d' })).text).toMatch(/at most 32 days/);
    expect((await w.run(ADMIN, 'club vote', { closes: '769h' })).text).toMatch(/at most 32 days/);
    // The next meeting is Wed 4 Nov 17:00 and is announced then (lead 0): three days is too long.
    expect((await w.run(ADMIN, 'club vote', { closes: '3d' })).text).toMatch(/must close before meeting 1 on .* is announced/);
    expect(await w.vote()).toBeNull();
    // In a text UI, closes:… may stand after the papers (they take the rest of the line).
    const r = await w.line(ADMIN, '/club vote lora, attention is all you need closes:1d');
    expect(r.error).toBeFalsy();
    expect((await candidatesOf(w.db, (await w.vote())!.id)).map((c) => c.paper.nickname ?? c.paper.title)).toEqual(['LoRA', 'Attention Is All You Need']);
    expect((await w.vote())!.closesAt).toBe(w.now() + 24 * HOUR);
  });

  it('GIVEN ballots THEN each member has one changeable vote, and the scheduler’s close schedules the winner for that meeting with counts', async () => {
    const w = await world();
    await w.run(ADMIN, 'club vote');
    const voteId = (await w.vote())!.id;
    const cands = await candidatesOf(w.db, voteId);
    expect((await w.press(ALICE, 2)).text).toMatch(/You voted for/);
    expect((await w.press(ALICE, 2)).text).toMatch(/already for/);
    await w.press(BOB, 1);
    await w.press(BOB, 2); // changed his mind
    await w.press(CAROL, 0);
    const content = (await voteContent(w.db, (await (await w.club())), (await w.vote())!.id, w.now()))!;
    expect(content.candidates.map((c) => c.votes)).toEqual([1, 0, 2, 0, 0]);
    expect(w.printed.at(-1)).toMatch(/\*\*2\*\* votes/);
    // Before its time, nothing closes.
    expect(await w.core.closeDueVotes()).toBe(0);
    const meeting = await w.nextMeeting();
    w.clock.set((await w.vote())!.closesAt);
    expect(await w.core.closeDueVotes()).toBe(1);
    expect(await w.vote()).toBeNull();
    const after = await w.nextMeeting();
    expect(after.slotAt).toBe(meeting.slotAt);
    expect(after.paper!.id).toBe(cands[2]!.paper.id);
    const announced = w.printed.at(-1)!;
    expect(announced).toMatch(new RegExp(`${escape(cands[2]!.paper.title)}\\*\\* wins with 2 of 3 votes`));
    // Counts only: no voter is named.
    expect(announced).not.toMatch(/Alice|Bob|Carol/);
    const late = await w.core.runAction({ where: WHERE, user: ALICE, action: `vote:${(await (await w.club())).id}:${voteId}:0` });
    expect(late.text).toMatch(/This vote has closed/);
  });

  it('GIVEN a process that closed a due vote and stopped before telling its result THEN the next run tells it once, and the runs after it not again', async () => {
    const w = await world();
    await w.run(ADMIN, 'club vote');
    const v = (await w.vote())!;
    const cands = await candidatesOf(w.db, v.id);
    await w.press(ALICE, 1);
    await w.press(BOB, 1);
    w.clock.set(v.closesAt);
    // The close as the process did it (winner pinned, vote closed), without the message it died before sending.
    await closeVote(w.db, v.id, w.now());
    const told = () => w.printed.filter((t) => /The vote is closed/.test(t));
    expect(told()).toEqual([]);
    expect(await w.core.closeDueVotes()).toBe(0); // nothing left to close…
    expect(told()).toHaveLength(1); // …but its result is told
    expect(told()[0]).toMatch(new RegExp(`${escape(cands[1]!.paper.title)}\\*\\* wins with 2 of 2 votes`));
    await w.core.closeDueVotes();
    w.clock.advance(HOUR);
    await w.core.closeDueVotes();
    expect(told()).toHaveLength(1);
  });

  it('GIVEN the result of a due vote could not be sent THEN the next run tells it; an admin\'s /club vote close is answered and never told again', async () => {
    const w = await world();
    await w.run(ADMIN, 'club vote');
    const v = (await w.vote())!;
    w.clock.set(v.closesAt);
    const send = w.delivery.notifyClub.bind(w.delivery);
    let fail = true;
    w.delivery.notifyClub = async (club: Parameters<typeof send>[0], text: string) => {
      if (fail && /The vote is closed/.test(text)) throw new Error('socket hang up');
      return send(club, text);
    };
    expect(await w.core.closeDueVotes()).toBe(1);
    const told = () => w.printed.filter((t) => /The vote is closed/.test(t));
    expect(told()).toEqual([]);
    fail = false;
    await w.core.closeDueVotes();
    expect(told()).toHaveLength(1);
    // The next vote, closed by an admin: the answer tells it, no run does.
    w.clock.advance(HOUR);
    await w.run(ADMIN, 'club vote');
    const closing = await w.run(ADMIN, 'club vote', { action: 'close' });
    expect(closing.text).toMatch(/The vote is closed/);
    await w.core.closeDueVotes();
    expect(told()).toHaveLength(1);
  });

  it('GIVEN a closed vote and suggestions THEN /club export lists each vote with its counts (no voter named) and each suggestion (a private member unnamed)', async () => {
    const w = await world();
    expect((await w.run(BOB, 'suggest', { paper: 'https://arxiv.org/abs/2401.00001' })).error).toBeFalsy();
    expect((await w.run(CAROL, 'progress', { visibility: 'private' })).error).toBeFalsy();
    expect((await w.run(CAROL, 'suggest', { paper: 'lora' })).error).toBeFalsy();
    await w.run(ADMIN, 'club vote');
    const cands = await candidatesOf(w.db, (await w.vote())!.id);
    await w.press(ALICE, 1);
    await w.press(BOB, 1);
    await w.press(CAROL, 0);
    const closedOn = new Date((await w.vote())!.closesAt).toISOString().slice(0, 10);
    w.clock.set((await w.vote())!.closesAt);
    expect(await w.core.closeDueVotes()).toBe(1);
    const exported = (await w.run(ADMIN, 'club export')).file!.content;
    const votes = exported.slice(exported.indexOf('## Votes'));
    expect(votes).toMatch(new RegExp(`^- Vote opened 2026-11-02 \\(closed ${closedOn}\\): \\*\\*${escape(cands[1]!.paper.title)}\\*\\* won$`, 'm'));
    expect(votes).toContain(`  - ${cands[0]!.paper.title}: 1\n  - ${cands[1]!.paper.title}: 2\n`);
    expect(votes).not.toMatch(/Alice|Carol/);
    const suggestions = exported.slice(exported.indexOf('## Suggestions'));
    expect(suggestions).toMatch(/^- \[.*\]\(https:\/\/arxiv\.org\/abs\/2401\.00001\) — Bob, 2026-11-02$/m);
    expect(suggestions).toMatch(/^- \[LoRA.*\) — a member, 2026-11-02$/m);
  });

  it('GIVEN a vote button crafted with another club’s vote THEN it is refused and no ballot is cast', async () => {
    const w = await world();
    const other = { ...WHERE, channel: 'club-2', channelName: 'other' };
    await w.run(ADMIN, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' }, other);
    await w.run(ADMIN, 'club vote', {}, other);
    const theirs = (await openVoteOf(w.db, (await w.core.clubFor(other))!.id))!;
    const r = await w.core.runAction({ where: WHERE, user: ALICE, action: `vote:${(await (await w.club())).id}:${theirs.id}:0` });
    expect(r.text).toMatch(/out of date/);
    expect(await rowOf(w.db, 'SELECT count(*) AS n FROM vote_ballots')).toEqual({ n: 0 });
  });

  it('GIVEN a tie THEN the paper earlier in the club’s list wins; between suggestions, the earlier suggestion', async () => {
    const w = await world();
    const seq = await sequenceOf(w.db, (await (await w.club())).id);
    // Named in reverse list order, one vote each.
    await w.run(ADMIN, 'club vote', { candidates: `#${seq[3]}, #${seq[1]}` });
    await w.press(ALICE, 0);
    await w.press(BOB, 1);
    const r = await w.run(ADMIN, 'club vote', { action: 'close' });
    expect(r.private).toBe(false);
    expect(r.text).toMatch(/a tie, settled by list order/);
    expect((await w.nextMeeting()).paper!.id).toBe(seq[1]);

    // Two suggestions, neither in the list: the one suggested first wins the tie.
    await w.run(BOB, 'suggest', { paper: 'A Quite Unknown Paper About Graphs', new: true });
    w.clock.advance(60_000);
    await w.run(ALICE, 'suggest', { paper: 'arXiv:2402.00002' });
    await w.run(ADMIN, 'club vote', { candidates: 'arXiv:2402.00002, A Quite Unknown Paper About Graphs' });
    await w.press(ALICE, 0);
    await w.press(BOB, 1);
    await w.run(ADMIN, 'club vote', { action: 'close' });
    // The first vote's winner is pinned to the next meeting, so the second vote decided the one after it.
    const voted = (await planUpcoming(w.db, await w.club(), w.now(), 4)).filter((m) => m.origin === 'vote');
    expect(voted.map((m) => m.paper!.title)).toEqual([(await w.nextMeeting()).paper!.title, 'A Quite Unknown Paper About Graphs']);
    expect(voted[0]!.paper!.id).toBe(seq[1]);
  });

  it('GIVEN no ballots THEN closing says so and the plan stays as it was', async () => {
    const w = await world();
    const before = await w.nextMeeting();
    await w.run(ADMIN, 'club vote');
    const r = await w.run(ADMIN, 'club vote', { action: 'close' });
    expect(r.text).toMatch(/no votes, so the plan stays as it is/);
    expect((await w.nextMeeting()).paper!.id).toBe(before.paper!.id);
    expect((await w.run(ADMIN, 'club vote', { action: 'close' })).text).toMatch(/no open vote/);
  });

  it('GIVEN the voted meeting is skipped THEN the vote follows it to the next date and its winner is read then', async () => {
    const w = await world();
    const first = await w.nextMeeting();
    await w.run(ADMIN, 'club vote', { closes: '1d' });
    const cands = await candidatesOf(w.db, (await w.vote())!.id);
    await w.press(ALICE, 3);
    await w.run(ADMIN, 'club skip');
    expect((await voteContent(w.db, (await (await w.club())), (await w.vote())!.id, w.now()))!.question).toMatch(/meeting 1 on Wed 11 Nov/);
    w.clock.advance(24 * HOUR);
    await w.core.closeDueVotes();
    const next = await w.nextMeeting();
    expect(next.slotAt).toBe(first.slotAt + 7 * 24 * HOUR);
    expect(next.paper!.id).toBe(cands[3]!.paper.id);
    expect(w.printed.at(-1)).toMatch(/meeting 1 on Wed 11 Nov/);
  });

  it('GIVEN the schedule moves to Thursdays during a vote THEN the vote decides the moved meeting', async () => {
    const w = await world();
    await w.run(ADMIN, 'club vote', { closes: '1d' });
    const cands = await candidatesOf(w.db, (await w.vote())!.id);
    await w.press(BOB, 4);
    expect((await w.run(ADMIN, 'club schedule', { when: '0 17 * * 4', timezone: 'UTC' })).error).toBeFalsy();
    w.clock.advance(24 * HOUR);
    await w.core.closeDueVotes();
    const next = await w.nextMeeting();
    expect(new Date(next.slotAt).toISOString()).toBe('2026-11-05T17:00:00.000Z');
    expect(next.paper!.id).toBe(cands[4]!.paper.id);
  });

  it('GIVEN a member who set themselves private THEN their suggestion stands but they are never named; others are', async () => {
    const w = await world();
    await w.run(CAROL, 'progress', { visibility: 'private' });
    const mine = await w.run(CAROL, 'suggest', { paper: 'Some Secret Paper On Sparse Mixtures', new: true });
    expect(mine.private).toBe(true);
    const bobs = await w.run(BOB, 'suggest', { paper: 'arXiv:2403.00003' });
    expect(bobs.text).toMatch(/^Bob suggested/);
    await w.run(ADMIN, 'club vote');
    const content = (await voteContent(w.db, (await (await w.club())), (await w.vote())!.id, w.now()))!;
    const secret = content.candidates.find((c) => c.title === 'Some Secret Paper On Sparse Mixtures')!;
    expect(secret.suggestedBy).toBeNull();
    expect(content.candidates.find((c) => c.title === 'arXiv:2403.00003')!.suggestedBy).toBe('Bob');
    expect(w.printed.join('\n')).not.toMatch(/Carol/);
  });
});

describe('seeing and taking back suggestions', () => {
  it('GIVEN suggestions THEN /suggestions lists them with who (private unnamed, others counted) and which are yours; /unsuggest takes back only your own', async () => {
    const w = await world();
    expect((await w.run(ALICE, 'suggestions')).text).toMatch(/No suggestions are waiting/);
    await w.run(BOB, 'suggest', { paper: 'https://arxiv.org/abs/2401.00001' });
    await w.run(BOB, 'suggest', { paper: 'lora' });
    await w.run(CAROL, 'progress', { visibility: 'private' });
    await w.run(CAROL, 'suggest', { paper: 'lora' });
    await w.run(CAROL, 'suggest', { paper: 'Some Secret Paper On Sparse Mixtures', new: true });

    const bobSees = await w.run(BOB, 'suggestions');
    expect(bobSees.private).toBe(true);
    const lines = bobSees.text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^1\. \[arXiv:2401\.00001\]\(https:\/\/arxiv\.org\/abs\/2401\.00001\) — you, 2026-11-02$/);
    expect(lines[1]).toMatch(/^2\. \[LoRA.*\) — you and 1 more, 2026-11-02$/);
    expect(lines[2]).toMatch(/^3\. \[Some Secret Paper On Sparse Mixtures\]\(.*\) — a member, 2026-11-02$/);
    expect(bobSees.text).not.toMatch(/Carol/);
    // Others see Bob named; Carol sees her own as hers, and that she suggested LoRA too.
    expect((await w.run(ALICE, 'suggestions')).text.split('\n')[1]).toMatch(/— Bob and 1 more, 2026-11-02$/);
    const carolSees = (await w.run(CAROL, 'suggestions')).text.split('\n');
    expect(carolSees[1]).toMatch(/— Bob and 1 more, 2026-11-02 \(you too\)$/);
    expect(carolSees[2]).toMatch(/— you, 2026-11-02$/);

    // /unsuggest offers one's own suggestions as one types (Discord autocomplete); the value names the paper.
    const mine = async (query: string, user: UserRef = BOB) => await w.core.suggest({ where: WHERE, user, source: 'my-suggestion', query });
    expect((await mine('')).map((c) => c.name)).toEqual(['arXiv:2401.00001', expect.stringMatching(/^LoRA/)]);
    expect((await mine('lo')).map((c) => c.name)).toEqual([expect.stringMatching(/^LoRA/)]);
    expect(await mine('', ALICE)).toEqual([]);
    expect((await mine('', CAROL)).map((c) => c.name)).toEqual([expect.stringMatching(/^LoRA/), 'Some Secret Paper On Sparse Mixtures']);

    // Nothing of one's own to take back; a paper someone else suggested; an unknown paper.
    expect((await w.run(ALICE, 'unsuggest', { paper: 'lora' })).text).toMatch(/You have no suggestions in this club/);
    const notHis = await w.run(BOB, 'unsuggest', { paper: 'Some Secret Paper On Sparse Mixtures' });
    expect(notHis.error).toBe(true);
    expect(notHis.text).toMatch(/You have not suggested \*\*Some Secret Paper On Sparse Mixtures\*\* here\. Yours: \*\*arXiv:2401\.00001\*\*, \*\*LoRA/);
    expect((await w.run(BOB, 'unsuggest', { paper: 'xyzzy qwerty' })).error).toBe(true);

    // Taking back a paper others suggested too: it still stands, now on their account only.
    const back = await w.run(BOB, 'unsuggest', { paper: (await mine('lo'))[0]!.value });
    expect(back.error).toBeFalsy();
    expect(back.text).toMatch(/^Took back your suggestion of \*\*LoRA.*\*\*\. Others suggested it too, so it still stands for the next vote\.$/);
    expect((await w.run(BOB, 'unsuggest', { paper: 'lora' })).error).toBe(true); // twice: not his any more
    expect(await mine('lo')).toEqual([]);
    const after = (await w.run(ALICE, 'suggestions')).text.split('\n');
    expect(after[1]).toMatch(/^2\. \[LoRA.*\) — a member, 2026-11-02$/);

    // Once a vote is open its ballot is fixed: the paper stays on it, and later votes do not offer it.
    await w.run(ADMIN, 'club vote');
    expect((await w.run(BOB, 'suggestions')).text.split('\n')[0]).toMatch(/— you, 2026-11-02 \(on the open vote\)$/);
    const fromBallot = await w.run(BOB, 'unsuggest', { paper: '2401.00001' });
    expect(fromBallot.text).toBe('Took back your suggestion of **arXiv:2401.00001**. It stays on the ballot of the vote that is open now.');
    expect((await candidatesOf(w.db, (await w.vote())!.id)).some((c) => c.paper.arxivId === '2401.00001')).toBe(true);
    expect((await w.run(BOB, 'suggestions')).text).not.toMatch(/2401\.00001/);
  });
});

describe('votes and the scheduler', () => {
  it('GIVEN a new schedule brings the voted meeting’s announcement before the vote’s close THEN the run closes the vote first and announces its winner', async () => {
    const w = await world();
    const scheduler = schedulerOf(w.core, { deliveries: [w.delivery], logger: w.logger, clock: w.clock, cron: false, sleep: async () => {} });
    await w.run(ADMIN, 'club vote', { closes: '2d' }); // Mon 12:00 -> Wed 4 Nov 12:00 (announce Wed 17:00, lead 0)
    const voteId = (await w.vote())!.id;
    const cands = await candidatesOf(w.db, voteId);
    await w.press(ALICE, 4);
    // Meetings move to Tuesdays 10:00: the voted meeting is now Tue 3 Nov 10:00, before the vote would close.
    expect((await w.run(ADMIN, 'club schedule', { when: '0 10 * * 2', timezone: 'UTC' })).error).toBeFalsy();
    w.clock.set('2026-11-03T10:00:00Z');
    const report = await scheduler.runDue();
    expect(report.posted).toHaveLength(1);
    expect(report.posted[0]!.paperKey).toBe(cands[4]!.paper.key);
    const i = w.printed.findIndex((t) => /The vote is closed/.test(t));
    const post = w.printed.findIndex((t) => t.startsWith('════ weekly post'));
    expect(i).toBeGreaterThan(-1);
    expect(post).toBeGreaterThan(i);
    expect(w.printed[i]).toMatch(/is the paper for meeting 1 on Tue 3 Nov 2026, 10:00 UTC/);
    await scheduler.stop();
  });
});

describe('/suggest', () => {
  it('GIVEN catalog papers, new links and titles THEN each resolves or is added once per member, near misses ask first', async () => {
    const w = await world();
    const lora = await w.run(ALICE, 'suggest', { paper: 'lora' });
    expect(lora.text).toMatch(/LoRA/);
    expect((await w.run(ALICE, 'suggest', { paper: 'LoRA' })).text).toMatch(/already suggested/);
    // Another member may suggest the same paper; it stands once.
    await w.run(BOB, 'suggest', { paper: 'lora' });
    const count = async () => (await rowOf(w.db, 'SELECT count(*) AS n FROM papers') as { n: number }).n;
    const papers = await count();
    const link = await w.run(BOB, 'suggest', { paper: 'https://arxiv.org/pdf/2405.12345v2' });
    expect(link.text).toMatch(/arXiv:2405\.12345.*new to the catalog/);
    expect(await count()).toBe(papers + 1);
    // In the catalog, in no list.
    const row = await rowOf(w.db, "SELECT id FROM papers WHERE arxiv_id = '2405.12345'") as { id: number };
    expect(await rowOf(w.db, 'SELECT count(*) AS n FROM list_entries WHERE paper_id = ?', row.id)).toEqual({ n: 0 });
    // A near miss of a known title asks first.
    const near = await w.run(BOB, 'suggest', { paper: 'Atention is all you ned' });
    expect(near.text).toMatch(/did you mean|Attention/);
    expect((await w.run(BOB, 'suggest', { paper: 'https://example.com/blog' })).error).toBe(true);
    expect(await count()).toBe(papers + 1);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
