import { describe, expect, it } from 'vitest';
import { getPaperByKey } from '../../src/catalog/catalog-store.ts';
import { ADMIN, ALICE, BOB, WHERE, clubFixture } from '../helpers/club-fixture.ts';
import { rowOf, runSql, valueOf, valuesOf } from '../helpers/sql.ts';
import { meetingsHeld } from '../../src/store/meetings.ts';

// Read marks from reactions are committed in groups: a read outside the core writes the waiting ones first.
const count = async (f: Awaited<ReturnType<typeof clubFixture>>, sql: string) => (await f.core.flushWrites(), await valueOf(f.db, sql));

describe('club setup and the schedule', () => {
  it('GIVEN a new channel WHEN an admin sets up a club THEN it follows Latent Space from week 1 on Wednesdays 17:00', async () => {
    const f = await clubFixture();
    const r = await f.setup();
    expect(r.error).toBeFalsy();
    expect(r.text).toContain('latent-space');
    const up = await f.run(ALICE, 'paper upcoming', { weeks: 3 });
    expect(up.text).toMatch(/Meeting 1\*\* · Wed 4 Nov 2026, 17:00 UTC — \[Attention Is All You Need\]/);
    expect(up.text).toContain('Meeting 3');
    expect(up.text.split('\n').filter((l) => l.startsWith('- ')).length).toBe(3);
  });

  it('GIVEN no club WHEN a member asks for this week THEN they are told how to start one', async () => {
    const f = await clubFixture();
    const r = await f.run(ALICE, 'paper now');
    expect(r.error).toBe(true);
    expect(r.private).toBe(true);
    expect(r.text).toContain('/club setup');
  });

  it('GIVEN a club WHEN /club schedule gets a bad cron or zone THEN a clear error and the old schedule stays', async () => {
    const f = await clubFixture();
    await f.setup();
    const bad = await f.run(ADMIN, 'club schedule', { when: '0 25 * * 3', timezone: 'UTC' });
    expect(bad.error).toBe(true);
    expect(bad.text).toMatch(/not a schedule I can read/);
    const badTz = await f.run(ADMIN, 'club schedule', { when: '0 18 * * 4', timezone: 'Mars/Olympus' });
    expect(badTz.text).toMatch(/not a time zone/);
    expect(await f.core.clubFor(WHERE)).toMatchObject({ cron: '0 17 * * 3', timezone: 'UTC' });
    const ok = await f.line(ADMIN, '/club schedule 30 18 * * 4 Europe/London');
    expect(ok.error).toBeFalsy();
    expect(await f.core.clubFor(WHERE)).toMatchObject({ cron: '30 18 * * 4', timezone: 'Europe/London' });
  });

  it('GIVEN a non-admin WHEN they try every admin action THEN each is refused and nothing changes', async () => {
    const f = await clubFixture();
    await f.setup();
    const before = JSON.stringify(await f.core.clubFor(WHERE));
    // Written out by hand, not read from the commands' `admin` flags: a dropped flag must fail here
    // (test/guards/admin-table.test.ts holds every role and the data row by row).
    const adminCommands = ['setup', 'schedule', 'skip', 'unskip', 'pick', 'vote', 'move', 'pause', 'resume', 'import', 'export', 'assign', 'clear', 'settings', 'calendar-link', 'admin', 'rotation', 'remove'];
    for (const name of adminCommands) {
      expect(f.core.command(`club ${name}`), name).toBeDefined();
      const r = await f.run(ALICE, `club ${name}`, { when: '0 1 * * 1', timezone: 'UTC', paper: 'lora', week: '5', member: { userId: 'alice', displayName: 'Alice' } });
      expect(r.error, name).toBe(true);
      expect(r.text, name).toBe(`/club ${name} is for club admins (Manage Server on Discord, workspace admins on Slack).`);
    }
    expect(JSON.stringify(await f.core.clubFor(WHERE))).toBe(before);
    expect(await count(f, 'SELECT count(*) FROM meetings')).toBe(0);
    expect(await count(f, 'SELECT count(*) FROM sign_ups')).toBe(0);
  });

  it('GIVEN a club admin added by an admin WHEN they run an admin command THEN it is allowed', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club admin', { member: { userId: 'bob', displayName: 'Bob' } });
    const r = await f.run(BOB, 'club pause');
    expect(r.error).toBeFalsy();
    expect((await f.core.clubFor(WHERE))!.paused).toBe(true);
  });
});

describe('sign-ups', () => {
  it('GIVEN two members racing for the same week THEN one gets it and the other is told who has it', async () => {
    const f = await clubFixture();
    await f.setup();
    const [a, b] = await Promise.all([f.run(ALICE, 'signup', { week: '2' }), f.run(BOB, 'signup', { week: '2' })]);
    // Either may win (on PostgreSQL the two run at once on two connections); exactly one does.
    const [won, lost, winner] = a.error ? [b, a, 'Bob'] : [a, b, 'Alice'];
    expect(won.error).toBeFalsy();
    expect(lost.error).toBe(true);
    expect(lost.text).toMatch(new RegExp(`taken by ${winner}`));
    expect(await count(f, 'SELECT count(*) FROM sign_ups')).toBe(1);
  });

  it('GIVEN sign-ups by paper, by date and by default THEN each claims the right week, and withdraw frees it', async () => {
    const f = await clubFixture();
    await f.setup();
    expect((await f.line(ALICE, '/signup lora')).text).toMatch(/meeting 11\*\* on Wed 13 Jan 2027, 17:00 UTC: \*\*LoRA/);
    expect((await f.line(ALICE, '/signup 2026-11-11')).text).toMatch(/meeting 2\*\* on Wed 11 Nov 2026, 17:00 UTC: \*\*GPT/);
    expect((await f.run(BOB, 'signup')).text).toMatch(/meeting 1\*\* on Wed 4 Nov 2026, 17:00 UTC: \*\*Attention Is All You Need/);
    const up = await f.run(BOB, 'paper upcoming', { weeks: 2 });
    expect(up.text).toMatch(/Meeting 1\*\*.*— Bob/);
    expect(up.text).toMatch(/Meeting 2\*\*.*— Alice/);
    const w = await f.run(ALICE, 'withdraw', { week: '2' });
    expect(w.text).toMatch(/withdrew from meeting 2 on Wed 11 Nov 2026/);
    expect((await f.run(BOB, 'paper upcoming', { weeks: 2 })).text).toMatch(/Meeting 2\*\*.*no presenter yet/);
  });

  it('GIVEN bad week arguments THEN each is a clear message and nothing is claimed', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.post();
    await f.post(); // weeks 1 and 2 are past/current now
    f.clock.advance(3 * 3600_000);
    const cases: Array<[string, RegExp]> = [
      ['/signup 1', /Meeting 1 was on Wed 4 Nov 2026, 17:00 UTC/],
      ['/signup 2020-01-01', /in the past/],
      ['/signup 2999', /no meeting 2999/],
      // One lookup with the CLI (issue 9): only real ambiguity asks.
      ['/signup diffusion', /did you mean Denoising Diffusion Probabilistic Models\?/],
      ['/signup totally unknown paper zzz', /No paper matches/],
    ];
    for (const [text, re] of cases) {
      const r = await f.line(ALICE, text);
      expect(r.error, text).toBe(true);
      expect(r.text, text).toMatch(re);
    }
    expect(await count(f, 'SELECT count(*) FROM sign_ups')).toBe(0);
  });

  it('GIVEN an admin WHEN they assign and clear a presenter THEN the schedule shows it', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.line(ADMIN, '/club assign @bob 3');
    expect((await f.run(ALICE, 'paper upcoming', { weeks: 3 })).text).toMatch(/Meeting 3\*\*.*— bob/);
    await f.run(ADMIN, 'club clear', { week: '3' });
    expect((await f.run(ALICE, 'paper upcoming', { weeks: 3 })).text).toMatch(/Meeting 3\*\*.*no presenter yet/);
  });
});

describe('read marks, notes and progress', () => {
  it('GIVEN a weekly post WHEN members react with the read emoji THEN it marks read once; removing un-marks; other emoji and messages are ignored', async () => {
    const f = await clubFixture();
    await f.setup();
    const { messageId } = await f.post('post-1');
    expect((await f.react(ALICE, messageId)).applied).toBe(true);
    expect((await f.react(ALICE, messageId)).applied).toBe(false);
    expect((await f.react(BOB, messageId, true, ':white_check_mark:')).applied).toBe(true);
    expect((await f.react(BOB, messageId, true, '🔥')).reason).toBe('other emoji');
    expect((await f.react(BOB, 'not-a-post')).reason).toBe('not a meeting post');
    const probe = { platform: 'console' as const, channel: WHERE.channel, messageId };
    expect(await f.core.isReadReaction({ ...probe, emoji: '✅' })).toBe(true);
    expect(await f.core.isReadReaction({ ...probe, emoji: '🔥' })).toBe(false);
    expect(await f.core.isReadReaction({ ...probe, messageId: 'not-a-post', emoji: '✅' })).toBe(false);
    expect(await count(f, 'SELECT count(*) FROM read_marks')).toBe(2);
    expect((await f.react(ALICE, messageId, false)).applied).toBe(true);
    expect(await count(f, 'SELECT count(*) FROM read_marks')).toBe(1);
  });

  it('GIVEN a re-sent platform event THEN it is applied once', async () => {
    const f = await clubFixture();
    await f.setup();
    const { messageId } = await f.post();
    expect((await f.react(ALICE, messageId, true, '✅', 'Ev1')).applied).toBe(true);
    await f.react(ALICE, messageId, false, '✅', 'Ev2');
    expect((await f.react(ALICE, messageId, true, '✅', 'Ev1')).reason).toBe('duplicate event');
    expect(await count(f, 'SELECT count(*) FROM read_marks')).toBe(0);
  });

  it("GIVEN /read with no paper THEN this week's paper is marked; /unread removes it; progress and streak follow", async () => {
    const f = await clubFixture();
    await f.setup();
    await f.post();
    await f.run(ALICE, 'read');
    await f.post();
    const r = await f.run(ALICE, 'read');
    expect(r.text).toMatch(/Marked \*\*GPT/);
    expect(r.text).toMatch(/read 2 of the 2 papers the club has posted so far and 2 of the \d+ papers on its list \(the last 2 meetings in a row\)/);
    expect((await f.run(ALICE, 'read')).text).toMatch(/already marked/);
    const p = await f.run(ALICE, 'progress');
    expect(p.text).toMatch(/read 2 of the 2 papers the club has posted so far.*the last 2 meetings in a row/);
    await f.run(ALICE, 'unread', { paper: 'attention is all you need' });
    expect((await f.run(ALICE, 'progress')).text).toMatch(/read 1 of the 2 papers the club has posted so far and 1 of the \d+ papers on its list\.$/);
  });

  it('GIVEN readers THEN the leaderboard ranks them, and a private member is left off it and off who-read lists', async () => {
    const f = await clubFixture();
    await f.setup();
    const one = await f.post();
    const two = await f.post();
    await f.react(ALICE, one.messageId);
    await f.react(ALICE, two.messageId);
    await f.react(BOB, two.messageId);
    const lb = await f.run(BOB, 'leaderboard');
    expect(lb.text.split('\n')[0]).toMatch(/Alice — 2 papers/);
    expect(lb.text).toMatch(/Bob — 1 paper/);
    await f.line(BOB, '/progress private');
    expect((await f.run(ALICE, 'leaderboard')).text).not.toMatch(/Bob/);
    const show = await f.run(ALICE, 'paper show', { paper: 'GPT' });
    const readBy = show.fields!.find((x) => x.name.startsWith('Read by'))!;
    expect(readBy.name).toBe('Read by 2');
    expect(readBy.value).toBe('Alice (+1 private)');
    expect((await f.line(ALICE, '/progress @bob')).text).toMatch(/keeps their progress private/);
  });

  it('GIVEN notes THEN everyone sees them, only the author edits, an admin may delete; empty and 10 kB notes are refused', async () => {
    const f = await clubFixture();
    await f.setup();
    const saved = await f.line(ALICE, '/note lora the rank-1 result is wild');
    const id = Number(/#(\d+)/.exec(saved.text)![1]);
    await f.line(BOB, '/note lora "second opinion: check the ablations"');
    const all = await f.run(ADMIN, 'notes', { paper: 'LoRA' });
    expect(all.text).toMatch(/Alice:\*\* the rank-1 result is wild/);
    expect(all.text).toMatch(/Bob:\*\* second opinion/);
    expect((await f.line(BOB, `/editnote ${id} hijacked`)).text).toMatch(/only its author/);
    expect((await f.line(ALICE, `/editnote ${id} the rank-1 result is surprising`)).text).toMatch(/Updated/);
    expect((await f.line(BOB, `/deletenote ${id}`)).error).toBe(true);
    expect((await f.line(ADMIN, `/deletenote ${id}`)).text).toMatch(/Deleted note #\d+ by Alice/);
    const before = await count(f, 'SELECT count(*) FROM notes');
    expect((await f.run(ALICE, 'note', { paper: 'lora', text: '   ' })).text).toMatch(/needs some text/);
    expect((await f.run(ALICE, 'note', { paper: 'lora', text: 'x'.repeat(10_240) })).text).toMatch(/10240 characters; the limit is 4000/);
    expect((await f.run(ALICE, 'note', { paper: 'diffusion', text: 'hi' })).text).toMatch(/did you mean Denoising Diffusion/);
    // Typed as one line without naming a paper: the answer says how a note is written.
    const typed = await f.line(ALICE, '/note this paper is great');
    expect(typed.error).toBe(true);
    expect(typed.text).toMatch(/No paper matches 'this'[\s\S]*A note names its paper first, then the text: \/note lora "what I thought"\./);
    expect(await count(f, 'SELECT count(*) FROM notes')).toBe(before);
  });

  it('GIVEN user text with mass-mention syntax THEN the core stores it verbatim (adapters neutralise pings) and never throws', async () => {
    const f = await clubFixture();
    await f.setup();
    const r = await f.line(ALICE, '/note lora @everyone <!here> look');
    expect(r.error).toBeFalsy();
    expect((await f.run(ALICE, 'notes', { paper: 'lora' })).text).toContain('@everyone <!here> look');
  });
});

describe('admin actions', () => {
  it('GIVEN skip, pick and move THEN the schedule shifts and no paper is consumed by a skipped week', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club skip');
    let up = (await f.run(ALICE, 'paper upcoming', { weeks: 2 })).text.split('\n');
    expect(up[0]).toMatch(/Wed 4 Nov.*skipped/);
    expect(up[1]).toMatch(/Meeting 1\*\* · Wed 11 Nov.*Attention/);
    await f.run(ADMIN, 'club pick', { paper: 'QLoRA' });
    up = (await f.run(ALICE, 'paper upcoming', { weeks: 3 })).text.split('\n');
    expect(up[1]).toMatch(/Meeting 1\*\*.*QLoRA/);
    expect(up[2]).toMatch(/Meeting 2\*\*.*Attention/);
    await f.run(ADMIN, 'club move', { paper: 'Attention Is All You Need', week: '5' });
    up = (await f.run(ALICE, 'paper upcoming', { weeks: 6 })).text.split('\n');
    expect(up[5]).toMatch(/Meeting 5\*\*.*Attention/);
  });

  it('GIVEN pause THEN no post is begun and no paper used; resume restores it', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club pause');
    const club = (await f.core.clubFor(WHERE))!;
    expect(await f.core.beginPost(club.id, Date.parse('2026-11-04T17:00:00Z'))).toBeNull();
    expect(await meetingsHeld(f.db, club.id)).toBe(0);
    await f.run(ADMIN, 'club resume');
    expect((await f.core.beginPost(club.id, Date.parse('2026-11-04T17:00:00Z')))!.post.title).toBe('Attention Is All You Need');
  });

  it('GIVEN the weekly post THEN it carries week, title, link, one-liner, presenter, lists and how to mark read', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ALICE, 'signup', { week: '1' });
    const { post } = await f.post();
    expect(post).toMatchObject({
      number: 1,
      heading: '📄 Paper club — meeting 1',
      title: 'Attention Is All You Need',
      url: 'https://arxiv.org/abs/1706.03762',
      summary: 'Query, Key, and Value are all you need',
      presenters: [{ userId: 'alice', displayName: 'Alice' }],
      readEmoji: '✅',
    });
    expect(post.footnote).toMatch(/^Also position embeddings/);
    expect(post.lists.length).toBe(4);
    expect(post.lists[0]).toBe('Latent Space paper club'); // config/lists.json names it; the file calls itself llm-paper-notes
    expect(post.howToRead).toContain('✅');
    // Alice fills the meeting's one presenter place: no Sign up button on a full meeting (issue 22).
    expect(post.buttons.map((b) => b.label)).toEqual(['Mark read']);
  });

  it('GIVEN the post buttons THEN Sign up claims that meeting, refused once it has started; Mark read marks it', async () => {
    const f = await clubFixture('2026-11-02T12:00:00Z', { announceLeadMinutes: 6 * 24 * 60 });
    await f.setup();
    const club = (await f.core.clubFor(WHERE))!;
    const { post } = (await f.core.beginPost(club.id, Date.parse('2026-11-04T17:00:00Z')))!;
    await f.core.completePost(club.id, Date.parse('2026-11-04T17:00:00Z'), { channel: WHERE.channel, messageId: 'p1' });
    const s = await f.core.runAction({ where: WHERE, user: BOB, action: post.buttons[0]!.action });
    expect(s.text).toMatch(/Bob will present at \*\*meeting 1\*\* on Wed 4 Nov 2026, 17:00 UTC/);
    f.clock.set('2026-11-04T17:05:00Z');
    const late = await f.core.runAction({ where: WHERE, user: ALICE, action: post.buttons[0]!.action });
    expect(late.text).toMatch(/has already started/);
    const r = await f.core.runAction({ where: WHERE, user: BOB, action: post.buttons[1]!.action });
    expect(r.text).toMatch(/Marked \*\*Attention/);
    const row = await rowOf(f.db, 'SELECT via FROM read_marks') as { via: string };
    expect(row.via).toBe('button');
  });

  it('GIVEN an export THEN it has every read mark and note of the club as markdown', async () => {
    const f = await clubFixture();
    await f.setup();
    const { messageId } = await f.post();
    await f.react(ALICE, messageId);
    await f.line(BOB, '/note 1706.03762 multi-head is the trick');
    await f.line(BOB, '/read lora');
    const r = await f.run(ADMIN, 'club export');
    const md = r.file!.content;
    expect(md).toMatch(/## Meeting 1: \[Attention Is All You Need\]/);
    expect(md).toMatch(/Read by \(1\): Alice/);
    expect(md).toMatch(/\*\*Bob\*\* \(\d{4}-\d{2}-\d{2}\): multi-head is the trick/);
    expect(md).toMatch(/LoRA[\s\S]*Read by \(1\): Bob/);
  });

  it('GIVEN /club import with a markdown file THEN the list is added; a malformed one is a clear error', async () => {
    const f = await clubFixture();
    await f.setup();
    const ok = await f.run(ADMIN, 'club import', { file: { name: 'my-list.md', content: '# Mine\n\n1. [A Paper](https://arxiv.org/abs/2101.00001): first\n2. [B Paper](https://arxiv.org/abs/2101.00002): second\n' }, slug: 'mine' });
    expect(ok.text).toMatch(/as `mine`: 2 papers/);
    const bad = await f.run(ADMIN, 'club import', { file: { name: 'x.md', content: 'just words, no links' } });
    expect(bad.error).toBe(true);
    expect(await getPaperByKey(f.db, '2101.00001')).not.toBeNull();
  });
});

describe('commands answer every way of asking', () => {
  it('GIVEN help and unknown commands THEN the reply lists commands or says what to try', async () => {
    const f = await clubFixture();
    expect((await f.line(ALICE, 'help')).text).toContain('/paper now');
    expect((await f.line(ALICE, '/frobnicate')).text).toMatch(/Unknown command 'frobnicate'. Try help/);
    expect((await f.line(ALICE, '/paper frob')).text).toMatch(/no \/paper frob/);
  });

  it('GIVEN search, show, lists and list THEN they answer from the catalog', async () => {
    const f = await clubFixture();
    expect((await f.run(ALICE, 'paper search', { query: 'scaling laws' })).text).toMatch(/Scaling Laws for Neural Language Models/);
    expect((await f.run(ALICE, 'paper lists')).text).toMatch(/latent-space/);
    const l = await f.run(ALICE, 'paper list', { list: 'latent-space', page: 2 });
    expect(l.text.split('\n')[0]).toMatch(/^16\. /);
    expect((await f.run(ALICE, 'paper show', { paper: '1706.03762' })).title).toBe('Attention Is All You Need');
    expect((await f.run(ALICE, 'paper list', { list: 'nope' })).text).toMatch(/no list 'nope'/);
  });

  it('GIVEN autocomplete THEN at most 25 choices, papers by nickname, weeks with dates', async () => {
    const f = await clubFixture();
    await f.setup();
    const papers = await f.core.suggest({ where: WHERE, user: ALICE, source: 'paper', query: 'lora' });
    expect(papers[0]!.name).toMatch(/LoRA/);
    expect(papers.length).toBeLessThanOrEqual(25);
    const weeks = await f.core.suggest({ where: WHERE, user: ALICE, source: 'week', query: '' });
    expect(weeks.length).toBe(25);
    expect(weeks[0]).toMatchObject({ value: '2026-11-04' });
    expect(weeks[0]!.name).toMatch(/Meeting 1 · 2026-11-04 · Attention/);
    expect((await f.core.suggest({ where: WHERE, user: ALICE, source: 'timezone', query: 'kolk' }))[0]!.value).toBe('Asia/Kolkata');
  });
});

describe('published posts follow sign-ups', () => {
  it('GIVEN an announced meeting WHEN someone signs up or withdraws THEN the reply carries the refreshed post and its messages', async () => {
    const f = await clubFixture('2026-11-02T12:00:00Z', { announceLeadMinutes: 6 * 24 * 60 });
    await f.setup();
    const club = (await f.core.clubFor(WHERE))!;
    const slot = Date.parse('2026-11-04T17:00:00Z');
    await f.core.beginPost(club.id, slot);
    const messageId = 'post-9';
    await f.core.completePost(club.id, slot, { channel: WHERE.channel, messageId });
    const s = await f.run(BOB, 'signup', { week: '1' });
    expect(s.postUpdate?.messages).toEqual([{ platform: 'console', channel: WHERE.channel, messageId }]);
    expect(s.postUpdate?.post.presenters).toEqual([{ userId: 'bob', displayName: 'Bob' }]);
    const w = await f.run(BOB, 'withdraw');
    expect(w.postUpdate?.post.presenters).toEqual([]);
    const future = await f.run(ALICE, 'signup', { week: '3' });
    expect(future.postUpdate).toBeUndefined();
  });
});

describe('ending a club', () => {
  it('GIVEN /club remove THEN it needs "yes", tells the scheduler, and keeps read marks and notes', async () => {
    const f = await clubFixture();
    await f.setup();
    const changed: number[] = [];
    f.core.clubChanges.watch((c) => void changed.push(c.id));
    const { messageId } = await f.post();
    await f.react(ALICE, messageId);
    await f.line(ALICE, '/note lora keep me');
    expect((await f.line(ADMIN, '/club remove')).error).toBe(true);
    expect((await f.line(ADMIN, '/club remove no')).text).toMatch(/confirm must be yes, not 'no'\.\nUsage: `\/club remove yes`/);
    expect(await f.core.clubFor(WHERE)).not.toBeNull();
    const id = (await f.core.clubFor(WHERE))!.id;
    expect((await f.line(ADMIN, '/club remove yes')).text).toMatch(/has ended/);
    expect(await f.core.clubFor(WHERE)).toBeNull();
    expect(changed).toEqual([id]);
    expect(await count(f, 'SELECT count(*) FROM read_marks')).toBe(1);
    expect(await count(f, 'SELECT count(*) FROM notes')).toBe(1);
    expect(await count(f, 'SELECT count(*) FROM meetings')).toBe(0);
  });
});

describe('this week after the meeting', () => {
  it("GIVEN the meeting is over WHEN a member runs /read THEN it marks the paper just discussed, not next week's", async () => {
    const f = await clubFixture();
    await f.setup();
    await f.post();
    // Two hours after the slot: the meeting is done, next week's is not posted yet.
    f.clock.advance(2 * 3600_000);
    await runSql(f.db, `UPDATE meetings SET status = 'done'`);
    const r = await f.run(ALICE, 'read');
    expect(r.text).toMatch(/Marked \*\*Attention Is All You Need\*\* read/);
  });
});

describe('boundaries between servers, time and names', () => {
  it("GIVEN a note in one workspace THEN another workspace's admin can neither see, edit nor delete it", async () => {
    const f = await clubFixture();
    const saved = await f.line(ALICE, '/note lora mine');
    const id = Number(/#(\d+)/.exec(saved.text)![1]);
    const elsewhere = { ...WHERE, workspace: 'other-server' };
    const mallory = { userId: 'mallory', displayName: 'Mallory', isPlatformAdmin: true };
    const del = await f.line(mallory, `/deletenote ${id}`, elsewhere);
    expect(del.text).toMatch(/There is no note/);
    for (const who of [mallory, { ...mallory, isPlatformAdmin: false }]) {
      const edit = await f.line(who, `/editnote ${id} x`, elsewhere);
      expect(edit.error).toBe(true);
      expect(edit.text).toMatch(new RegExp(`^There is no note #${id}\\.`));
    }
    // Read back: the note is there, as Alice wrote it.
    expect(await valuesOf(f.db, 'SELECT body FROM notes')).toEqual(['mine']);
  });

  it('GIVEN a skipped week that has passed THEN it cannot be un-skipped (it would be posted late)', async () => {
    const f = await clubFixture();
    await f.setup();
    const r = await f.run(ADMIN, 'club skip');
    expect(r.text).toMatch(/Undo: \/club unskip 2026-11-04/);
    f.clock.set('2026-11-04T18:00:00Z');
    const u = await f.run(ADMIN, 'club unskip', { date: '2026-11-04' });
    expect(u.text).toMatch(/in the past/);
    expect(await count(f, `SELECT count(*) FROM meetings WHERE status = 'skipped'`)).toBe(1);
  });

  it('GIVEN a member known by name WHEN someone names them by id only THEN the stored name stays', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ALICE, 'read', { paper: 'lora' });
    await f.line(BOB, '/progress <@alice>');
    expect(await valueOf(f.db, `SELECT display_name FROM members WHERE user_id = 'alice'`)).toBe('Alice');
    await f.run({ userId: 'alice', displayName: 'Alice L.' }, 'read', { paper: 'qlora' });
    expect(await valueOf(f.db, `SELECT display_name FROM members WHERE user_id = 'alice'`)).toBe('Alice L.');
  });

  it("GIVEN two clubs in one workspace and a private reader THEN a club's export has only its own notes and does not name the private reader", async () => {
    const f = await clubFixture();
    await f.setup();
    const other = { ...WHERE, channel: 'club-2' };
    await f.run(ADMIN, 'club setup', {}, other);
    const { messageId } = await f.post();
    await f.react(ALICE, messageId);
    await f.react(BOB, messageId);
    await f.line(BOB, '/progress private');
    await f.line(ALICE, '/note 1706.03762 from club two', other);
    await f.line(ALICE, '/note 1706.03762 from club one');
    const md = (await f.run(ADMIN, 'club export')).file!.content;
    expect(md).toMatch(/Read by \(2\): Alice \(\+1 private\)/);
    expect(md).toContain('from club one');
    expect(md).not.toContain('from club two');
  });
});

describe('undoing a skip', () => {
  it('GIVEN an upcoming skipped week THEN /club unskip <date> brings it back; a wrong date says what to do', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club skip');
    expect((await f.line(ADMIN, '/club unskip 2026-11-05')).text).toMatch(/No skipped meeting on 2026-11-05/);
    // Any form of date is read (tomorrow is 3 Nov here); what is no date says how to write one.
    expect((await f.line(ADMIN, '/club unskip tomorrow')).text).toMatch(/No skipped meeting on 2026-11-03/);
    expect((await f.line(ADMIN, '/club unskip soon')).text).toMatch(/'soon' is not a date\. Write it as 2026-11-02, 17 Dec, 17\.12\. or next thu/);
    expect((await f.line(ADMIN, '/club unskip 2026-11-04')).text).toMatch(/Wed 4 Nov 2026, 17:00 UTC is back on/);
    expect((await f.run(ALICE, 'paper upcoming', { weeks: 1 })).text).toMatch(/Meeting 1\*\* · Wed 4 Nov 2026/);
  });
});

describe('the one-liner a club shows', () => {
  it("GIVEN a club following a list whose blurb for a paper differs from other lists' THEN /paper now and the calendar show the same one-liner as the weekly post", async () => {
    const f = await clubFixture();
    await f.setup({ list: 'mlcs-research-journal' });
    expect((await f.run(ADMIN, 'club pick', { paper: 'Denoising Diffusion Probabilistic Models' })).error).toBeFalsy();
    const { post } = await f.post();
    expect(post.title).toBe('Denoising Diffusion Probabilistic Models');
    expect(post.summary).toMatch(/^Text-based image generation is the reason I study deep learning/);
    const now = await f.run(ALICE, 'paper now');
    expect(now.text).toContain(`> ${post.summary}`);
    expect(now.text).not.toMatch(/Second influential paper/);
    // Before the meeting, so it is among the calendar's coming meetings; lines unfolded (RFC 5545 folds at 75 octets).
    f.clock.set(f.clock().getTime() - 3_600_000);
    const ics = (await f.run(ALICE, 'paper calendar')).file!.content.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('Text-based image generation');
    expect(ics).not.toContain('Second influential paper');
  });
});
