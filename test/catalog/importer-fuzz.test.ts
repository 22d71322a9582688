import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import importMarkdown from '../../src/catalog/import-markdown.ts';
import { openDb } from '../../src/store/db.ts';
import { importList } from '../../src/catalog/catalog-store.ts';
import { UserError } from '../../src/errors.ts';

// A seeded generator, so a failure can be replayed.
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const PIECES = ['# ', '## ', '> ', '>> ', '- ', '* ', '1. ', '1)', '    ', '\n', '\n\n', '[', ']', '(', ')', '](https://arxiv.org/abs/1706.03762)', '](https://x.example/', '**', '*', '_', '`', '```', '---', '|', '✔️', '‚úîÔ∏è', '\uF8FF', '![', 'TO READ', 'all you need', '\\*', '(*', '[x] ', '[r]: https://r.example\n', '[r]', '<div>', '&amp;', '\t', '\u0000', 'word ', '2017', '(2019)', ':'];
const seeds = ['latent-space-paper-club', 'research-papers-read-recently', 'mlcs-research-journal', 'ai-research-diary'].map((f) => readFileSync(`seeds/${f}.md`, 'utf8'));

function onlyUserErrors(input: string | Buffer): void {
  try {
    const parsed = importMarkdown(input);
    for (const e of parsed.entries) {
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.url).toMatch(/^https?:\/\//);
    }
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    expect(err.message).not.toContain('\n');
  }
}

describe('GIVEN random and truncated markdown', () => {
  it('THEN the importer returns entries or throws only UserError (1,000 random documents)', () => {
    const r = rng(42);
    for (let n = 0; n < 1000; n++) {
      let doc = '';
      const len = Math.floor(r() * 60);
      for (let i = 0; i < len; i++) doc += PIECES[Math.floor(r() * PIECES.length)]!;
      onlyUserErrors(doc);
    }
  });

  it('THEN every truncation of every seed (bytes, so cut UTF-8 too) is handled', () => {
    for (const s of seeds) {
      const bytes = Buffer.from(s, 'utf8');
      for (let cut = 0; cut < bytes.length; cut += 401) onlyUserErrors(bytes.subarray(0, cut));
    }
  });

  it('THEN random bytes and shuffled seed lines are handled, and the store survives them', () => {
    const r = rng(7);
    const db = openDb(':memory:');
    for (let n = 0; n < 100; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(r() * 400) }, () => Math.floor(r() * 256)));
      onlyUserErrors(bytes);
      const lines = seeds[n % 4]!.split('\n');
      const shuffled = lines.filter(() => r() < 0.5).sort(() => r() - 0.5).join('\n');
      try {
        importList(db, { slug: `fuzz-${n % 5}`, markdown: shuffled });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
      }
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM papers p WHERE NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.paper_id = p.id)`).get()).toEqual({ n: 0 });
  });
});
