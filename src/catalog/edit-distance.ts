/**
 * Optimal-string-alignment distance (Damerau: an adjacent transposition costs 1, no substring is edited twice),
 * computed bit-parallel: Myers (1999) for the Levenshtein core with Hyyrö's (2003) transposition term, one 32-bit
 * word per 32 characters of the pattern with carries between words. A whole-title comparison of ~40 characters is
 * about 40 steps of a dozen word operations instead of a 40×40 table. Works on UTF-16 code units (`charCodeAt`).
 */

/** A pattern's character bit-masks, built once and reused while the same pattern is compared with many texts. */
interface Pattern {
  /** Words per character mask: ceil(length / 32). */
  blocks: number;
  /** Masks, `blocks` words per distinct character, by slot; the last slot is all zeros (characters not in it). */
  masks: Int32Array;
  /** ASCII code -> slot (the zero slot when absent). */
  asciiSlots: Int32Array;
  /** Other code units -> slot. */
  otherSlots: Map<number, number>;
  zeroSlot: number;
}

function buildPattern(p: string): Pattern {
  const m = p.length;
  const blocks = Math.max(1, Math.ceil(m / 32));
  const asciiSlots = new Int32Array(128).fill(-1);
  const otherSlots = new Map<number, number>();
  const slotOfChar: number[] = [];
  let slots = 0;
  for (let i = 0; i < m; i++) {
    const c = p.charCodeAt(i);
    let s = c < 128 ? asciiSlots[c]! : (otherSlots.get(c) ?? -1);
    if (s < 0) {
      s = slots++;
      if (c < 128) asciiSlots[c] = s;
      else otherSlots.set(c, s);
    }
    slotOfChar.push(s);
  }
  const zeroSlot = slots;
  for (let c = 0; c < 128; c++) if (asciiSlots[c]! < 0) asciiSlots[c] = zeroSlot;
  const masks = new Int32Array((slots + 1) * blocks);
  for (let i = 0; i < m; i++) masks[slotOfChar[i]! * blocks + (i >>> 5)]! |= 1 << (i & 31);
  return { blocks, masks, asciiSlots, otherSlots, zeroSlot };
}

// Recent patterns: a lookup compares one query (its spaceless form, its words) with thousands of texts.
const patterns = new Map<string, Pattern>();
function patternOf(p: string): Pattern {
  let pat = patterns.get(p);
  if (pat === undefined) {
    if (patterns.size >= 64) patterns.clear();
    patterns.set(p, (pat = buildPattern(p)));
  }
  return pat;
}

// Per-word state for patterns longer than 32, reused across calls (grown on demand).
let VP = new Int32Array(4);
let VN = new Int32Array(4);
let D0 = new Int32Array(4);

/**
 * The OSA distance between `a` and `b` when it is at most `maxD`; otherwise exactly `maxD + 1`. Without `maxD`,
 * the distance itself. `a` is the pattern, kept in a small cache: pass the string compared with many others first.
 */
export function osaDistance(a: string, b: string, maxD?: number): number {
  const m = a.length;
  const n = b.length;
  // No distance exceeds m + n; an integer limit keeps the loops on small integers.
  if (maxD === undefined || maxD > m + n) maxD = m + n;
  if (Math.abs(m - n) > maxD) return maxD + 1;
  if (m === 0) return n;
  if (n === 0) return m;
  const pat = patternOf(a);
  // Titles typed as queries fit one or two words; those two get the state in local variables.
  if (pat.blocks === 1) return oneWord(pat, m, b, maxD);
  if (pat.blocks === 2) return twoWords(pat, m, b, maxD);
  return manyWords(pat, m, b, maxD);
}

// The whole recurrence for one column (Myers' with Hyyrö's transposition term), one 32-bit word of the pattern:
//   TR = ((~D0' & Eq) << 1) & Eq'   transposition: p[i] = t[j-1], p[i-1] = t[j], and (i-1, j-1) was not free
//   D0 = (((X & VP) + VP) ^ VP) | X | VN   with X = Eq | TR: a free diagonal step continues up through +1
//                                          vertical steps, and the addition carries a whole run at once
//   HP = VN | ~(D0 | VP), HN = VP & D0    horizontal +1 / -1
//   VP = (HN << 1) | ~(D0 | (HP << 1 | 1)), VN = (HP << 1 | 1) & D0   (row 0 steps +1 every column)
// (' marks the previous column.) The last row's value moves with HP / HN at bit m - 1.
function oneWord(pat: Pattern, m: number, b: string, maxD: number): number {
  const { masks, asciiSlots, otherSlots, zeroSlot } = pat;
  const n = b.length;
  const lastBit = 1 << (m - 1);
  let vp = -1;
  let vn = 0;
  let d0 = 0;
  let prevEq = 0;
  let score = m;
  for (let j = 0; j < n; j++) {
    const c = b.charCodeAt(j);
    const eq = masks[c < 128 ? asciiSlots[c]! : (otherSlots.get(c) ?? zeroSlot)]!;
    const x = eq | (((~d0 & eq) << 1) & prevEq);
    d0 = (((x & vp) + vp) ^ vp) | x | vn;
    const hp = vn | ~(d0 | vp);
    const hn = vp & d0;
    if (hp & lastBit) score++;
    else if (hn & lastBit) score--;
    const hps = (hp << 1) | 1;
    vp = (hn << 1) | ~(d0 | hps);
    vn = hps & d0;
    prevEq = eq;
    // Each remaining column lowers the last row by at most 1: past this the distance cannot come back to maxD.
    if (score - (n - j - 1) > maxD) return maxD + 1;
  }
  return score;
}

// The same recurrence over two words (33 to 64 characters): the low word's top bits carry into the high word.
function twoWords(pat: Pattern, m: number, b: string, maxD: number): number {
  const { masks, asciiSlots, otherSlots, zeroSlot } = pat;
  const n = b.length;
  const lastBit = 1 << ((m - 1) & 31);
  let vpLo = -1;
  let vpHi = -1;
  let vnLo = 0;
  let vnHi = 0;
  let d0Lo = 0;
  let d0Hi = 0;
  let prevLo = 0;
  let prevHi = 0;
  let score = m;
  for (let j = 0; j < n; j++) {
    const c = b.charCodeAt(j);
    const base = (c < 128 ? asciiSlots[c]! : (otherSlots.get(c) ?? zeroSlot)) * 2;
    const eqLo = masks[base]!;
    const eqHi = masks[base + 1]!;
    const tLo = ~d0Lo & eqLo;
    const xLo = eqLo | ((tLo << 1) & prevLo);
    const xHi = eqHi | ((((~d0Hi & eqHi) << 1) | (tLo >>> 31)) & prevHi);
    const aLo = xLo & vpLo;
    const sumLo = (aLo + vpLo) | 0;
    // The carry out of bit 31 (full-adder rule on the top bits), kept in 32-bit integers.
    const carry = ((aLo & vpLo) | ((aLo | vpLo) & ~sumLo)) >>> 31;
    d0Lo = (sumLo ^ vpLo) | xLo | vnLo;
    d0Hi = ((((xHi & vpHi) + vpHi + carry) | 0) ^ vpHi) | xHi | vnHi;
    const hpLo = vnLo | ~(d0Lo | vpLo);
    const hnLo = vpLo & d0Lo;
    const hpHi = vnHi | ~(d0Hi | vpHi);
    const hnHi = vpHi & d0Hi;
    if (hpHi & lastBit) score++;
    else if (hnHi & lastBit) score--;
    const hpsLo = (hpLo << 1) | 1;
    const hpsHi = (hpHi << 1) | (hpLo >>> 31);
    vpLo = (hnLo << 1) | ~(d0Lo | hpsLo);
    vnLo = hpsLo & d0Lo;
    vpHi = (hnHi << 1) | (hnLo >>> 31) | ~(d0Hi | hpsHi);
    vnHi = hpsHi & d0Hi;
    prevLo = eqLo;
    prevHi = eqHi;
    if (score - (n - j - 1) > maxD) return maxD + 1;
  }
  return score;
}

// The same recurrence over several words, lowest rows first, carrying the shifts and the addition upwards.
function manyWords(pat: Pattern, m: number, b: string, maxD: number): number {
  const { blocks, masks, asciiSlots, otherSlots, zeroSlot } = pat;
  const n = b.length;
  if (VP.length < blocks) {
    VP = new Int32Array(blocks);
    VN = new Int32Array(blocks);
    D0 = new Int32Array(blocks);
  }
  const vpAt = VP;
  const vnAt = VN;
  const d0At = D0;
  // Column 0 is 0, 1, 2, …, m: every vertical step +1.
  vpAt.fill(-1, 0, blocks);
  vnAt.fill(0, 0, blocks);
  d0At.fill(0, 0, blocks);
  const last = blocks - 1;
  const lastBit = 1 << ((m - 1) & 31);
  let score = m;
  let prevBase = zeroSlot * blocks;
  for (let j = 0; j < n; j++) {
    const c = b.charCodeAt(j);
    const base = (c < 128 ? asciiSlots[c]! : (otherSlots.get(c) ?? zeroSlot)) * blocks;
    let trCarry = 0;
    let addCarry = 0;
    let hpCarry = 1;
    let hnCarry = 0;
    for (let w = 0; w < blocks; w++) {
      const eq = masks[base + w]!;
      const vp = vpAt[w]!;
      const vn = vnAt[w]!;
      const t = ~d0At[w]! & eq;
      const x = eq | (((t << 1) | trCarry) & masks[prevBase + w]!);
      trCarry = t >>> 31;
      const xv = x & vp;
      const sum = (xv + vp + addCarry) | 0;
      // The carry out of bit 31 (full-adder rule on the top bits), kept in 32-bit integers.
      addCarry = ((xv & vp) | ((xv | vp) & ~sum)) >>> 31;
      const d0 = (sum ^ vp) | x | vn;
      const hp = vn | ~(d0 | vp);
      const hn = vp & d0;
      if (w === last) {
        if (hp & lastBit) score++;
        else if (hn & lastBit) score--;
      }
      const hps = (hp << 1) | hpCarry;
      const hns = (hn << 1) | hnCarry;
      hpCarry = hp >>> 31;
      hnCarry = hn >>> 31;
      vpAt[w] = hns | ~(d0 | hps);
      vnAt[w] = hps & d0;
      d0At[w] = d0;
    }
    prevBase = base;
    if (score - (n - j - 1) > maxD) return maxD + 1;
  }
  return score;
}
