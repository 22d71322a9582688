/**
 * The bit-parallel distance must equal the plain optimal-string-alignment table on every input: compared here with
 * the textbook dynamic programme on many random pairs, small alphabets so repeats and swapped pairs are common,
 * lengths 0–100 so patterns of one, two and more 32-bit words are all exercised.
 */
import { describe, expect, it } from 'vitest';
import { osaDistance } from '../../src/catalog/edit-distance.ts';
import { similarity, similarityAtLeast } from '../../src/catalog/fuzzy-match.ts';

/** The reference: the whole (m+1)×(n+1) table, as fuzzy-match computed it before, on UTF-16 code units. */
function referenceOsa(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const ai = a.charCodeAt(i - 1);
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

// Two-letter to full alphabets; accented letters, a euro sign and a surrogate pair (two code units) for non-ASCII.
const ALPHABETS = ['ab', 'abc', 'abcd', 'aé€b', 'ab😀', 'abcdefghijklmnopqrstuvwxyz '];

/** A random string, or a copy of `base` with a few swapped neighbours, insertions, deletions and substitutions. */
function randomPair(rand: () => number): [string, string] {
  const alphabet = ALPHABETS[Math.floor(rand() * ALPHABETS.length)]!;
  const letter = () => alphabet[Math.floor(rand() * alphabet.length)]!;
  const text = (len: number) => Array.from({ length: len }, letter).join('');
  const a = text(Math.floor(rand() * 101));
  if (rand() < 0.4) return [a, text(Math.floor(rand() * 101))];
  const b = a.split('');
  const edits = Math.floor(rand() * 8);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rand() * b.length);
    const kind = Math.floor(rand() * 4);
    if (kind === 0 && i + 1 < b.length) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
    else if (kind === 1) b.splice(i, 0, letter());
    else if (kind === 2) b.splice(i, 1);
    else b[i] = letter();
  }
  return [a, b.join('')];
}

describe('the optimal-string-alignment distance', () => {
  it('GIVEN textbook pairs THEN a swapped pair costs 1 and no substring is edited twice', () => {
    expect(osaDistance('ab', 'ba')).toBe(1);
    expect(osaDistance('langauge', 'language')).toBe(1);
    // True Damerau gives 2 here; OSA may not edit the swapped pair again.
    expect(osaDistance('ca', 'abc')).toBe(3);
    expect(osaDistance('kitten', 'sitting')).toBe(3);
    expect(osaDistance('', '')).toBe(0);
    expect(osaDistance('', 'abc')).toBe(3);
    expect(osaDistance('abc', '')).toBe(3);
    // A swap across the boundary of two 32-bit words (characters 32 and 33).
    const long = 'x'.repeat(31) + 'ab' + 'y'.repeat(10);
    expect(osaDistance(long, 'x'.repeat(31) + 'ba' + 'y'.repeat(10))).toBe(1);
  });

  it('GIVEN 6,000 random pairs of lengths 0–100 THEN the distance equals the full table, both ways round', () => {
    const rand = rng(20261126);
    const wordCounts = new Set<number>();
    for (let t = 0; t < 6_000; t++) {
      const [a, b] = randomPair(rand);
      const want = referenceOsa(a, b);
      expect(osaDistance(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(want);
      expect(osaDistance(b, a), `${JSON.stringify(b)} vs ${JSON.stringify(a)}`).toBe(want);
      wordCounts.add(Math.ceil(a.length / 32));
    }
    // Patterns of 0 to 4 words (lengths up to 100 with insertions) were all compared.
    expect([...wordCounts].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('GIVEN a limit THEN a distance within it is exact and one beyond it is reported as limit + 1', () => {
    const rand = rng(77);
    let within = 0;
    let beyond = 0;
    for (let t = 0; t < 5_000; t++) {
      const [a, b] = randomPair(rand);
      const want = referenceOsa(a, b);
      const limit = Math.floor(rand() * 30);
      const got = osaDistance(a, b, limit);
      if (want <= limit) within++;
      else beyond++;
      expect(got, `${JSON.stringify(a)} vs ${JSON.stringify(b)} limit ${limit}`).toBe(want <= limit ? want : limit + 1);
    }
    expect(within).toBeGreaterThan(500);
    expect(beyond).toBeGreaterThan(500);
  });

  it('GIVEN random pairs THEN similarity and similarityAtLeast keep their meaning (1 - distance / longer length)', () => {
    const rand = rng(4242);
    for (let t = 0; t < 3_000; t++) {
      const [a, b] = randomPair(rand);
      const max = Math.max(a.length, b.length);
      const want = max === 0 ? 1 : 1 - referenceOsa(a, b) / max;
      expect(similarity(a, b)).toBe(want);
      const min = Math.round(rand() * 10) / 10;
      const atLeast = similarityAtLeast(a, b, min);
      if (want >= min) expect(atLeast).toBe(want);
      else expect(atLeast).toBeLessThan(min);
    }
  });
});
