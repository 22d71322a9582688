import { openTestDb } from '../helpers/test-db.ts';
import { describe, it, expect, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { type Db } from '../../src/store/db.ts';
import {
  importList, importListFile, loadDefaultLists, getPaperByKey,
  searchPapers, resolvePaper
} from '../../src/catalog/catalog-store.ts';
import { UserError } from '../../src/errors.ts';
import { rowOf, rowsOf, runSql } from '../helpers/sql.ts';
import { getList, allLists, listPapers, getPaper, listTitlesOfPaper } from '../../src/store/catalog.ts';

const seedsLoaded = async () => {
  const db = await openTestDb();
  await loadDefaultLists(db);
  return db;
};
const counts = async (db: Db) => await rowOf(db, `SELECT (SELECT COUNT(*) FROM papers) AS papers, (SELECT COUNT(*) FROM list_entries) AS entries, (SELECT COUNT(*) FROM lists) AS lists`);

describe('GIVEN the four default lists loaded', () => {
  let db: Db;
  beforeEach(async () => {
    db = (await seedsLoaded());
  });

  it('THEN the lists come in config order with their entry counts', async () => {
    expect((await allLists(db)).map((l) => [l.slug, l.entryCount])).toEqual([
      ['latent-space', 46], ['papers-read-recently', 27], ['mlcs-research-journal', 42], ['ai-research-diary', 16],
    ]);
    expect((await getList(db, 'mlcs-research-journal'))?.title).toBe('[MLCS] My Research Journal');
  });

  it('THEN Attention Is All You Need is one paper in 4 lists with the Latent Space one-liner', async () => {
    const p = (await getPaperByKey(db, '1706.03762'))!;
    expect(await listTitlesOfPaper(db, p.id)).toHaveLength(4);
    expect(p.summary).toBe('Query, Key, and Value are all you need');
    expect(p.footnote).toMatch(/^Also position embeddings/);
    expect(p.year).toBe(2017);
  });

  it('THEN Scaling Laws is one paper in 3 lists (the broken arXiv id is caught by title)', async () => {
    const found = await rowsOf(db, `SELECT id FROM papers WHERE norm_title = 'scaling laws for neural language models'`);
    expect(found).toHaveLength(1);
    const p = (await getPaperByKey(db, '2001.08361'))!;
    expect(await listTitlesOfPaper(db, p.id)).toEqual(await Promise.all(['latent-space', 'mlcs-research-journal', 'ai-research-diary'].map(async (slug) => (await getList(db, slug))!.title)));
  });

  it('THEN a paper without an "all you need" line takes the first blurb sentence, and nicknames/titles merge', async () => {
    expect((await getPaperByKey(db, '2006.11239'))!.summary).toMatch(/^Second influential paper/);
    const gpt3 = (await getPaperByKey(db, '2005.14165'))!;
    expect([gpt3.title, gpt3.nickname]).toEqual(['Language Models are Few-Shot Learners', 'GPT3']);
    expect((await getPaperByKey(db, 'neural-networks-and-deep-learning'))!.kind).toBe('book');
  });

  it('THEN listPapers gives positions, sections, marks and extra links, with paging', async () => {
    const ls = await listPapers(db, 'latent-space');
    expect(ls).toHaveLength(46);
    expect(ls[42]!.extraLinks).toHaveLength(2);
    const journal = await listPapers(db, 'mlcs-research-journal', { offset: 3, limit: 2 });
    expect(journal.map((e) => [e.position, e.section, e.readMark])).toEqual([[4, 'Seminal Architectures', true], [5, 'Seminal Architectures', true]]);
    await expect(listPapers(db, 'nope')).rejects.toThrow(UserError);
  });

  it('THEN resolvePaper finds by key, URL, nickname, title and typos, else suggests', async () => {
    const key = async (q: string) => {
      const r = await resolvePaper(db, q);
      return r.paper?.key ?? null;
    };
    expect(await key('1706.03762')).toBe('1706.03762');
    expect(await key('https://arxiv.org/pdf/1706.03762v7.pdf')).toBe('1706.03762');
    expect(await key('ViT')).toBe('2010.11929');
    expect(await key('attention is all you need')).toBe('1706.03762');
    expect(await key('lorra')).toBe('2106.09685');
    expect(await key('flash attention')).toBe('2205.14135');
    expect(await key('Atention is all you ned')).toBe('1706.03762');
    // The one title that begins with the words is a clear match even when another title scores close.
    expect(await key('scaling laws')).toBe('2001.08361');
    const ambiguous = await resolvePaper(db, 'diffusion');
    expect(ambiguous.paper).toBeNull();
    expect('suggestions' in ambiguous && ambiguous.suggestions.length).toBeGreaterThan(2);
    expect(await resolvePaper(db, '')).toEqual({ paper: null, suggestions: [] });
  });

  it('THEN search is FTS over title, nickname and summary and never throws on syntax', async () => {
    expect((await searchPapers(db, 'diffusion')).length).toBeGreaterThan(3);
    expect((await searchPapers(db, 'rotary'))[0]!.key).toBe('2104.09864');
    expect((await searchPapers(db, 'lora', 3))[0]!.nickname).toBe('LoRA');
    for (const q of ['"', 'NEAR(a b', 'a AND OR NOT', '*', '^x:y', "'; DROP TABLE papers;--", '(((', '']) {
      await expect(searchPapers(db, q)).resolves.not.toThrow();
    }
  });

  it('THEN loading the defaults again changes nothing', async () => {
    const before = await counts(db);
    await loadDefaultLists(db);
    expect(await counts(db)).toEqual(before);
  });
});

describe('GIVEN a list imported twice', () => {
  const v1 = '# Mine\n\n1. [Paper A](https://arxiv.org/abs/2106.09685): first\n2. [Paper B](https://b.example/b): second\n3. [Paper C](https://c.example/c): third\n';

  it('WHEN the same file is re-imported THEN nothing is duplicated', async () => {
    const db = await openTestDb();
    expect(await importList(db, { slug: 'mine', markdown: v1 })).toMatchObject({ added: 3, updated: 0, removed: 0, unchanged: 0 });
    const before = await counts(db);
    expect(await importList(db, { slug: 'mine', markdown: v1 })).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 3 });
    expect(await counts(db)).toEqual(before);
  });

  it('WHEN an entry changes and one is removed THEN it is updated and the orphan dropped', async () => {
    const db = await openTestDb();
    await importList(db, { slug: 'mine', markdown: v1 });
    const v2 = '# Mine\n\n1. [Paper A](https://arxiv.org/abs/2106.09685): changed summary\n2. [Paper C](https://c.example/c): third\n';
    expect(await importList(db, { slug: 'mine', markdown: v2 })).toMatchObject({ added: 0, updated: 2, removed: 1, unchanged: 0 });
    expect((await listPapers(db, 'mine')).map((e) => [e.position, e.paper.title, e.paper.summary])).toEqual([
      [1, 'Paper A', 'Changed summary'],
      [2, 'Paper C', 'Third'],
    ]);
    expect(await rowOf(db, `SELECT COUNT(*) AS n FROM papers WHERE title = 'Paper B'`)).toEqual({ n: 0 });
  });

  it('WHEN a removed paper is used by another list or a club table THEN it is kept', async () => {
    const db = await openTestDb();
    await importList(db, { slug: 'mine', markdown: v1 });
    await importList(db, { slug: 'other', markdown: '- [Paper B elsewhere](https://b.example/b/)\n' });
    const c = (await getPaperByKey(db, 'paper-c'))!;
    await runSql(db, `INSERT INTO clubs (platform, workspace, channel, name, sequence_slug, cron, timezone, read_emoji, created_at) VALUES ('console','local','c','n','mine','0 17 * * 3','UTC','✅',0)`);
    await runSql(db, `INSERT INTO club_sequence (club_id, idx, paper_id) VALUES (1, 0, ?)`, c.id);
    await importList(db, { slug: 'mine', markdown: '- [Paper A](https://arxiv.org/abs/2106.09685)\n' });
    expect((await getPaper(db, c.id))?.title).toBe('Paper C');
    expect(await listTitlesOfPaper(db, c.id)).toEqual([]);
    expect((await getPaperByKey(db, 'paper-b'))?.title).toBe('Paper B elsewhere'); // now named by its remaining list
  });

  it('WHEN the input is bad THEN a UserError and nothing is written', async () => {
    const db = await openTestDb();
    await importList(db, { slug: 'mine', markdown: v1 });
    const before = await counts(db);
    await expect(importList(db, { slug: 'mine', markdown: 'no links here' })).rejects.toThrow(/no entries/);
    await expect(importList(db, { slug: 'Bad Slug', markdown: v1 })).rejects.toThrow(UserError);
    await expect(importList(db, { slug: 'mine', markdown: Buffer.from([0xff, 0xfe, 0x00, 0x41]) })).rejects.toThrow(UserError);
    await expect(importListFile(db, '/no/such/file.md')).rejects.toThrow(/no such file/);
    expect(await counts(db)).toEqual(before);
    expect(await listPapers(db, 'mine')).toHaveLength(3);
  });
});

describe('GIVEN the seeds imported in reverse order', () => {
  it('THEN papers have the same identities and one-liners (order does not matter)', async () => {
    const db = await openTestDb();
    for (const [slug, file] of [['ai-research-diary', 'ai-research-diary'], ['mlcs-research-journal', 'mlcs-research-journal'], ['papers-read-recently', 'research-papers-read-recently'], ['latent-space', 'latent-space-paper-club']]) {
      await importList(db, { slug: slug!, markdown: readFileSync(`seeds/${file}.md`), source: file });
    }
    const fwd = await seedsLoaded();
    expect(await counts(db)).toEqual(await counts(fwd));
    const sl = (await getPaperByKey(db, '2001.08361'))!;
    expect(await listTitlesOfPaper(db, sl.id)).toHaveLength(3);
    expect(sl.summary).toBe((await getPaperByKey(fwd, '2001.08361'))!.summary);
    expect((await getPaperByKey(db, '1706.03762'))!.summary).toBe('Query, Key, and Value are all you need');
  });
});
