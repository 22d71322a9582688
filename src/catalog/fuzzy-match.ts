import { normalizeTitle } from './canonical-ids.ts';

/** Edit-distance similarity in [0, 1] (Damerau: a swapped pair of letters is one typo). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const max = Math.max(a.length, b.length);
  if (max === 0) return 1;
  return 1 - editDistance(a, b) / max;
}

function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'in', 'on', 'to', 'with', 'is', 'are', 'by', 'from', 'via']);

/** A typed query prepared once for scoring many papers. */
export interface FuzzyQuery {
  norm: string;
  tokens: string[];
}

export function fuzzyQuery(text: string): FuzzyQuery {
  const norm = normalizeTitle(text);
  const all = norm.split(' ').filter(Boolean);
  const content = all.filter((t) => !STOP.has(t));
  return { norm, tokens: content.length ? content : all };
}

/**
 * How well a query names a paper, in [0, 1]: the best of nickname similarity ('lorra' ~ LoRA),
 * whole-title similarity (typos), and per-word title match (a few words of a long title).
 */
export function fuzzyScore(q: FuzzyQuery, paper: { title: string; nickname: string | null }): number {
  if (!q.norm) return 0;
  const title = normalizeTitle(paper.title);
  let best = similarity(q.norm, title);
  if (paper.nickname) {
    const nick = normalizeTitle(paper.nickname);
    best = Math.max(best, similarity(q.norm, nick), similarity(q.norm.replace(/ /g, ''), nick.replace(/ /g, '')));
  }
  const words = title.split(' ').filter((w) => w && !STOP.has(w));
  if (words.length && q.tokens.length) {
    let sum = 0;
    for (const t of q.tokens) {
      let tokenBest = 0;
      for (const w of words) {
        const s = w === t ? 1 : t.length >= 3 && w.startsWith(t) ? 0.9 : similarity(t, w);
        if (s > tokenBest) tokenBest = s;
      }
      sum += tokenBest;
    }
    // Naming 2 words of a 12-word title is weaker evidence than naming 2 of 3.
    const coverage = Math.min(1, q.tokens.length / words.length);
    best = Math.max(best, (sum / q.tokens.length) * (0.8 + 0.2 * coverage));
  }
  return best;
}
