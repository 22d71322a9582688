import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, WHERE, clubFixture } from '../helpers/club-fixture.ts';
import { valueOf } from '../helpers/sql.ts';
const CAROL = { userId: 'carol', displayName: 'Carol' };
const DAN = { userId: 'dan', displayName: 'Dan' };

async function listSize(f: Awaited<ReturnType<typeof clubFixture>>): Promise<number> {
  return valueOf(f.db, 'SELECT count(DISTINCT paper_id) FROM club_sequence WHERE club_id = ?', (await f.core.clubFor(WHERE))!.id);
}

describe('progress counts that read right', () => {
  it('GIVEN a club that has not met WHEN a member reads a paper of its list THEN the reply counts it toward the list and never says 0/0', async () => {
    const f = await clubFixture();
    await f.setup();
    const n = await listSize(f);
    expect(n).toBeGreaterThan(10);
    const r = await f.line(ALICE, '/read lora');
    expect(r.text).toContain(`No meetings yet. You've read 1 of the ${n} papers on its list.`);
    expect(r.text).not.toMatch(/\b0\/0\b|\b0\/1\b/);
    expect((await f.run(ALICE, 'progress')).text).toBe(`No meetings yet. You've read 1 of the ${n} papers on its list.`);
  });

  it("GIVEN meetings so far WHEN a member reads the week's paper and one the club has not met on THEN both counts follow", async () => {
    const f = await clubFixture();
    await f.setup();
    const n = await listSize(f);
    await f.post();
    const first = await f.run(ALICE, 'read');
    expect(first.text).toContain(`You've read the one paper the club has posted so far and 1 of the ${n} papers on its list.`);
    const ahead = await f.line(ALICE, '/read lora');
    expect(ahead.text).toContain(`the one paper the club has posted so far and 2 of the ${n} papers on its list`);
    await f.post();
    expect((await f.run(ALICE, 'progress')).text).toBe(`You've read 1 of the 2 papers the club has posted so far and 2 of the ${n} papers on its list.`);
    expect((await f.line(BOB, '/progress @alice')).text).toBe(`Alice has read 1 of the 2 papers the club has posted so far and 2 of the ${n} papers on its list.`);
  });

  it('GIVEN a paper that is neither a meeting nor on the list WHEN read THEN no count claims it (no "0/1")', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.post();
    const n = await listSize(f);
    const outsider = await valueOf(f.db, 'SELECT id FROM papers WHERE id NOT IN (SELECT paper_id FROM club_sequence) LIMIT 1') as number;
    const r = await f.run(ALICE, 'read', { paper: { paperId: outsider } });
    expect(r.error).toBeFalsy();
    expect(r.text).toContain(`You've read 0 of the ${n} papers on its list, and not yet the one paper the club has posted so far.`);
    expect(r.text).not.toMatch(/\d+\/\d+/);
  });
});

describe('leaderboard ranks', () => {
  it('GIVEN tied readers THEN they share a rank and a medal, and the next rank skips (1, 1, 3)', async () => {
    const f = await clubFixture();
    await f.setup();
    const one = await f.post();
    const two = await f.post();
    for (const who of [ALICE, BOB]) {
      await f.react(who, one.messageId);
      await f.react(who, two.messageId);
    }
    await f.react(CAROL, two.messageId);
    const lines = (await f.run(DAN, 'leaderboard')).text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^🥇 (Alice|Bob) — 2 papers$/);
    expect(lines[1]).toMatch(/^🥇 (Alice|Bob) — 2 papers$/);
    expect(lines[2]).toBe('🥉 Carol — 1 paper');
    await f.react(DAN, one.messageId);
    const after = (await f.run(ADMIN, 'leaderboard')).text.split('\n');
    expect(after).toHaveLength(4);
    expect([...after.slice(2)].sort()).toEqual(['🥉 Carol — 1 paper', '🥉 Dan — 1 paper']);
  });
});
