import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usageLine } from '../../src/commands/help.ts';
import { allCommands } from '../../src/commands/index.ts';
import { ADMIN, ALICE, BOB, clubFixture } from '../helpers/club-fixture.ts';
import { valueOf } from '../helpers/sql.ts';

/**
 * The argument grammar as members type it (the playground and Slack send text through the same core path as
 * Discord's options): a club meeting Thursdays 18:30 in Berlin, today Mon 7 Dec 2026. Meetings 1–6 fall on 10, 17,
 * 24, 31 Dec, 7 and 14 Jan; their papers are the Latent Space list in order.
 */
async function berlinClub() {
  const f = await clubFixture('2026-12-07T12:00:00Z');
  const r = await f.line(ADMIN, '/club setup latent-space thu 18:30 Europe/Berlin');
  expect(r.error, r.text).toBeFalsy();
  return f;
}

const NO_PAPER_SEARCH = /No paper matches|did you mean|Unexpected/i;

describe('GIVEN a meeting named in every form', () => {
  it.each([
    ['2', 2],
    ['#2', 2],
    ['2026-12-17', 2],
    ['17 Dec', 2],
    ['Dec 17', 2],
    ['Thu 17 Dec', 2],
    ['17.12.', 2],
    ['17.12.2026', 2],
    ['12/17', 2],
    ['17/12', 2],
    ['Thu 17 Dec 2026, 18:30 (Europe/Berlin)', 2],
    ['next thu', 1],
    ['thursday', 1],
    ['24/12', 3],
    ['Dec 24', 3],
    ['14/01/2027', 6],
    ['14 Jan 2027', 6],
  ])('WHEN a member signs up with /signup %s THEN it is meeting %i, never a paper search', async (form, number) => {
    const f = await berlinClub();
    const r = await f.line(ALICE, `/signup ${form}`);
    expect(r.error, r.text).toBeFalsy();
    expect(r.text).toMatch(new RegExp(`Alice will present at \\*\\*meeting ${number}\\*\\*`));
    expect(r.text).not.toMatch(NO_PAPER_SEARCH);
    // The same form names the same meeting to give it back.
    expect((await f.line(ALICE, `/withdraw ${form}`)).text).toMatch(new RegExp(`Alice withdrew from meeting ${number} `));
  });

  it('WHEN a numeric date reads two ways (12/10) THEN the member is asked, both readings named, and nothing changes', async () => {
    const f = await berlinClub();
    const r = await f.line(ALICE, '/signup 12/10');
    expect(r.error).toBe(true);
    expect(r.text).toMatch(/'12\/10' could be Thu 10 Dec 2026 or Mon 12 Oct 2026\. Which one\? Write it as 2026-12-10 or 2026-10-12\./);
    expect(await valueOf(f.db, 'SELECT count(*) FROM sign_ups')).toBe(0);
  });

  it('WHEN a date has no meeting, does not exist, or has the wrong weekday THEN it says so, never searching papers', async () => {
    const f = await berlinClub();
    for (const [form, answer] of [
      ['tomorrow', /no meeting on 2026-12-08/i],
      ['31 Feb', /'31 Feb' is not a date/],
      ['Wed 17 Dec', /17 Dec 2026 is a Thursday, not a Wednesday/],
    ] as const) {
      const r = await f.line(ALICE, `/signup ${form}`);
      expect(r.error, form).toBe(true);
      expect(r.text, form).toMatch(answer);
      expect(r.text, form).not.toMatch(NO_PAPER_SEARCH);
    }
  });

  it('WHEN an admin skips, unskips and moves by date in any form THEN the date is the meeting meant', async () => {
    const f = await berlinClub();
    for (const form of ['24/12', 'Dec 24']) {
      const skipped = await f.line(ADMIN, `/club skip ${form}`);
      expect(skipped.text, form).toMatch(/^No meeting on Thu 24 Dec 2026, 18:30 \(Europe\/Berlin\)\./);
      expect((await f.line(ADMIN, `/club unskip ${form}`)).text, form).toMatch(/Thu 24 Dec 2026, 18:30 \(Europe\/Berlin\) is back on/);
    }
    const moved = await f.line(ADMIN, '/club move gpt2 14/01/2027');
    expect(moved.error, moved.text).toBeFalsy();
    expect(moved.text).toMatch(/\*\*GPT2: Language Models are Unsupervised Multitask Learners\*\* is now meeting 6 on Thu 14 Jan 2027/);
    expect(moved.text).not.toMatch(/AI 2027/);
  });
});

describe('GIVEN a number where a paper is asked for', () => {
  it('WHEN /read, /paper show, /note, /notes and /unread get a bare number or #n THEN it is that meeting’s paper, not a paper with the number in its title', async () => {
    const f = await berlinClub();
    const read = await f.line(ALICE, '/read 2');
    expect(read.text).toMatch(/Marked \*\*GPT: Improving Language Understanding by Generative Pre-Training\*\* read/);
    expect(read.text).not.toMatch(/Llama 2/);
    expect((await f.line(ALICE, '/paper show 1')).title).toBe('Attention Is All You Need');
    expect((await f.line(ALICE, '/paper show #3')).title).toMatch(/^BERT/);
    expect((await f.line(ALICE, '/note 2 great session')).text).toMatch(/Saved note #\d+ on \*\*GPT: Improving/);
    const notes = await f.line(BOB, '/notes 2');
    expect(notes.title).toMatch(/^Notes on GPT: Improving/);
    expect(notes.text).toMatch(/Alice:\*\* great session/);
    expect((await f.line(ALICE, '/unread 2')).text).toMatch(/Removed your read mark on \*\*GPT: Improving/);
    // A date works the same way: 31 Dec is meeting 4.
    expect((await f.line(ALICE, '/paper show 31 Dec')).title).toMatch(/^T5/);
  });

  it('WHEN the meeting is not planned yet THEN it says so plainly', async () => {
    const f = await berlinClub();
    const r = await f.line(ALICE, '/read 60');
    expect(r.error).toBe(true);
    expect(r.text).toMatch(/Meeting 60 hasn't happened yet and is not planned: the plan goes up to meeting \d+/);
    const skipped = await f.line(ADMIN, '/club skip 24/12');
    expect(skipped.error).toBeFalsy();
    expect((await f.line(ALICE, '/paper show Dec 24')).text).toMatch(/The meeting on Thu 24 Dec 2026, 18:30 \(Europe\/Berlin\) is skipped: it has no paper/);
  });

  it('WHEN the number is quoted THEN it is a paper by that name: exactly, never a guess', async () => {
    const f = await berlinClub();
    const r = await f.line(ALICE, '/read "2"');
    expect(r.error).toBe(true);
    expect(r.text).toMatch(/No paper is named "2"\. Without quotes, 2 is meeting 2/);
    expect(r.text).not.toMatch(/Marked/);
    // A quoted title is a paper as usual.
    expect((await f.line(ALICE, '/read "attention is all you need"')).text).toMatch(/Marked \*\*Attention Is All You Need\*\* read/);
  });
});

describe('GIVEN /note typed without quotes', () => {
  const LIST = '# Interpretability\n\n- [Toy Models of Superposition](https://arxiv.org/abs/2209.10652) - features in superposition.\n- [Superposition Explained](https://example.org/superposition) - a blog.\n';

  it('WHEN the words start with a title THEN the longest title is the paper and the rest is the note', async () => {
    const f = await berlinClub();
    expect((await f.run(ADMIN, 'club import', { file: { name: 'interp.md', content: LIST } })).error).toBeFalsy();
    const saved = await f.line(ALICE, '/note toy models of superposition superposition is wild');
    expect(saved.error, saved.text).toBeFalsy();
    expect(saved.text).toMatch(/Saved note #\d+ on \*\*Toy Models of Superposition\*\*/);
    const notes = await f.line(BOB, '/notes "toy models of superposition"');
    expect(notes.text).toMatch(/Alice:\*\* superposition is wild$/);
    // A nickname or id still starts a note as before.
    expect((await f.line(ALICE, '/note lora the rank ablation')).text).toMatch(/Saved note #\d+ on \*\*LoRA/);
  });

  it('WHEN no start of the words is a title exactly THEN nothing is guessed: the member is asked to quote, with the best guess', async () => {
    const f = await berlinClub();
    expect((await f.run(ADMIN, 'club import', { file: { name: 'interp.md', content: LIST } })).error).toBeFalsy();
    const before = await valueOf(f.db, 'SELECT count(*) FROM notes');
    const asked = await f.line(ALICE, '/note toy models superposition is wild');
    expect(asked.error).toBe(true);
    expect(asked.text).toMatch(/Did you mean \*\*Toy Models of Superposition\*\*\? Quote the title so I know where your note starts: \/note "Toy Models of Superposition"/);
    expect(await valueOf(f.db, 'SELECT count(*) FROM notes')).toBe(before);
  });
});

describe('GIVEN a time zone that is no IANA region', () => {
  it.each([
    ['/club schedule thu 18:30 Berlin', /"Berlin" is not a time zone I know\. Did you mean Europe\/Berlin\?/],
    ['/club schedule thu 18:30 Europe/Berln', /"Europe\/Berln" is not a time zone I know\. Did you mean Europe\/Berlin\?/],
    ['/club schedule thu 18:30 timezone:"new york"', /Did you mean America\/New_York\?/],
    ['/club schedule thu 18:30 UTC+1', /UTC\+1 is a fixed offset, which ignores daylight saving time; use the region you meet in, e\.g\. Europe\/Berlin \(UTC\+1 in January, UTC\+2 in July\)/],
    ['/club schedule thu 18:30 GMT+2', /GMT\+2 is a fixed offset, which ignores daylight saving time; use the region you meet in, e\.g\. Europe\/Athens/],
    ['/club setup timezone:Berlin', /Did you mean Europe\/Berlin\?/],
  ])('WHEN %s THEN the nearest region is offered and nothing changes', async (line, answer) => {
    const f = await berlinClub();
    const r = await f.line(ADMIN, line);
    expect(r.error).toBe(true);
    expect(r.text).toMatch(answer);
    expect((await f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' }))!.timezone).toBe('Europe/Berlin');
  });
});

describe('GIVEN settings and usage lines', () => {
  it('WHEN /club settings gets name value as well as name:value THEN both set the option, and help says so', async () => {
    const f = await berlinClub();
    expect((await f.line(ADMIN, '/club settings presenters 2')).text).toMatch(/ 2 presenters a meeting/);
    expect((await f.line(ADMIN, '/club settings reminder_hours:24 announce_days 3')).text).toMatch(/reminders 24 h before · paper posted 3 days before/);
    expect((await f.line(ADMIN, 'help club')).text).toMatch(/\/club settings[^\n]*Give options as name:value or name value, e\.g\. `\/club settings presenters 2`/);
  });

  it('WHEN a confirmation is missing THEN the usage line says what to type', async () => {
    const f = await berlinClub();
    expect((await f.line(ADMIN, '/club remove')).text).toMatch(/Usage: `\/club remove yes`/);
  });

  it('WHEN help shows a command THEN README shows the same usage for it', () => {
    const readme = readFileSync('README.md', 'utf8').replace(/\\\|/g, '|');
    const missing = allCommands.map((c) => usageLine(c)).filter((u) => !readme.includes(`\`${u}\``));
    expect(missing).toEqual([]);
  });
});

describe('GIVEN several papers in one argument (a vote’s candidates)', () => {
  it('WHEN each piece is read with paperFromText THEN numbers are meetings, quotes are names, typos ask, dates are meetings', async () => {
    const { paperFromText } = await import('../../src/commands/arguments.ts');
    const f = await berlinClub();
    const ctx = { db: f.db, where: { platform: 'console' as const, workspace: 'local', channel: 'club-1' }, club: await f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' }), clock: f.clock };
    expect((await paperFromText(ctx, '2')).title).toMatch(/^GPT: Improving/);
    expect((await paperFromText(ctx, '#3')).title).toMatch(/^BERT/);
    expect((await paperFromText(ctx, 'Dec 31')).title).toMatch(/^T5/);
    expect((await paperFromText(ctx, 'lora')).title).toMatch(/^LoRA/);
    await expect(paperFromText(ctx, '"2"')).rejects.toThrow(/No paper is named "2"/);
    // The search forgives the typo; a vote's candidates must not (issue 22: never a silent guess).
    expect((await paperFromText(ctx, 'flash attenton')).title).toMatch(/^FlashAttention/);
    await expect(paperFromText(ctx, 'flash attenton', { guess: false })).rejects.toThrow(/No paper matches 'flash attenton' — did you mean FlashAttention/);
    expect((await paperFromText(ctx, 'lora', { guess: false })).title).toMatch(/^LoRA/);
    await expect(paperFromText(ctx, '12/10')).rejects.toThrow(/could be Thu 10 Dec 2026 or Mon 12 Oct 2026/);
  });
});
