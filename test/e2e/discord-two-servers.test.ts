/**
 * Issue 23's privacy holes, end to end on Discord: two servers, the real discord.js client against the local
 * stand-in. Server A imports its own list (by `/club import`, an attached file) with a paper no other list carries;
 * from server B, `/suggest` by that paper's link, its arXiv id or its exact title never adopts A's paper (its title,
 * link and one-liner stay A's), and neither do search, show or autocomplete. When a shared list carrying the same
 * paper arrives later, B sees the shared list's words, never A's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import { discordWorld } from './discord-world.ts';

const A_LIST = `# Guild A private reading

- [Falconet: Internal Notes On Sparse Routing](https://arxiv.org/abs/2402.11111) — our team's private one-liner.
- [Heron Design Review Draft](https://internal.example.com/heron) — private design review.
`;
const PRIVATE = /Falconet|Internal Notes On Sparse Routing|private one-liner|internal\.example\.com|Heron Design Review|private design review/;

/** Everything a person reads in a message: content, embed titles, descriptions and fields. */
const textOf = (data: any): string =>
  [data.content ?? '', ...(data.embeds ?? []).map((e: any) => `${e.title ?? ''}\n${e.url ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f: any) => `${f.name}: ${f.value}`).join('\n')}`)].join('\n');

describe('Discord: two servers, one with a list of its own', () => {
  let w: Awaited<ReturnType<typeof discordWorld>>;
  let channelB: string;
  const inB = async (user: any, path: string, options?: Record<string, unknown>) =>
    (await w.fake.waitForAnswer(w.fake.slashCommand({ user, channelId: channelB, path, options }))).data;

  beforeEach(async () => {
    w = await discordWorld({ guilds: 2 });
    channelB = w.fake.guilds[1]!.channels[0]!.id;
    const setup = { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' };
    expect(textOf(await w.slash(w.users.admin!, 'club setup', setup))).toMatch(/Paper club started here/);
    expect(textOf(await inB(w.users.admin!, 'club setup', setup))).toMatch(/Paper club started here/);
    const imported = await w.slash(w.users.admin!, 'club import', { file: { file: { name: 'ours.md', content: A_LIST } }, slug: 'ours' });
    expect(textOf(imported)).toMatch(/Imported \*\*Guild A private reading\*\*/);
  });
  afterEach(async () => w.close());

  it('GIVEN server A\'s own paper THEN server B\'s /suggest by its link, its arXiv id or its exact title never takes A\'s paper, and B\'s show, search and autocomplete never find it', async () => {
    // A finds its own paper (the control).
    expect(textOf(await w.slash(w.users.alice!, 'paper show', { paper: 'Falconet' }))).toContain("Our team's private one-liner.");

    // Hole 1: by its link (not an arXiv link): refused as any unknown link is.
    const byUrl = await inB(w.users.alice!, 'suggest', { paper: 'https://internal.example.com/heron' });
    expect(textOf(byUrl)).toContain('That link is not an arXiv paper I know.');
    // Hole 2: by its arXiv id: a new paper named by the id, not A's title.
    const byArxiv = await inB(w.users.alice!, 'suggest', { paper: '2402.11111' });
    expect(textOf(byArxiv)).toContain('alice suggested **arXiv:2402.11111** (new to the catalog).');
    // Hole 3: by its exact title: a new paper in B's words; B's /paper show has no link or one-liner of A's.
    const byTitle = await inB(w.users.bob!, 'suggest', { paper: 'Heron Design Review Draft' });
    expect(textOf(byTitle)).toContain('bob suggested **Heron Design Review Draft** (new to the catalog).');
    const shown = await inB(w.users.bob!, 'paper show', { paper: 'Heron Design Review Draft' });
    expect(textOf(shown)).toContain('https://scholar.google.com/scholar?q=Heron%20Design%20Review%20Draft');
    expect(textOf(shown)).toContain('_No summary._');
    const suggestions = await inB(w.users.alice!, 'suggestions');
    expect(textOf(suggestions)).toMatch(/arXiv:2402\.11111[\s\S]*Heron Design Review Draft/);
    for (const data of [byUrl, byArxiv, byTitle, shown, suggestions]) expect(textOf(data)).not.toMatch(/Falconet|Internal Notes|private one-liner|internal\.example\.com|private design review/);

    // Search and autocomplete from B: nothing of A's list.
    expect(textOf(await w.slash(w.users.alice!, 'paper search', { query: 'falconet' }))).toContain('Falconet: Internal Notes On Sparse Routing');
    const search = await inB(w.users.alice!, 'paper search', { query: 'falconet' });
    expect(textOf(search)).toContain("Nothing matches 'falconet'");
    const i = w.fake.slashCommand({ user: w.users.alice!, channelId: channelB, path: 'paper show', options: { paper: 'falconet' }, focused: 'paper' });
    const choices = (await w.fake.waitForCallback(i.id)).body.data.choices as Array<{ name: string }>;
    expect(JSON.stringify(choices)).not.toMatch(PRIVATE);
    // A still sees its own paper as A wrote it.
    expect(textOf(await w.slash(w.users.alice!, 'paper show', { paper: '2402.11111' }))).toContain('Falconet: Internal Notes On Sparse Routing');
  });

  it('GIVEN a shared list carrying A\'s paper imported afterwards (hole 4) THEN B sees the shared title, and no one-liner or nickname of A\'s', async () => {
    await importList(w.db, { slug: 'shared-later', markdown: '# Shared\n\n- [Sparse Routing Survey](https://arxiv.org/abs/2402.11111)\n' });
    const shown = await inB(w.users.alice!, 'paper show', { paper: '2402.11111' });
    expect(textOf(shown)).toContain('Sparse Routing Survey');
    expect(textOf(shown)).toContain('_No summary._'); // the shared list has none, and A's is A's
    expect(textOf(shown)).not.toMatch(PRIVATE);
    const i = w.fake.slashCommand({ user: w.users.alice!, channelId: channelB, path: 'paper show', options: { paper: 'sparse routing' }, focused: 'paper' });
    const choices = (await w.fake.waitForCallback(i.id)).body.data.choices as Array<{ name: string }>;
    expect(choices.map((c) => c.name)).toContain('Sparse Routing Survey');
    expect(JSON.stringify(choices)).not.toMatch(PRIVATE);
  });
});
