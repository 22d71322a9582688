import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, clubFixture } from '../helpers/club-fixture.ts';

// The Latent Space seed: 46 entries, of which 44 papers and 2 other resources (a blog post and a thread).
const LATENT_SPACE = '46 entries (44 papers, 2 other resources)';

describe('GIVEN the counts of a list, wherever they are shown', () => {
  it('WHEN /paper lists, /progress and the export count the club’s list THEN they count the same papers and say what they count', async () => {
    const f = await clubFixture();
    await f.setup();
    expect((await f.line(ALICE, '/paper lists')).text).toContain(`\`latent-space\` — Latent Space paper club (${LATENT_SPACE}) ← this club`);
    await f.line(ALICE, '/read lora');
    expect((await f.line(ALICE, '/progress')).text).toMatch(/You've read 1 of the 44 papers on its list\./);
    expect((await f.run(ADMIN, 'club export')).file!.content).toContain(`List: latent-space (${LATENT_SPACE})`);
  });

  it('WHEN meetings are held, a paper from another list is picked and the club switches lists and back THEN the list still has 44 papers', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.post();
    // A paper only another list has, picked for the next meeting and held.
    const picked = await f.line(ADMIN, '/club pick Auto-Encoding Variational Bayes');
    expect(picked.error, picked.text).toBeFalsy();
    await f.post();
    await f.post();
    await f.line(ALICE, '/read 1');
    const before = (await f.line(ALICE, '/progress')).text;
    expect(before).toMatch(/of the 3 papers the club has posted so far and 1 of the 44 papers on its list/);
    expect((await f.line(ADMIN, '/club setup mlcs-research-journal confirm:yes')).error).toBeFalsy();
    expect((await f.line(ADMIN, '/club setup latent-space confirm:yes')).error).toBeFalsy();
    expect((await f.line(ALICE, '/progress')).text).toMatch(/of the 3 papers the club has posted so far and 1 of the 44 papers on its list/);
  });
});
