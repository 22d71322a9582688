import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { importList, searchPapers } from '../../src/catalog/catalog-store.ts';
import type { Where } from '../../src/club/types.ts';
import { migrate, SqliteDb } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { ADMIN, clubFixture } from '../helpers/club-fixture.ts';
import { valueOf } from '../helpers/sql.ts';
import { sequenceOf } from '../../src/store/clubs.ts';
import { allLists, getList, listPapers, listTitlesOfPaper, OPERATOR } from '../../src/store/catalog.ts';
import { blurbFor } from '../../src/catalog/catalog-store.ts';

const guild = (workspace: string, channel = 'papers'): Where => ({ platform: 'discord', workspace, channel, channelName: channel });
const A = guild('guild-a');
const B = guild('guild-b');
const C = guild('guild-c');
const file = (name: string, content: string) => ({ name, content });
const admin = (where: Where): Where => ({ ...where, channel: 'club-admin', channelName: 'club-admin' });

/** `/club import` as an admin in a guild's admin channel (admin commands run where a club is set up). */
async function importIn(f: Awaited<ReturnType<typeof clubFixture>>, where: Where, args: Record<string, unknown>) {
  if (!(await f.core.clubFor(admin(where)))) await f.run(ADMIN, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' }, admin(where));
  return f.run(ADMIN, 'club import', args as never, admin(where));
}
const MINE_A = '# Guild A list\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — our own words on it.\n- [Gated Memories](https://arxiv.org/abs/2401.00051)\n';
const MINE_B = '# Guild B list\n\n- [Quiet Gradients](https://arxiv.org/abs/2401.00052)\n';

describe('GIVEN two communities that import a list under a seed slug', () => {
  it('THEN each sees its own, the seed is untouched, and a club in a third community still follows the seed', async () => {
    const f = await clubFixture();
    const seedBefore = (await listPapers(f.db, 'latent-space')).map((e) => [e.paper.id, e.paper.title, e.paper.summary]);
    const a = await importIn(f, A, { file: file('mine.md', MINE_A), slug: 'latent-space' });
    expect(a.text).toMatch(/as `latent-space`: 2 papers; .*shared list `latent-space` is unchanged/);
    const b = await importIn(f, B, { file: file('mine.md', MINE_B), slug: 'latent-space' });
    expect(b.text).toMatch(/as `latent-space`: 1 paper;/);

    expect((await listPapers(f.db, 'latent-space', { community: 'discord:guild-a' })).map((e) => e.paper.title)).toEqual(['Attention Is All You Need', 'Gated Memories']);
    expect((await listPapers(f.db, 'latent-space', { community: 'discord:guild-b' })).map((e) => e.paper.title)).toEqual(['Quiet Gradients']);
    // The shared seed: same papers, same titles and one-liners as before either import.
    expect((await listPapers(f.db, 'latent-space')).map((e) => [e.paper.id, e.paper.title, e.paper.summary])).toEqual(seedBefore);
    expect(await listPapers(f.db, 'latent-space', { community: 'discord:guild-c' })).toHaveLength(46);

    for (const where of [A, B, C]) expect((await f.run(ADMIN, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' }, where)).private).toBe(false);
    const seq = async (where: Where) => (await sequenceOf(f.db, (await f.core.clubFor(where))!.id)).length;
    // The third community's club follows the seed: its 44 papers (its 2 blog posts are not scheduled by default).
    const seedPapers = (await listPapers(f.db, 'latent-space')).filter((e) => e.paper.kind === 'paper').map((e) => e.paper.id);
    expect(seedPapers).toHaveLength(44);
    expect(await sequenceOf(f.db, (await f.core.clubFor(C))!.id)).toEqual(seedPapers);
    expect([await seq(A), await seq(B)]).toEqual([2, 1]);

    // /paper list and /paper lists show each community its own.
    expect((await f.run(ADMIN, 'paper list', { list: 'latent-space' }, B)).text).toMatch(/Quiet Gradients/);
    expect((await f.run(ADMIN, 'paper list', { list: 'latent-space' }, C)).text).toMatch(/Attention Is All You Need/);
    const listsA = (await f.run(ADMIN, 'paper lists', {}, A)).text;
    expect(listsA.match(/`latent-space`/g)).toHaveLength(1);
    expect(listsA).toMatch(/Guild A list .*imported here/);
    expect((await allLists(f.db, 'discord:guild-c')).map((l) => l.slug)).toEqual(['latent-space', 'papers-read-recently', 'mlcs-research-journal', 'ai-research-diary']);
    // Guild B's list is nobody else's business.
    const quiet = (await listPapers(f.db, 'latent-space', { community: 'discord:guild-b' }))[0]!.paper;
    expect(await listTitlesOfPaper(f.db, quiet.id, 'discord:guild-a')).toEqual([]);
    expect(await listTitlesOfPaper(f.db, quiet.id, 'discord:guild-b')).toEqual([(await getList(f.db, 'latent-space', 'discord:guild-b'))!.title]);
    // A post names the lists its community sees: the shared list, unless the community's own of that slug replaces it.
    const seedPaper = (await listPapers(f.db, 'latent-space'))[0]!.paper;
    const shared = (await getList(f.db, 'latent-space'))!.title;
    expect(await listTitlesOfPaper(f.db, seedPaper.id, 'discord:guild-c')).toContain(shared);
    expect(await listTitlesOfPaper(f.db, seedPaper.id, 'discord:guild-a')).not.toContain(shared);
  });

  it('THEN replacing a community\'s own list asks first, confirm:yes replaces it, and the same file again changes nothing', async () => {
    const f = await clubFixture();
    await importIn(f, A, { file: file('mine.md', MINE_A), slug: 'mine' });
    const asked = await importIn(f, A, { file: file('mine.md', MINE_B), slug: 'mine' });
    expect(asked.private).toBe(true);
    expect(asked.text).toMatch(/already has its own list `mine` \(2 papers\).*confirm:yes/);
    expect(await listPapers(f.db, 'mine', { community: 'discord:guild-a' })).toHaveLength(2);

    const again = await importIn(f, A, { file: file('mine.md', MINE_A), slug: 'mine' });
    expect(again.text).toMatch(/already up to date: 2 papers/);

    const replaced = await importIn(f, A, { file: file('mine.md', MINE_B), slug: 'mine', confirm: 'yes' });
    expect(replaced.text).toMatch(/1 paper; 1 new, 0 updated, 2 removed\./);
    expect((await listPapers(f.db, 'mine', { community: 'discord:guild-a' })).map((e) => e.paper.title)).toEqual(['Quiet Gradients']);
    // Another community's "mine" never existed.
    expect(await getList(f.db, 'mine', 'discord:guild-b')).toBeNull();
  });

  it('THEN a non-admin cannot import, and nothing is written', async () => {
    const f = await clubFixture();
    await f.run(ADMIN, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' }, admin(A));
    const r = await f.run({ userId: 'eve', displayName: 'Eve' }, 'club import', { file: file('mine.md', MINE_A), slug: 'latent-space' }, admin(A));
    expect(r.text).toMatch(/is for club admins/);
    expect((await getList(f.db, 'latent-space', 'discord:guild-a'))!.owner).toBe('');
  });
});

describe('GIVEN each list\'s own words', () => {
  it('THEN a list shows its own blurb, falls back to the best one-liner of the others, and never renames a paper for others', async () => {
    const f = await clubFixture();
    const attention = (await listPapers(f.db, 'latent-space'))[0]!.paper;
    const journal = (await getList(f.db, 'mlcs-research-journal'))!;
    expect((await blurbFor(f.db, attention.id, journal)).summary).toBe('No list would be complete without the paper to rule them all.');
    expect((await blurbFor(f.db, attention.id, await getList(f.db, 'latent-space'))).summary).toBe('Query, Key, and Value are all you need');
    expect((await listPapers(f.db, 'mlcs-research-journal')).find((e) => e.paper.id === attention.id)!.blurb).toBe('No list would be complete without the paper to rule them all.');
    // A list with no blurb for it falls back to the shared one-liner.
    await importList(f.db, { slug: 'bare', owner: 'discord:guild-a', markdown: '- [A renamed Attention](https://arxiv.org/abs/1706.03762)\n' });
    const bare = (await getList(f.db, 'bare', 'discord:guild-a'))!;
    expect((await blurbFor(f.db, attention.id, bare)).summary).toBe('Query, Key, and Value are all you need');
    // The community's own wording does not rename the shared paper.
    expect((await listPapers(f.db, 'latent-space'))[0]!.paper.title).toBe('Attention Is All You Need');

    await f.run(ADMIN, 'club setup', { list: 'mlcs-research-journal', when: '0 17 * * 3', timezone: 'UTC' });
    const show = await f.run(ADMIN, 'paper show', { paper: '1706.03762' });
    expect(show.text).toBe('No list would be complete without the paper to rule them all.');
  });

  it('THEN /paper list shows sections and the author\'s marks, as the CLI does', async () => {
    const f = await clubFixture();
    const text = (await f.run(ADMIN, 'paper list', { list: 'mlcs-research-journal' })).text;
    expect(text.split('\n').slice(0, 4)).toEqual([
      '**Fundamentals**',
      expect.stringMatching(/^1\. ✔️ \[Neural Networks and Deep Learning\]\(http:\/\/neuralnetworksanddeeplearning\.com\/\) _\(book\)_ — I have been very vocal/),
      expect.stringMatching(/^2\. ✔️ \[Reinforcement Learning: An Introduction\]/),
      '**Seminal Architectures**',
    ]);
    expect(text).toMatch(/^6\. · \[Mamba/m);
    const page2 = (await f.run(ADMIN, 'paper list', { list: 'mlcs-research-journal', page: 2 })).text;
    // Entry 16 continues section "Training Theory and Improvements" from page 1: no repeated heading at the top.
    expect(page2.split('\n')[0]).toMatch(/^16\. ✔️ /);
  });
});

describe('GIVEN a list mixing papers with blogs, threads and repos', () => {
  it('THEN a club schedules its papers only by default, and all of it with resources:all', async () => {
    const f = await clubFixture();
    await f.run(ADMIN, 'club setup', { list: 'ai-research-diary', when: '0 17 * * 3', timezone: 'UTC' });
    const club = (await f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' }))!;
    const kinds = async () => {
      const papers = await listPapers(f.db, 'ai-research-diary');
      return (await sequenceOf(f.db, club.id)).map((id) => papers.find((e) => e.paper.id === id)!.paper.kind);
    };
    expect(await kinds()).toEqual(Array(11).fill('paper'));
    // Still visible in /paper list, and pickable by hand.
    expect((await f.run(ADMIN, 'paper list', { list: 'ai-research-diary' })).text).toMatch(/Illustrated Transformer.*_\(blog\)_/);
    await f.run(ADMIN, 'club setup', { resources: 'all' });
    expect(await kinds()).toHaveLength(16);
    expect((await kinds()).filter((k) => k !== 'paper').sort()).toEqual(['blog', 'blog', 'blog', 'thread', 'thread']);
  });

  it('THEN a list of resources only is refused with a way out', async () => {
    const f = await clubFixture();
    await importIn(f, A, { file: file('tools.md', '# Tools\n\n- [nanoGPT](https://github.com/karpathy/nanoGPT)\n') });
    const r = await f.run(ADMIN, 'club setup', { list: 'tools', when: '0 17 * * 3', timezone: 'UTC' }, A);
    expect(r.text).toMatch(/no papers, only other resources.*resources:all/);
    expect(await f.core.clubFor(A)).toBeNull();
  });
});

describe('GIVEN a database made before lists had owners (schema version 2)', () => {
  it('THEN migration keeps every list and entry as a shared list, and clubs keep following them', async () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const old = migrations.slice(0, 2);
    for (const [i, m] of old.entries()) db.transaction(() => (m.up(db), db.pragma(`user_version = ${i + 1}`)))();
    db.exec(`INSERT INTO papers (id, key, title, url, norm_title) VALUES (1, '1706.03762', 'Attention Is All You Need', 'https://arxiv.org/abs/1706.03762', 'attention is all you need');
      INSERT INTO lists (id, slug, title, source, imported_at) VALUES (7, 'latent-space', 'Latent Space', 'seed', 0);
      INSERT INTO list_entries (list_id, position, paper_id, title, url, summary) VALUES (7, 1, 1, 'Attention Is All You Need', 'https://arxiv.org/abs/1706.03762', 'QKV');`);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const store = SqliteDb.of(db);
    expect(await getList(store, 'latent-space', 'discord:any')).toMatchObject({ id: 7, owner: '', entryCount: 1 });
    expect((await listPapers(store, 'latent-space'))[0]).toMatchObject({ blurb: 'QKV', paper: { id: 1 } });
    // The rebuilt entries still point at lists: deleting the list deletes its entries, and a dangling entry is refused.
    expect(() => db.prepare('INSERT INTO list_entries (list_id, position, paper_id, title, url) VALUES (99, 1, 1, ?, ?)').run('t', 'u')).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM lists WHERE id = 7').run();
    expect(db.prepare('SELECT count(*) FROM list_entries').pluck().get()).toBe(0);
    // A community's own list of the same slug can now exist beside it.
    await importList(store, { slug: 'latent-space', owner: 'slack:T1', markdown: MINE_B });
    await importList(store, { slug: 'latent-space', owner: OPERATOR, markdown: MINE_A });
    expect(db.prepare('SELECT count(*) FROM lists').pluck().get()).toBe(2);
  });
});

describe('GIVEN a re-import', () => {
  it('THEN an unchanged file is recognised and not parsed; a changed one is imported', async () => {
    const f = await clubFixture();
    const seed = readFileSync('seeds/latent-space-paper-club.md');
    const first = await importList(f.db, { slug: 'copy', owner: 'discord:g', markdown: seed, source: 'ls.md' });
    expect(first).toMatchObject({ skipped: false, added: 46 });
    const again = await importList(f.db, { slug: 'copy', owner: 'discord:g', markdown: Buffer.from(seed), source: 'ls.md' });
    expect(again).toMatchObject({ skipped: true, added: 0, updated: 0, removed: 0, unchanged: 46 });
    const changed = await importList(f.db, { slug: 'copy', owner: 'discord:g', markdown: seed.toString('utf8').replace('Query, Key, and Value', 'Queries and keys'), source: 'ls.md' });
    expect(changed).toMatchObject({ skipped: false, updated: 1, unchanged: 45 });
  });

  it('THEN a big import fills the search index in one pass and later small imports are indexed as before', async () => {
    const f = await clubFixture();
    const rows = Array.from({ length: 600 }, (_, i) => `- [Bulk paper ${i} about zebrafish${i === 321 ? ' holography' : ''}](https://arxiv.org/abs/2403.${String(10000 + i)})`);
    await importList(f.db, { slug: 'bulk', owner: 'discord:g', markdown: `# Bulk\n\n${rows.join('\n')}\n` });
    expect((await searchPapers(f.db, 'zebrafish holography')).map((p) => p.title)).toEqual(['Bulk paper 321 about zebrafish holography']);
    expect(await searchPapers(f.db, 'zebrafish', 1000)).toHaveLength(600);
    expect((await searchPapers(f.db, 'query key value')).map((p) => p.key)).toContain('1706.03762');
    // SQLite: the FTS5 triggers the bulk import suspended are back. PostgreSQL: an expression index, nothing suspended.
    if (f.db.dialect === 'sqlite') expect(await valueOf(f.db, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'papers_fts_%'`)).toBe(3);
    else expect(await valueOf(f.db, `SELECT count(*) FROM pg_indexes WHERE tablename = 'papers' AND indexname = 'papers_search'`)).toBe(1);
    await importList(f.db, { slug: 'small', owner: 'discord:g', markdown: '- [Lonely narwhal paper](https://arxiv.org/abs/2403.20000)\n' });
    expect((await searchPapers(f.db, 'narwhal')).map((p) => p.title)).toEqual(['Lonely narwhal paper']);
  });
});

describe('GIVEN a paper only one community\'s own list carries, and a title only one community suggested', () => {
  const OURS = '# Guild A internal\n\n- [Internal Design Notes For Project Falcon](https://docs.example.com/falcon-design) — team only.\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n';
  const papersOf = (text: string) => text.split('\n').filter((l) => /^\d+\.|^- /.test(l));

  it('THEN other communities cannot find them by search, name, internal id or autocomplete; their own community and the operator can', async () => {
    const f = await clubFixture();
    expect((await importIn(f, A, { file: file('ours.md', OURS), slug: 'ours' })).error).toBeFalsy();
    const falcon = (await searchPapers(f.db, 'falcon'))[0]!; // the operator (CLI): every paper
    expect(falcon.title).toBe('Internal Design Notes For Project Falcon');

    // Guild A finds its own paper every way.
    expect((await f.run(ADMIN, 'paper search', { query: 'falcon' }, A)).text).toMatch(/Project Falcon/);
    expect((await f.run(ADMIN, 'paper show', { paper: 'Internal Design Notes For Project Falcon' }, A)).error).toBeFalsy();
    expect((await f.core.suggest({ where: A, user: ADMIN, source: 'paper', query: 'falcon' })).map((c) => c.name)).toEqual(['Internal Design Notes For Project Falcon']);

    // Guild B: not by search, exact title, a typo, its key, its internal id, nor autocomplete.
    const search = await f.run(ADMIN, 'paper search', { query: 'falcon design' }, B);
    expect(search.text).not.toMatch(/Falcon/);
    // (Its internal id as the core's buttons carry it; typed, `#5` is meeting 5.)
    for (const paper of ['Internal Design Notes For Project Falcon', 'internal design notes for project falcn', falcon.key, { paperId: falcon.id }]) {
      const shown = await f.run(ADMIN, 'paper show', { paper }, B);
      expect(shown.error, JSON.stringify(paper)).toBe(true);
      expect(shown.text, JSON.stringify(paper)).not.toMatch(/docs\.example\.com/);
    }
    expect(await f.core.suggest({ where: B, user: ADMIN, source: 'paper', query: 'falcon' })).toEqual([]);
    // The papers both see (a seed paper on guild A's list too) are found as before.
    expect((await f.run(ADMIN, 'paper show', { paper: 'attention' }, B)).error).toBeFalsy();
    expect(papersOf((await f.run(ADMIN, 'paper search', { query: 'attention' }, B)).text).length).toBeGreaterThan(0);
  });

  it('THEN a title one community suggested stays its own until another community suggests the same title', async () => {
    const f = await clubFixture();
    for (const where of [A, B]) await f.run(ADMIN, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' }, where);
    expect((await f.run(ADMIN, 'suggest', { paper: 'Secret Roadmap Paper Zeta', new: true }, A)).error).toBeFalsy();
    expect((await f.run(ADMIN, 'paper search', { query: 'zeta roadmap' }, A)).text).toMatch(/Secret Roadmap Paper Zeta/);
    expect((await f.run(ADMIN, 'paper search', { query: 'zeta roadmap' }, B)).text).not.toMatch(/Zeta/);
    expect((await f.run(ADMIN, 'paper show', { paper: 'Secret Roadmap Paper Zeta' }, B)).error).toBe(true);
    // Guild B names the same title: the same paper (not a second one), and from then on B finds it too.
    const bSuggests = await f.run(ADMIN, 'suggest', { paper: 'Secret Roadmap Paper Zeta' }, B);
    expect(bSuggests.error).toBeFalsy();
    expect(bSuggests.text).not.toMatch(/new to the catalog/);
    expect((await f.run(ADMIN, 'paper search', { query: 'zeta roadmap' }, B)).text).toMatch(/Secret Roadmap Paper Zeta/);
  });
});
