/** Repairs text that was UTF-8 but got decoded as Mac Roman ('‚úîÔ∏è' -> '✔️', 'üöß' -> '🚧'). */

// Mac Roman char -> byte, for the upper half (the lower half is ASCII).
const MAC_ROMAN_BYTE: Map<string, number> = (() => {
  const bytes = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  const chars = [...new TextDecoder('macintosh').decode(bytes)];
  return new Map(chars.map((c, i) => [c, 0x80 + i]));
})();

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Length of the UTF-8 sequence a lead byte starts, or 0 when it cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

export default function repairMojibake(text: string): string {
  // Fast path: every mojibake sequence starts with a Mac Roman char for a lead byte; most text has none.
  if (!/[\u0080-\uffff]/.test(text)) return text;
  const chars = [...text];
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const lead = MAC_ROMAN_BYTE.get(chars[i]!);
    const n = lead === undefined ? 0 : sequenceLength(lead);
    if (n > 0 && i + n <= chars.length) {
      const bytes = [lead!];
      for (let k = 1; k < n; k++) {
        const b = MAC_ROMAN_BYTE.get(chars[i + k]!);
        if (b === undefined || b < 0x80 || b > 0xbf) break;
        bytes.push(b);
      }
      if (bytes.length === n) {
        try {
          out += utf8.decode(Uint8Array.from(bytes));
          i += n;
          continue;
        } catch {
          // Not a valid sequence: the chars were meant as they are.
        }
      }
    }
    out += chars[i];
    i++;
  }
  return out;
}
