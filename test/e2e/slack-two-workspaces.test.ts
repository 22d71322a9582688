/**
 * Issue 23's privacy holes, end to end on Slack: two workspaces on one Bolt app (real Bolt over HTTP, local
 * stand-in). Workspace A has a list of its own with a paper no other list carries; from workspace B, `/paperclub
 * suggest` by that paper's link, its arXiv id or its exact title never adopts A's paper, and search never finds it.
 * When a shared list carrying the same paper arrives later, B sees the shared words, never A's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { TEAM_ID } from './fake-slack.ts';
import { CHANNEL, slackWorld } from './slack-world.ts';
import { communityOf } from '../../src/store/catalog.ts';

const TEAM_B = 'T0OTHER';
const CHANNEL_B = 'COTHER';
const A_LIST = `# Workspace A private reading

- [Falconet: Internal Notes On Sparse Routing](https://arxiv.org/abs/2402.11111) — our team's private one-liner.
- [Heron Design Review Draft](https://internal.example.com/heron) — private design review.
`;
const PRIVATE = /Falconet|Internal Notes On Sparse Routing|private one-liner|internal\.example\.com|private design review/;

/** Everything a person reads in a response: its blocks and its text. */
const shown = (r: unknown) => {
  const m = r as { blocks?: unknown[]; text?: string };
  return `${JSON.stringify(m.blocks ?? [])}\n${m.text ?? ''}`;
};

describe('Slack: two workspaces, one with a list of its own', () => {
  let w: Awaited<ReturnType<typeof slackWorld>>;
  const inA = (text: string, user = 'UALICE') => w.slashResponse(text, user);
  const inB = (text: string, user = 'UALICE') => w.slashResponse(text, user, { channel: CHANNEL_B, team: TEAM_B });

  beforeEach(async () => {
    w = await slackWorld();
    w.fake.invite(CHANNEL, CHANNEL_B);
    expect(shown(await inA('club setup', 'UBOSS'))).toMatch(/Paper club started here/);
    expect(shown(await inB('club setup', 'UBOSS'))).toMatch(/Paper club started here/);
    await importList(w.db, { slug: 'ours', owner: communityOf({ platform: 'slack', workspace: TEAM_ID }), markdown: A_LIST });
  });
  afterEach(async () => w.close());

  it("GIVEN workspace A's own paper THEN workspace B's suggest by its link, its arXiv id or its exact title never takes A's paper, and B's search never finds it", async () => {
    // A finds its own paper (the control).
    expect(shown(await inA('paper show Falconet'))).toContain("Our team's private one-liner.");
    expect(shown(await inA('paper search falconet'))).toContain('Falconet: Internal Notes On Sparse Routing');

    const byUrl = await inB('suggest https://internal.example.com/heron');
    expect(shown(byUrl)).toContain('That link is not an arXiv paper I know.');
    const byArxiv = await inB('suggest 2402.11111');
    expect(shown(byArxiv)).toContain('Alice suggested *arXiv:2402.11111* (new to the catalog).');
    const byTitle = await inB('suggest Heron Design Review Draft', 'UBOB');
    expect(shown(byTitle)).toContain('Bob suggested *Heron Design Review Draft* (new to the catalog).');
    const show = await inB('paper show Heron Design Review Draft');
    expect(shown(show)).toContain('https://scholar.google.com/scholar?q=Heron%20Design%20Review%20Draft');
    expect(shown(show)).toContain('_No summary._');
    const search = await inB('paper search falconet');
    expect(shown(search)).toContain("Nothing matches 'falconet'");
    for (const r of [byUrl, byArxiv, byTitle, show, search]) expect(shown(r)).not.toMatch(PRIVATE);
  });

  it("GIVEN a shared list carrying A's paper imported afterwards (hole 4) THEN B sees the shared title, and no one-liner or nickname of A's", async () => {
    await importList(w.db, { slug: 'shared-later', markdown: '# Shared\n\n- [Sparse Routing Survey](https://arxiv.org/abs/2402.11111)\n' });
    const show = await inB('paper show 2402.11111');
    expect(shown(show)).toContain('Sparse Routing Survey');
    expect(shown(show)).toContain('_No summary._'); // the shared list has none, and A's is A's
    expect(shown(show)).not.toMatch(PRIVATE);
  });
});
