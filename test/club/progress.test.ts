import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, WHERE, clubFixture } from '../helpers/club-fixture.ts';

const CAROL = { userId: 'carol', displayName: 'Carol' };
const DAN = { userId: 'dan', displayName: 'Dan' };

function listSize(f: ReturnType<typeof clubFixture>): number {
  return f.db.prepare('SELECT count(DISTINCT paper_id) FROM club_sequence WHERE club_id = ?').pluck().get(f.core.clubFor(WHERE)!.id) as number;
}

describe('progress counts that read right', () => {
  it('GIVEN a club that has not met WHEN a member reads a paper of its list THEN the reply counts it toward the list and never says 0/0', async () => {
    const f = clubFixture();
    await f.setup();
    const n = listSize(f);
    expect(n).toBeGreaterThan(10);
    const r = await f.line(ALICE, '/read lora');
    expect(r.text).toContain(`No meetings yet. You've read 1 of the ${n} papers on its list.`);
    expect(r.text).not.toMatch(/\b0\/0\b|\b0\/1\b/);
    expect((await f.run(ALICE, 'progress')).text).toBe(`No meetings yet. You've read 1 of the ${n} papers on its list.`);
  });

  it("GIVEN meetings so far WHEN a member reads the week's paper and one the club has not met on THEN both counts follow", async () => {
    const f = clubFixture();
    await f.setup();
    const n = listSize(f);
    f.post();
    const first = await f.run(ALICE, 'read');
    expect(first.text).toContain(`You've read the one paper the club has posted so far and 1 of the ${n} papers on its list.`);
    const ahead = await f.line(ALICE, '/read lora');
    expect(ahead.text).toContain(`the one paper the club has posted so far and 2 of the ${n} papers on its list`);
    f.post();
    expect((await f.run(ALICE, 'progress')).text).toBe(`You've read 1 of the 2 papers the club has posted so far and 2 of the ${n} papers on its list.`);
    expect((await f.line(BOB, '/progress @alice')).text).toBe(`Alice has read 1 of the 2 papers the club has posted so far and 2 of the ${n} papers on its list.`);
  });

  it('GIVEN a paper that is neither a meeting nor on the list WHEN read THEN no count claims it (no "0/1")', async () => {
    const f = clubFixture();
    await f.setup();
    f.post();
    const n = listSize(f);
    const outsider = f.db
      .prepare('SELECT id FROM papers WHERE id NOT IN (SELECT paper_id FROM club_sequence) LIMIT 1')
      .pluck()
      .get() as number;
    const r = await f.run(ALICE, 'read', { paper: { paperId: outsider } });
    expect(r.error).toBeFalsy();
    expect(r.text).toContain(`You've read 0 of the ${n} papers on its list, and not yet the one paper the club has posted so far.`);
    expect(r.text).not.toMatch(/\d+\/\d+/);
  });
});

describe('leaderboard ranks', () => {
  it('GIVEN tied readers THEN they share a rank and a medal, and the next rank skips (1, 1, 3)', async () => {
    const f = clubFixture();
    await f.setup();
    const one = f.post();
    const two = f.post();
    for (const who of [ALICE, BOB]) {
      f.react(who, one.messageId);
      f.react(who, two.messageId);
    }
    f.react(CAROL, two.messageId);
    const lines = (await f.run(DAN, 'leaderboard')).text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^🥇 (Alice|Bob) — 2 papers$/);
    expect(lines[1]).toMatch(/^🥇 (Alice|Bob) — 2 papers$/);
    expect(lines[2]).toBe('🥉 Carol — 1 paper');
    f.react(DAN, one.messageId);
    const after = (await f.run(ADMIN, 'leaderboard')).text.split('\n');
    expect(after).toHaveLength(4);
    expect([...after.slice(2)].sort()).toEqual(['🥉 Carol — 1 paper', '🥉 Dan — 1 paper']);
  });
});
