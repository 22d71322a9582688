/**
 * Text measured as the platforms measure it, and cut where a reader sees a character end.
 *
 * Discord counts a message's or a field's length in Unicode code points (its API is Python 3: `len(str)`;
 * discord/discord-api-docs#1315), and Slack its text limits in characters the same way (slack-go/slack#405 counts
 * runes). JavaScript's `length` counts UTF-16 units, so an emoji (one code point, two units) would count twice and a
 * cut at a UTF-16 index can leave half of it. Cuts go back to a grapheme boundary (Intl.Segmenter), so a flag, a
 * skin tone or a family emoji is kept whole or dropped whole.
 */

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as Discord and Slack count them: Unicode code points (an emoji is 1, not 2). */
export function charCount(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}

/** The longest start of `text` of at most `max` characters (code points) that ends between two graphemes. */
export function cutToChars(text: string, max: number): string {
  if (max <= 0) return '';
  // UTF-16 units are never fewer than code points: short text needs no counting.
  if (text.length <= max) return text;
  let chars = 0;
  let end = 0;
  // `max` code points end within 2·max UTF-16 units: only that much is segmented (the segmenter prepares all of
  // what it is given, so the whole of a long text made every cut cost its full length).
  for (const { segment, index } of graphemes.segment(text.slice(0, 2 * max + 16))) {
    const n = charCount(segment);
    if (chars + n > max) break;
    chars += n;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** The last grapheme boundary at or before UTF-16 index `at` (for splitters that work in string indexes). */
export function boundaryBefore(text: string, at: number): number {
  if (at >= text.length) return text.length;
  if (at <= 0) return 0;
  // A segment that starts a little before `at` is enough to look at: graphemes are short.
  const from = Math.max(0, at - 64);
  let last = from;
  for (const { index } of graphemes.segment(text.slice(from, at + 64))) {
    if (from + index > at) break;
    last = from + index;
  }
  return last;
}
