import { normalizeTitle } from './canonical-ids.ts';

/** Edit-distance similarity in [0, 1] (Damerau: a swapped pair of letters is one typo). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const max = Math.max(a.length, b.length);
  if (max === 0) return 1;
  return 1 - editDistance(a, b) / max;
}

// Three reusable rows (optimal string alignment): resolving scores thousands of titles per query.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);
function editDistance(a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a];
  const n = b.length;
  if (n === 0) return a.length;
  if (rowA.length <= n) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
    rowC = new Int32Array(n + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * `similarity(a, b)` when it is at least `min`; otherwise some value below `min`. Computes only the diagonal band
 * of the edit-distance table that a distance of at most (1 - min) * length can use (Ukkonen's cut-off), so a
 * title that cannot reach `min` costs a few cells a row instead of the whole table.
 */
export function similarityAtLeast(a: string, b: string, min: number): number {
  if (a === b) return 1;
  const max = Math.max(a.length, b.length);
  if (max === 0) return 1;
  // A hair generous, so float rounding never drops a distance that reaches `min` exactly.
  const maxD = Math.floor((1 - min) * max + 1e-9);
  const d = editDistanceWithin(a, b, maxD);
  return d > maxD ? -1 : 1 - d / max;
}

// The same optimal-string-alignment distance as editDistance, limited to the band |i - j| <= maxD; returns
// maxD + 1 as soon as every cell of a row exceeds maxD (values along any alignment never decrease).
function editDistanceWithin(a: string, b: string, maxD: number): number {
  if (a.length < b.length) [a, b] = [b, a];
  const m = a.length;
  const n = b.length;
  const INF = maxD + 1;
  if (m - n > maxD) return INF;
  if (n === 0) return m;
  if (rowA.length <= n + 1) {
    rowA = new Int32Array(n + 2);
    rowB = new Int32Array(n + 2);
    rowC = new Int32Array(n + 2);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j <= maxD ? j : INF;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - maxD);
    const hi = Math.min(n, i + maxD);
    cur[0] = i <= maxD ? i : INF;
    if (lo > 1) cur[lo - 1] = INF;
    let rowMin = lo === 1 ? cur[0]! : INF;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      if (d > INF) d = INF;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (hi < n) cur[hi + 1] = INF;
    if (rowMin > maxD) return INF;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, INF);
}

function lengthBound(a: string, b: string): number {
  return 1 - Math.abs(a.length - b.length) / Math.max(a.length, b.length, 1);
}

/** Words too common to name a paper by. */
export const STOP_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'in', 'on', 'to', 'with', 'is', 'are', 'by', 'from', 'via']);

/** A typed query prepared once for scoring many papers. */
export interface FuzzyQuery {
  norm: string;
  tokens: string[];
}

export function fuzzyQuery(text: string): FuzzyQuery {
  const norm = normalizeTitle(text);
  const all = norm.split(' ').filter(Boolean);
  const content = all.filter((t) => !STOP_WORDS.has(t));
  return { norm, tokens: content.length ? content : all };
}

/**
 * How well a query names a paper, in [0, 1]: the best of nickname similarity ('lorra' ~ LoRA),
 * whole-title similarity (typos), and per-word title match (a few words of a long title).
 */
export function fuzzyScore(q: FuzzyQuery, paper: { title: string; nickname: string | null; norm_title?: string }): number {
  if (!q.norm) return 0;
  const title = paper.norm_title ?? normalizeTitle(paper.title);
  // Whole-title typos only matter when the lengths are close; the bound skips most of a large catalog.
  let best = lengthBound(q.norm, title) > 0.6 ? similarity(q.norm, title) : 0;
  if (paper.nickname) {
    const nick = normalizeTitle(paper.nickname);
    best = Math.max(best, similarity(q.norm, nick), similarity(q.norm.replace(/ /g, ''), nick.replace(/ /g, '')));
  }
  const words = title.split(' ').filter((w) => w && !STOP_WORDS.has(w));
  if (words.length && q.tokens.length) {
    let sum = 0;
    for (const t of q.tokens) {
      let tokenBest = 0;
      for (const w of words) {
        if (tokenBest === 1) break;
        // The length gap alone bounds the similarity; skip words that cannot beat the best so far.
        if (lengthBound(t, w) <= tokenBest) continue;
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
