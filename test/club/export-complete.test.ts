import { describe, expect, it } from 'vitest';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { ADMIN, ALICE, BOB, clubFixture, WHERE } from '../helpers/club-fixture.ts';
import { getList } from '../../src/store/catalog.ts';

const CAROL: UserRef = { userId: 'carol', displayName: 'Carol' };

/**
 * Two meetings held (Wed 4 and 18 Nov 2026, 17:00 UTC; the 11th skipped): Bob presents the first, Alice, Bob and
 * Carol (who keeps her progress private) say they were there, Bob adds his slides, members read and note.
 */
async function semester() {
  const f = await clubFixture();
  await f.setup();
  expect((await f.run(BOB, 'signup', { week: '1' })).error).toBeFalsy();
  const first = await f.post();
  const club = (await f.core.clubFor(WHERE))!;
  for (const u of [ALICE, BOB, CAROL]) expect((await f.core.runAction({ where: WHERE, user: u, action: `attend:${club.id}:${first.meeting.slotAt}` })).error).toBeFalsy();
  expect((await f.run(BOB, 'paper links', { meeting: 1, url: 'https://example.org/slides.pdf', label: 'slides' })).error).toBeFalsy();
  expect((await f.line(CAROL, '/progress private')).error).toBeFalsy();
  for (const u of [ALICE, BOB, CAROL]) await f.line(u, '/read 1');
  expect((await f.line(ADMIN, '/club skip 2')).error).toBeFalsy();
  f.clock.set('2026-11-12T00:00:00Z'); // past the skipped date: the next post is the 18th's
  await f.post();
  await f.line(ALICE, '/read 2');
  await f.line(ALICE, '/note 1 "the attention maps were the best part"');
  const exported = await f.run(ADMIN, 'club export');
  expect(exported.error, exported.text).toBeFalsy();
  return { ...f, club, md: exported.file!.content };
}

describe('GIVEN an organiser exporting a club with some history', () => {
  it('THEN the export has presenters, attendance, skipped dates, links, each member’s part and list sizes, under a plain heading', async () => {
    const { md, db } = await semester();
    expect(md.split('\n')[0]).toBe('# Paper club export: #paper-club');
    expect(md).not.toMatch(/^# #/m);
    const list = (await getList(db, 'latent-space'))!;
    const others = list.entryCount - list.paperCount;
    expect(md).toContain(`List: latent-space (${list.entryCount} entries (${list.paperCount} papers, ${others} other resource${others === 1 ? '' : 's'}))`);
    const meeting1 = md.slice(md.indexOf('## Meeting 1:'), md.indexOf('## Meeting 2:'));
    expect(meeting1).toContain('Meeting: Wed 4 Nov 2026, 17:00 UTC');
    expect(meeting1).toContain('Presented by: Bob');
    expect(meeting1).toContain('There: 3 members');
    expect(meeting1).toContain('Links: [Slides](https://example.org/slides.pdf)');
    expect(meeting1).toMatch(/Read by \(3\): (Alice, Bob|Bob, Alice) \(\+1 private\)/);
    expect(md.slice(md.indexOf('## Meeting 2:'))).toContain('Presented by: no presenter');
    expect(md).toMatch(/## Skipped dates\n\n- Wed 11 Nov 2026, 17:00 UTC\n/);
    expect(md).toMatch(/## Members\n\n- \*\*Alice\*\*: read 2 of the 2 papers posted and 2 of the \d+ papers on the list, at 1 meeting\n- \*\*Bob\*\*: read 1 of the 2 papers posted and 1 of the \d+ papers on the list, at 1 meeting, presented 1 meeting\n- 1 member keeps their progress private\n/);
    expect(md).not.toMatch(/Carol/);
  });

  it('THEN nothing /paper history, /progress or the leaderboard shows is missing from it', async () => {
    const f = await semester();
    const history = (await f.run(ALICE, 'paper history')).text.split('\n');
    expect(history.length).toBe(2);
    for (const line of history) {
      const [, number, title] = /\*\*Meeting (\d+)\*\* \[([^\]]+)\]/.exec(line)!;
      const section = f.md.slice(f.md.indexOf(`## Meeting ${number}: [${title}]`));
      expect(section, line).not.toBe(f.md.slice(-1)); // the meeting has its section
      const presenter = / — ([^—]+) — \d+ readers?/.exec(line)![1]!.trim();
      expect(section).toContain(`Presented by: ${presenter}`);
      const there = / — (\d+) there/.exec(line)?.[1];
      if (there) expect(section).toContain(`There: ${there} members`);
      for (const link of line.match(/\[[^\]]+\]\(https:\/\/example\.org[^)]*\)/g) ?? []) expect(section).toContain(link);
    }
    for (const row of (await f.run(ALICE, 'leaderboard')).text.split('\n')) {
      const [, name, read] = /^\S+ (\w+) — (\d+) papers?$/.exec(row)!;
      expect(f.md).toMatch(new RegExp(`- \\*\\*${name}\\*\\*: read ${read} of the`));
    }
    const bob = (await f.line(BOB, '/progress')).text;
    expect(bob).toMatch(/You were at 1 meeting\./);
    expect(f.md).toMatch(/- \*\*Bob\*\*: [^\n]*at 1 meeting/);
  });
});
