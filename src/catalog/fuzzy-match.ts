import { osaDistance } from './edit-distance.ts';
import { normalizeTitle } from '../canonical-ids.ts';

/** Edit-distance similarity in [0, 1] (Damerau: a swapped pair of letters is one typo). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const max = Math.max(a.length, b.length);
  if (max === 0) return 1;
  return 1 - osaDistance(a, b) / max;
}

/**
 * `similarity(a, b)` when it is at least `min`; otherwise some value below `min`. The distance stops early once
 * it cannot come back under (1 - min) * length, so a title that cannot reach `min` costs only part of the work.
 */
export function similarityAtLeast(a: string, b: string, min: number): number {
  if (a === b) return 1;
  const max = Math.max(a.length, b.length);
  if (max === 0) return 1;
  // A hair generous, so float rounding never drops a distance that reaches `min` exactly.
  const maxD = Math.floor((1 - min) * max + 1e-9);
  const d = osaDistance(a, b, maxD);
  return d > maxD ? -1 : 1 - d / max;
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
