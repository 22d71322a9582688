import type { Db } from '../store/db.ts';
import { STOP_WORDS, similarity, similarityAtLeast, type FuzzyQuery } from './fuzzy-match.ts';
import { normalizeTitle } from '../canonical-ids.ts';
import { catalogStamp } from '../store/catalog-version.ts';
import { allPaperRows } from '../store/catalog.ts';

/**
 * The catalog's papers held in memory for fuzzy lookups: built on the first lookup after an import, so a query
 * scores 10,000 papers without reading them from SQLite. Scores are exactly `fuzzyScore`'s (test/catalog/paper-index
 * compares them on random pairs); the speed comes from scoring each distinct title word once per query and from
 * skipping whole-title edit distances that a character-count bound proves cannot reach the top results.
 */
export interface PaperIndex<Row> {
  rows: Row[];
  /** ids in row order. */
  ids: Int32Array;
  /** Normalized titles. */
  titles: string[];
  /** Per paper, its title's content words as vocabulary ids, in title order. */
  words: Int32Array[];
  vocab: string[];
  vocabLens: Int32Array;
  /** Per vocabulary word, a 32-bit mask of its characters: no shared bit means no shared character. */
  vocabMasks: Int32Array;
  /** Vocabulary words in at least COMMON_WORD_TITLES titles. */
  commonWords: Int32Array;
  /** Per paper, normalized nickname and the same without spaces (or null). */
  nicks: Array<string | null>;
  nicksNoSpace: Array<string | null>;
  /** Nickname folded as SQLite's NOCASE folds (ASCII only) -> row indexes, by id. */
  byNickNoCase: Map<string, number[]>;
  /** Key folded the same way -> the first row index by id (`key = ? COLLATE NOCASE` cannot use the key's index). */
  byKeyNoCase: Map<string, number>;
  /** Character histograms of the titles: `bins` counts per paper, flat. */
  hist: Uint16Array;
  charBin: Map<number, number>;
  bins: number;
}

interface IndexedRow {
  id: number;
  key: string;
  title: string;
  nickname: string | null;
  norm_title: string;
}

const indexes = new WeakMap<Db, { stamp: string; index: PaperIndex<IndexedRow> }>();

/** SQLite's NOCASE: folds ASCII A-Z only. */
export function foldNoCase(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** The index of `db`'s papers, rebuilt when this connection imported or another connection committed since. */
export async function paperIndex<Row extends IndexedRow>(db: Db): Promise<PaperIndex<Row>> {
  const stamp = await catalogStamp(db);
  const cached = indexes.get(db.root);
  if (cached && cached.stamp === stamp) return cached.index as unknown as PaperIndex<Row>;
  const index = buildIndex(await allPaperRows<Row>(db));
  indexes.set(db.root, { stamp, index: index as unknown as PaperIndex<IndexedRow> });
  return index;
}

// A word in this many titles gets its exact score per query up front (see topFuzzy).
const COMMON_WORD_TITLES = 8;

function buildIndex<Row extends IndexedRow>(rows: Row[]): PaperIndex<Row> {
  const vocabIds = new Map<string, number>();
  const vocab: string[] = [];
  const charBin = new Map<number, number>();
  const titles = rows.map((r) => r.norm_title ?? normalizeTitle(r.title));
  for (const t of titles) for (let i = 0; i < t.length; i++) if (!charBin.has(t.charCodeAt(i))) charBin.set(t.charCodeAt(i), charBin.size);
  const bins = charBin.size;
  const hist = new Uint16Array(rows.length * bins);
  const byNickNoCase = new Map<string, number[]>();
  const byKeyNoCase = new Map<string, number>();
  const nicks: Array<string | null> = [];
  const nicksNoSpace: Array<string | null> = [];
  const words = titles.map((t, i) => {
    for (let c = 0; c < t.length; c++) hist[i * bins + charBin.get(t.charCodeAt(c))!]!++;
    const ids: number[] = [];
    for (const w of t.split(' ')) {
      if (!w || STOP_WORDS.has(w)) continue;
      let id = vocabIds.get(w);
      if (id === undefined) vocabIds.set(w, (id = vocab.push(w) - 1));
      ids.push(id);
    }
    return Int32Array.from(ids);
  });
  rows.forEach((r, i) => {
    const folded = foldNoCase(r.key);
    if (!byKeyNoCase.has(folded)) byKeyNoCase.set(folded, i);
    const nick = r.nickname ? normalizeTitle(r.nickname) : null;
    nicks.push(nick);
    nicksNoSpace.push(nick === null ? null : nick.replace(/ /g, ''));
    if (r.nickname !== null) {
      const key = foldNoCase(r.nickname);
      const list = byNickNoCase.get(key);
      if (list) list.push(i);
      else byNickNoCase.set(key, [i]);
    }
  });
  const vocabLens = Int32Array.from(vocab.map((w) => w.length));
  const vocabMasks = Int32Array.from(vocab.map(charMask));
  const titlesWith = new Int32Array(vocab.length);
  const lastTitle = new Int32Array(vocab.length).fill(-1);
  words.forEach((ids, i) => {
    for (const v of ids) if (lastTitle[v] !== i) (lastTitle[v] = i), titlesWith[v]!++;
  });
  const commonWords = Int32Array.from(vocab.keys()).filter((v) => titlesWith[v]! >= COMMON_WORD_TITLES);
  return { rows, ids: Int32Array.from(rows.map((r) => r.id)), titles, words, vocab, vocabLens, vocabMasks, commonWords, nicks, nicksNoSpace, byNickNoCase, byKeyNoCase, hist, charBin, bins };
}

// Letters get a bit each, digits and the rest share the last six: titles mix words and numbers.
function charMask(w: string): number {
  let m = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    m |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return m;
}

/** A scored paper: its row and `fuzzyScore` for the query. */
export interface Scored<Row> {
  r: Row;
  score: number;
}

// Written exactly as fuzzy-match.ts writes it, so the floating-point results are identical.
function lengthBoundOf(a: number, b: number): number {
  return 1 - Math.abs(a - b) / Math.max(a, b, 1);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const BUCKETS = 1024;

// Scratch arrays of topFuzzy, kept between lookups (one lookup runs at a time: it never awaits) and grown on demand.
const floats: Float64Array[] = [];
const ints: Int32Array[] = [];
function scratchFloats(slot: number, length: number): Float64Array {
  let a = floats[slot];
  if (!a || a.length < length) floats[slot] = a = new Float64Array(Math.max(length, 2 * (a?.length ?? 0)));
  return a;
}
function scratchInts(slot: number, length: number): Int32Array {
  let a = ints[slot];
  if (!a || a.length < length) ints[slot] = a = new Int32Array(Math.max(length, 2 * (a?.length ?? 0)));
  return a;
}

/**
 * The `k` best papers with `fuzzyScore >= min`, best first (ties by id), with exactly `fuzzyScore`'s values.
 * A first pass bounds every paper's score from above without any whole-title edit distance (character counts and
 * masks: an edit changes at most one count on each side, a transposition none; exact scores for words many titles
 * share); a second pass scores papers exactly in order of that bound and stops when the bound falls below the k-th
 * best score found.
 */
export function topFuzzy<Row extends IndexedRow>(
  index: PaperIndex<Row>,
  q: FuzzyQuery,
  k: number,
  min: number,
  /** Papers (by id) left out: those a community does not find (paper-scope.ts). */
  hidden: ReadonlySet<number> | null = null,
): Array<Scored<Row>> {
  if (!q.norm) return [];
  const n = index.rows.length;
  const qLen = q.norm.length;
  const qNoSpace = q.norm.replace(/ /g, '');
  const T = q.tokens.length;
  // Query character counts on the titles' bins; characters no title has count against every title.
  const qHist = new Int32Array(index.bins);
  // The query's distinct bins, so a title's bound walks those only: what the title has beyond them is implied.
  const qBins: number[] = [];
  let qOutside = 0;
  for (let c = 0; c < qLen; c++) {
    const bin = index.charBin.get(q.norm.charCodeAt(c));
    if (bin === undefined) qOutside++;
    else if (qHist[bin]!++ === 0) qBins.push(bin);
  }
  const V = index.vocab.length;
  const vocabLens = index.vocabLens;
  // Typed arrays throughout: masks may use bit 31, and plain arrays of such numbers change element kind between
  // queries, which makes V8 throw away this function's optimized code (and box every number) again and again.
  const tokenLens = Int32Array.from(q.tokens, (t) => t.length);
  const tokenMasks = Int32Array.from(q.tokens, charMask);
  const vocabMasks = index.vocabMasks;
  // Per token and vocabulary word: the exact word score (computed on first use) and an upper bound of it, token
  // by token in one flat buffer (token ti's scores at ti * V), reused across queries: a fresh pair of arrays per
  // token was ~1 MB a lookup at 10,000 papers, garbage that made the collector pause lookups now and then.
  const exactScores = scratchFloats(0, T * V).fill(NaN, 0, T * V);
  const boundScores = scratchFloats(1, T * V);
  // Bounds are cheap, so every token's are computed up front; the first pass reads them in a tight loop.
  for (let ti = 0; ti < T; ti++) {
    const t = q.tokens[ti]!;
    const at = ti * V;
    const tm = tokenMasks[ti]!;
    const tLen = tokenLens[ti]!;
    for (let v = 0; v < V; v++) {
      const wm = vocabMasks[v]!;
      const wLen = vocabLens[v]!;
      // Equal to the token or beginning with it only if the word has all the token's characters.
      if ((tm & ~wm) === 0 && wLen >= tLen) {
        const w = index.vocab[v]!;
        if (w === t) {
          boundScores[at + v] = 1;
          continue;
        }
        if (tLen >= 3 && w.startsWith(t)) {
          boundScores[at + v] = 0.9;
          continue;
        }
      }
      // Each mask bit on one side only stands for at least one character the other side lacks.
      const d = Math.max(popcount(tm & ~wm), popcount(wm & ~tm), Math.abs(tLen - wLen));
      boundScores[at + v] = 1 - d / Math.max(tLen, wLen);
    }
  }
  const wordScore = (ti: number, v: number): number => {
    let s = exactScores[ti * V + v]!;
    if (s !== s) {
      const t = q.tokens[ti]!;
      const w = index.vocab[v]!;
      // Words with no character in common are a full substitution apart: similarity exactly 0.
      if ((tokenMasks[ti]! & vocabMasks[v]!) === 0 && w !== t) s = 0;
      else s = w === t ? 1 : t.length >= 3 && w.startsWith(t) ? 0.9 : similarity(t, w);
      exactScores[ti * V + v] = s;
    }
    return s;
  };
  // Words many titles share: a few exact scores instead of their bounds make all those titles' bounds tight, so
  // titles that cannot reach the bar on their words are not scored word by word again in the second pass.
  const commonWords = index.commonWords;
  for (let ti = 0; ti < T; ti++) {
    const at = ti * V;
    for (let c = 0; c < commonWords.length; c++) {
      const v = commonWords[c]!;
      if (boundScores[at + v]! > 0) boundScores[at + v] = wordScore(ti, v);
    }
  }

  // fuzzyScore's word part, exactly as it loops (its length skip included).
  const wordPart = (words: Int32Array): number => {
    let sum = 0;
    for (let ti = 0; ti < T; ti++) {
      const tLen = tokenLens[ti]!;
      const at = ti * V;
      let tokenBest = 0;
      for (let wi = 0; wi < words.length; wi++) {
        if (tokenBest === 1) break;
        const v = words[wi]!;
        // A bound at or below the best so far cannot change it: the exact score is not needed.
        if (boundScores[at + v]! <= tokenBest) continue;
        if (lengthBoundOf(tLen, vocabLens[v]!) <= tokenBest) continue;
        let s = exactScores[at + v]!;
        if (s !== s) s = wordScore(ti, v);
        if (s > tokenBest) tokenBest = s;
      }
      sum += tokenBest;
    }
    const coverage = Math.min(1, T / words.length);
    return (sum / T) * (0.8 + 0.2 * coverage);
  };

  // The k best so far, best first (ties by id), as typed arrays for the same reason as above.
  const topScores = new Float64Array(k);
  const topRows = new Int32Array(k);
  let topCount = 0;
  const offer = (score: number, i: number) => {
    if (score < min) return;
    const id = index.ids[i]!;
    let at = topCount;
    while (at > 0 && (topScores[at - 1]! < score || (topScores[at - 1]! === score && index.ids[topRows[at - 1]!]! > id))) at--;
    if (at >= k) return;
    if (topCount < k) topCount++;
    topScores.copyWithin(at + 1, at, topCount - 1);
    topRows.copyWithin(at + 1, at, topCount - 1);
    topScores[at] = score;
    topRows[at] = i;
  };
  const bar = () => (topCount < k ? min : topScores[k - 1]!);

  // Pass 1: upper bounds, into buckets by bound.
  const titleBounds = scratchFloats(2, n);
  const nickScores = scratchFloats(3, n);
  const wordBounds = scratchFloats(4, n);
  const bounds = scratchFloats(5, n);
  // Papers by bound bucket, counting-sorted: each paper's bucket (-1: cannot reach `min`), then the papers in order.
  const bucketOf = scratchInts(0, n);
  const bucketStart = scratchInts(1, BUCKETS + 2).fill(0, 0, BUCKETS + 2);
  const byBucket = scratchInts(2, n);
  for (let i = 0; i < n; i++) {
    if (hidden !== null && hidden.has(index.ids[i]!)) {
      bucketOf[i] = -1;
      continue;
    }
    let nickScore = 0;
    const nick = index.nicks[i]!;
    if (nick !== null) nickScore = Math.max(similarity(q.norm, nick), similarity(qNoSpace, index.nicksNoSpace[i]!));
    nickScores[i] = nickScore;
    let ub = nickScore;
    const words = index.words[i]!;
    if (words.length && T) {
      let sum = 0;
      for (let ti = 0; ti < T; ti++) {
        const at = ti * V;
        let best = 0;
        for (let wi = 0; wi < words.length; wi++) {
          const u = boundScores[at + words[wi]!]!;
          if (u > best) best = u;
        }
        sum += best;
      }
      wordBounds[i] = (sum / T) * (0.8 + 0.2 * Math.min(1, T / words.length));
      ub = Math.max(ub, wordBounds[i]!);
    }
    // The whole-title part counts only when the lengths are close (fuzzyScore's gate).
    const title = index.titles[i]!;
    const tLen = title.length;
    let titleUb = 0;
    if (title === q.norm) titleUb = 1;
    else if (lengthBoundOf(qLen, tLen) > 0.6) {
      let onlyQ = qOutside;
      const base = i * index.bins;
      for (let qb = 0; qb < qBins.length; qb++) {
        const b = qBins[qb]!;
        const d = qHist[b]! - index.hist[base + b]!;
        if (d > 0) onlyQ += d;
      }
      // Characters in common = qLen - onlyQ; the title's own extras are the rest of it.
      const onlyT = tLen - (qLen - onlyQ);
      titleUb = 1 - Math.max(onlyQ, onlyT) / Math.max(qLen, tLen);
    }
    titleBounds[i] = titleUb;
    ub = Math.max(ub, titleUb);
    bounds[i] = ub;
    const b = ub >= min ? Math.floor(ub * BUCKETS) : -1;
    bucketOf[i] = b;
    if (b >= 0) bucketStart[b + 1]!++;
  }
  for (let b = 0; b <= BUCKETS; b++) bucketStart[b + 1]! += bucketStart[b]!;
  // Within a bucket in paper order; each bucketStart[b] moves on to the end of bucket b.
  for (let i = 0; i < n; i++) if (bucketOf[i]! >= 0) byBucket[bucketStart[bucketOf[i]!]!++] = i;
  // Pass 2: exact scores, best bounds first, until no bound can reach the k-th best.
  for (let b = BUCKETS; b >= 0; b--) {
    if ((b + 1) / BUCKETS < bar()) break;
    const end = bucketStart[b]!;
    for (let bi = b === 0 ? 0 : bucketStart[b - 1]!; bi < end; bi++) {
      const i = byBucket[bi]!;
      const floor = bar();
      if (bounds[i]! < floor) continue;
      const words = index.words[i]!;
      let score = nickScores[i]!;
      // Below the bar an exact score does not matter (the paper cannot enter the k best on it), nor at or below
      // the score already found: so the word part only when its bound reaches both, and the same for the title.
      if (words.length && T && wordBounds[i]! > score && wordBounds[i]! >= floor) score = Math.max(score, wordPart(words));
      if (titleBounds[i]! > score && titleBounds[i]! >= floor) score = Math.max(score, similarityAtLeast(q.norm, index.titles[i]!, floor));
      // offer() would drop it; checked here so the common case makes no call (a call boxes the score).
      if (score >= floor) offer(score, i);
    }
  }
  const out: Array<Scored<Row>> = [];
  for (let at = 0; at < topCount; at++) out.push({ r: index.rows[topRows[at]!]!, score: topScores[at]! });
  return out;
}
