/**
 * The in-memory paper index must rank exactly as the SQL scan it replaced: the old implementation is kept here
 * (every paper read, every paper scored with fuzzyScore) and both rank the same random queries, scores included.
 */
import { describe, expect, it } from 'vitest';
import { getPaperByKey, importList, loadDefaultLists, resolvePaper } from '../../src/catalog/catalog-store.ts';
import { fuzzyQuery, fuzzyScore } from '../../src/catalog/fuzzy-match.ts';
import { paperIndex, topFuzzy } from '../../src/catalog/paper-index.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { rowsOf } from '../helpers/sql.ts';

interface Row {
  id: number;
  key: string;
  title: string;
  nickname: string | null;
  norm_title: string;
  arxiv_id: string | null;
}

/** The resolver before the index, kept as the reference (ids only). */
/** The ranking before the index, kept as the reference: every paper read and scored, best first, ties by id. */
async function oldRanking(db: Db, query: string, k: number): Promise<Array<{ id: number; score: number }>> {
  const fq = fuzzyQuery(query.trim());
  return (await rowsOf(db, `SELECT * FROM papers`) as Row[])
    .map((r) => ({ id: r.id, score: fuzzyScore(fq, r) }))
    .filter((s) => s.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, k);
}

function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

/** Typos, dropped and reordered words, prefixes, nicknames, case and stray words: what people type. */
function randomQuery(rand: () => number, rows: Row[]): string {
  const r = rows[Math.floor(rand() * rows.length)]!;
  const base = r.nickname && rand() < 0.3 ? r.nickname : r.title;
  const words = base.split(/\s+/);
  const pickInt = (n: number) => Math.floor(rand() * n);
  const typo = (s: string) => {
    if (s.length < 2) return s;
    const i = pickInt(s.length - 1);
    switch (pickInt(4)) {
      case 0: return s.slice(0, i) + s.slice(i + 1);
      case 1: return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
      case 2: return s.slice(0, i) + 'xqe'[pickInt(3)] + s.slice(i);
      default: return s.slice(0, i) + 'aeiou'[pickInt(5)] + s.slice(i + 1);
    }
  };
  switch (pickInt(7)) {
    case 0: return typo(base);
    case 1: return typo(typo(base));
    case 2: return words.filter(() => rand() < 0.5).join(' ') || words[0]!;
    case 3: return words.slice(0, 1 + pickInt(3)).join(' ');
    case 4: return words[pickInt(words.length)]!.slice(0, 3 + pickInt(4));
    case 5: return `${words[pickInt(words.length)]} ${['model', 'attention', 'learning', 'gpt', 'scaling'][pickInt(5)]}`;
    default: return base.toUpperCase();
  }
}

const TOPICS = ['sparse attention', 'diffusion models', 'retrieval augmentation', 'mixture of experts', 'state space models'];

describe('the in-memory paper index', async () => {
  const db = openDb(':memory:');
  await loadDefaultLists(db);
  const lines = ['# Generated', ''];
  for (let i = 1; i <= 400; i++) lines.push(`${i}. [Paper ${i} on ${TOPICS[i % TOPICS.length]}](https://arxiv.org/abs/23${String((i % 12) + 1).padStart(2, '0')}.${String(i).padStart(5, '0')}): all you need`);
  await importList(db, { slug: 'generated', markdown: lines.join('\n') + '\n' });
  const rows = await rowsOf(db, `SELECT * FROM papers`) as Row[];
  const seedRows = rows.filter((r) => !r.title.startsWith('Paper '));

  it('GIVEN 200 random queries over the seeds and 400 generated papers THEN the index ranks exactly as the old scan', async () => {
    const rand = rng(1234);
    let compared = 0;
    for (let n = 0; n < 200; n++) {
      const q = randomQuery(rand, n % 3 === 0 ? rows : seedRows);
      const k = 1 + (n % 8);
      const want = await oldRanking(db, q, k);
      const got = topFuzzy(await paperIndex<Row & { norm_title: string }>(db), fuzzyQuery(q.trim()), k, 0.5).map((s) => ({ id: s.r.id, score: s.score }));
      expect(got, `query ${JSON.stringify(q)} k=${k}`).toEqual(want);
      compared += want.length;
    }
    // The comparison covered real rankings, not empty ones.
    expect(compared).toBeGreaterThan(400);
  }, 120_000);

  it('GIVEN every key typed in mixed case THEN resolve finds the paper the SQL NOCASE lookup finds', async () => {
    const rand = rng(99);
    for (const r of rows) {
      const typed = [...r.key].map((c) => (rand() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
      const want = await getPaperByKey(db, typed);
      expect(want?.id, typed).toBe(r.id);
      expect(await resolvePaper(db, ` ${typed} `), typed).toEqual({ paper: want });
    }
  });

  it('GIVEN a re-import that renames a paper THEN the next lookup sees the new title', async () => {
    const before = await resolvePaper(db, 'Paper 17 on retrieval augmentation');
    expect(before.paper?.title).toBe('Paper 17 on retrieval augmentation');
    await importList(db, { slug: 'renamed', markdown: '# R\n\n1. [Quokka transformers are everywhere](https://arxiv.org/abs/2312.99003)\n' });
    const after = await resolvePaper(db, 'quoka transformers are everywere');
    expect(after.paper?.title).toBe('Quokka transformers are everywhere');
  });

  it('GIVEN another connection imports into the same file THEN this connection sees the new paper', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'paperclub-index-'));
    try {
      const a = openDb(join(dir, 'x.db'));
      const b = openDb(join(dir, 'x.db'));
      await importList(a, { slug: 'one', markdown: '# One\n\n1. [Wombat nets for tabular data](https://arxiv.org/abs/2312.99001)\n' });
      expect((await resolvePaper(b, 'wombat nets')).paper?.key).toBe('2312.99001');
      await importList(a, { slug: 'two', markdown: '# Two\n\n1. [Numbat routing in sparse experts](https://arxiv.org/abs/2312.99002)\n' });
      expect((await resolvePaper(b, 'numbat routing')).paper?.key).toBe('2312.99002');
      await a.close();
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
