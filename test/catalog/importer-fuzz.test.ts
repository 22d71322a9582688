import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import importMarkdown from '../../src/catalog/import-markdown.ts';
import { openDb } from '../../src/store/db.ts';
import { importList } from '../../src/catalog/catalog-store.ts';
import { UserError } from '../../src/errors.ts';
import type { ParsedList } from '../../src/catalog/types.ts';
import { rowOf } from '../helpers/sql.ts';

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
      // '' is a title-only entry: a truncation can cut the last item's link (`- [B](https://x.org/pa`).
      expect(e.url).toMatch(/^(?:https?:\/\/|$)/);
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
  }, 60_000); // seconds of remark parsing; the bound keeps a loaded machine from a false timeout

  it('THEN every truncation of every seed (bytes, so cut UTF-8 too) is handled', () => {
    for (const s of seeds) {
      const bytes = Buffer.from(s, 'utf8');
      for (let cut = 0; cut < bytes.length; cut += 401) onlyUserErrors(bytes.subarray(0, cut));
    }
  }, 60_000); // seconds of remark parsing; the bound keeps a loaded machine from a false timeout

  it('THEN random bytes and shuffled seed lines are handled, and the store survives them', async () => {
    const r = rng(7);
    const db = openDb(':memory:');
    for (let n = 0; n < 100; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(r() * 400) }, () => Math.floor(r() * 256)));
      onlyUserErrors(bytes);
      const lines = seeds[n % 4]!.split('\n');
      const shuffled = lines.filter(() => r() < 0.5).sort(() => r() - 0.5).join('\n');
      try {
        await importList(db, { slug: `fuzz-${n % 5}`, markdown: shuffled });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
      }
    }
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(await rowOf(db, `SELECT COUNT(*) AS n FROM papers p WHERE NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.paper_id = p.id)`)).toEqual({ n: 0 });
  }, 60_000); // seconds of remark parsing; the bound keeps a loaded machine from a false timeout
});

// ---- Mutated real lists: documents that do contain entries, so the per-entry invariants are really exercised. ----

const fixtures = readdirSync('test/fixtures').map((d) => readFileSync(`test/fixtures/${d}/input.md`, 'utf8'));
const SOURCES = [...seeds, ...fixtures].map((s) => s.split(/\r?\n/));
const LINK = /\[[^\]\n]*\]\([^)\n]*\)/g;
const KINDS = new Set(['paper', 'blog', 'thread', 'book', 'essay', 'video', 'course', 'code', 'other']);

/** mulberry32: better spread than the LCG above for picking among many mutators. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutator = (lines: string[], r: () => number) => string[];
const pick = <T,>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const linksOf = (lines: string[]) => lines.join('\n').match(LINK) ?? ['[Attention Is All You Need](https://arxiv.org/abs/1706.03762)'];

const MUTATORS: Record<string, Mutator> = {
  shuffle: (ls, r) => ls.map((l) => [r(), l] as const).sort((x, y) => x[0] - y[0]).map(([, l]) => l),
  /** Cut a line in the middle of one of its links (the rest of the line is lost, or glued to the next line). */
  cutLink: (ls, r) => {
    const withLink = ls.map((l, i) => [l, i] as const).filter(([l]) => l.includes(']('));
    if (!withLink.length) return ls;
    const [line, i] = pick(withLink, r);
    const m = pick([...line.matchAll(LINK)].map((x) => x) as RegExpMatchArray[], r) ?? null;
    const start = m?.index ?? line.indexOf('](');
    const len = m?.[0].length ?? 2;
    const cut = start + 1 + Math.floor(r() * Math.max(1, len - 1));
    const out = [...ls];
    if (r() < 0.5 || i + 1 >= ls.length) out[i] = line.slice(0, cut);
    else out.splice(i, 2, line.slice(0, cut) + ls[i + 1]);
    return out;
  },
  /** Indent lines under their neighbours: nested lists, or lazy continuation lines. */
  nest: (ls, r) => ls.map((l) => (r() < 0.3 ? pick(['  ', '    ', '   - ', '  * ', '\t'], r) + l : l)),
  /** A table whose cells carry links taken from the list. */
  table: (ls, r) => {
    const rows = Array.from({ length: 1 + Math.floor(r() * 3) }, () => `| ${pick(linksOf(ls), r)} | ${Math.floor(2000 + r() * 25)} | note |`);
    const at = Math.floor(r() * (ls.length + 1));
    return [...ls.slice(0, at), '', '| Paper | Year | Notes |', '|---|---|---|', ...rows, '', ...ls.slice(at)];
  },
  /** Another list's lines spliced in: numbered and bulleted, colon and dash shapes side by side. */
  mix: (ls, r) => {
    const other = pick(SOURCES, r);
    const from = Math.floor(r() * other.length);
    const at = Math.floor(r() * (ls.length + 1));
    return [...ls.slice(0, at), ...other.slice(from, from + 2 + Math.floor(r() * 6)), ...ls.slice(at)];
  },
  markers: (ls, r) => ls.map((l) => l.replace(/^(\s*)([-*+]|\d+[.)])\s+/, (_, sp: string) => `${sp}${pick(['- ', '* ', '+ ', '1. ', '7) ', '- [ ] ', '- [x] '], r)}`)),
  quote: (ls, r) => ls.map((l) => (r() < 0.4 ? `> ${l}` : l)),
  headings: (ls, r) => ls.flatMap((l) => (r() < 0.15 ? [pick(['# Papers', '## Week 3', '### To read', '#### **Bold heading**'], r), l] : [l])),
  duplicate: (ls, r) => ls.flatMap((l) => (r() < 0.15 ? [l, l] : [l])),
  dropLines: (ls, r) => ls.filter(() => r() > 0.2),
  crlf: (ls) => [ls.join('\r\n')],
  html: (ls, r) => {
    const at = Math.floor(r() * (ls.length + 1));
    return [...ls.slice(0, at), pick(['<details>', '<!-- a comment -->', '<br>', '</div>', '```', '---', '<table>', '<tr><td>', '</td></tr></table>', '<h3 id="x">Part</h3>', '<a name="sec"></a>', '<ul>', '<!--'], r), ...ls.slice(at)];
  },
  /** Links rewritten as raw HTML: a table row, a list item, an inline anchor with a break (issue 26). */
  htmlLinks: (ls, r) =>
    ls.map((l) => {
      if (r() > 0.5) return l;
      const shape = Math.floor(r() * 3);
      return l.replace(LINK, (m) => {
        const [, text = '', url = ''] = /^\[([^\]\n]*)\]\(([^)\n]*)\)$/.exec(m) ?? [];
        const a = `<a href="${url}">${text}</a>`;
        return shape === 0 ? `<table><tr><td>${a}<br>A. Author</td><td><a href="#">Cite</a></td></tr></table>` : shape === 1 ? `<ul><li>${a}</li></ul>` : `${a}<br>`;
      });
    }),
  /** The new shapes: a link turned into a label line under its title ('**Title** \\ [[Paper](url)]', '#### Title' + '- Link: …'). */
  labelLines: (ls, r) =>
    ls.flatMap((l) => {
      const m = /\[([^\]\n]{3,})\]\((https?:[^)\n]*)\)/.exec(l);
      if (!m || r() > 0.4) return [l];
      return r() < 0.5 ? [`**${m[1]}** \\`, '*A. Author, B. Author* \\', `[[Paper](${m[2]})] [[Github](https://github.com/x/y)]`, ''] : [`#### ${m[1]}`, `- Link：[${m[2]}](${m[2]})`, ''];
    }),
  /** A syllabus: dates and ': Readings:' lines of label links. */
  syllabus: (ls, r) => {
    const links = linksOf(ls);
    return [...ls, '', 'Sep 4', `: **Lecture 2**: Topic [Slides 2](https://course.example.edu/s2.pdf)`, `: Readings: ${links.slice(0, 1 + Math.floor(r() * 3)).join(', ')}`];
  },
};
const MUTATOR_NAMES = Object.keys(MUTATORS);

/** A window of a real list, mutated 1–3 times. */
function mutatedDocument(r: () => number): { doc: string; how: string[] } {
  const src = pick(SOURCES, r);
  const size = 3 + Math.floor(r() * 12);
  // A window with at least one link, so that most mutated documents still have entries to check.
  let lines: string[] = [];
  for (let tries = 0; tries < 20 && !lines.some((l) => l.includes('](')); tries++) {
    const from = Math.floor(r() * Math.max(1, src.length - size));
    lines = src.slice(from, from + size);
  }
  const how: string[] = [];
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const name = pick(MUTATOR_NAMES, r);
    how.push(name);
    lines = MUTATORS[name]!(lines, r);
  }
  return { doc: lines.join('\n'), how };
}

const oneLine = (s: string) => s.length > 0 && s === s.trim() && !/[\r\n\u0000]/.test(s);

/** What must hold for every import that yields entries; returns the broken rules. */
function brokenInvariants(doc: string, parsed: ParsedList): string[] {
  const problems: string[] = [];
  if (!oneLine(parsed.title)) problems.push(`list title ${JSON.stringify(parsed.title)}`);
  parsed.entries.forEach((e, i) => {
    const at = `entry ${i + 1}`;
    if (e.position !== i + 1) problems.push(`${at}: position ${e.position}`);
    if (!oneLine(e.title)) problems.push(`${at}: title ${JSON.stringify(e.title)}`);
    if (/\]\(https?:/.test(e.title)) problems.push(`${at}: markdown link syntax in the title ${JSON.stringify(e.title)}`);
    // '' is a title-only entry (issue 16): an empty link '[Title]()', a task item whose in-page anchor has no link,
    // or a table row with a title cell and no link.
    // A list item whose link was cut off (`- [B](https://x.org/pa`, or cut and glued to the next line, so that a space
    // breaks its address: `- [B](https://x.org/pa - [C](…)`) is kept by its title alone, too.
    // In raw HTML the empty link is `<a href="">` (or `href="#…"`) and a row is a `<td>`.
    if (e.url === '' && !/\]\((?:#[^)]*)?\)|^\s*\||\]\(\s*(?:https?:\/\/|www\.)[^)\s]*(?:\s|$)|href="(?:#[^"]*)?"|<td>/im.test(doc)) problems.push(`${at}: title-only entry without an empty or in-page link, a cut link or a table`);
    // Another item's markdown never ends up in a summary (a cut link was once taken for the previous entry's blurb).
    if (e.summary !== null && /\]\(\s*https?:/.test(e.summary)) problems.push(`${at}: link markdown in the summary ${JSON.stringify(e.summary)}`);
    if (e.url !== '' && !/^https?:\/\/[^\s]+$/.test(e.url)) problems.push(`${at}: url ${JSON.stringify(e.url)}`);
    // The importer resolves links, it never invents them: the URL is written somewhere in the document.
    if (!doc.includes(e.url)) problems.push(`${at}: url ${JSON.stringify(e.url)} is not in the document`);
    for (const [k, v] of [['summary', e.summary], ['footnote', e.footnote], ['nickname', e.nickname], ['section', e.section]] as const) {
      if (v !== null && !oneLine(v)) problems.push(`${at}: ${k} ${JSON.stringify(v)}`);
    }
    if (![true, false, null].includes(e.readMark)) problems.push(`${at}: readMark ${String(e.readMark)}`);
    if (e.year !== null && !(Number.isInteger(e.year) && e.year >= 1900 && e.year <= 2100)) problems.push(`${at}: year ${e.year}`);
    if (!KINDS.has(e.kind)) problems.push(`${at}: kind ${e.kind}`);
    for (const l of e.extraLinks) if (!/^https?:\/\/\S+$/.test(l.url)) problems.push(`${at}: extra link ${JSON.stringify(l)}`);
  });
  return problems;
}

describe('GIVEN mutated real lists (seeds and fixtures: shuffled, links cut, lists nested, tables, raw HTML, label lines, syllabi, shapes mixed)', () => {
  it('THEN at least 1,000 imports have entries, each satisfies the entry invariants, parsing is deterministic, and the store stays consistent', async () => {
    const r = prng(20261126);
    const db = openDb(':memory:');
    const failures: Array<{ n: number; how: string[]; doc: string; problems: string[] }> = [];
    let withEntries = 0;
    let stored = 0;
    const DOCS = 1_200;
    for (let n = 0; n < DOCS; n++) {
      const { doc, how } = mutatedDocument(r);
      let parsed: ParsedList;
      try {
        parsed = importMarkdown(doc);
      } catch (err) {
        if (!(err instanceof UserError)) failures.push({ n, how, doc, problems: [`threw ${String(err)}`] });
        continue;
      }
      withEntries++;
      const problems = brokenInvariants(doc, parsed);
      // Same input, same list (every 40th document, to keep the run short).
      if (n % 40 === 0 && JSON.stringify(importMarkdown(doc)) !== JSON.stringify(parsed)) problems.push('a second parse differs');
      if (problems.length) failures.push({ n, how, doc, problems });
      if (n % 40 === 5) {
        await importList(db, { slug: `fuzz-${n % 5}`, markdown: doc });
        stored++;
        const count = (await rowOf(db, `SELECT COUNT(*) AS n FROM list_entries e JOIN lists l ON l.id = e.list_id WHERE l.slug = ?`, `fuzz-${n % 5}`) as { n: number }).n;
        if (count === 0 || count > parsed.entries.length) failures.push({ n, how, doc, problems: [`stored ${count} entries for ${parsed.entries.length} parsed`] });
      }
    }
    expect(failures.slice(0, 3)).toEqual([]);
    expect(withEntries).toBeGreaterThanOrEqual(1_000);
    expect(stored).toBeGreaterThanOrEqual(20);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(await rowOf(db, `SELECT COUNT(*) AS n FROM papers p WHERE NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.paper_id = p.id)`)).toEqual({ n: 0 });
    await db.close();
  }, 120_000); // 3–5 s of CPU (remark costs ~2 ms a parse); 70 s wall was seen with the shared machine at load 24
});
