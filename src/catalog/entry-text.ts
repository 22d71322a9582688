/** Text rules for one entry: year, status markers, the "all you need" headline and its footnote, first sentences. */

const MAX_SUMMARY = 280;

/** A year in parentheses right after the link: '(2017)'. Returns it and the text without it. */
export function takeYear(text: string): { year: number | null; rest: string } {
  const m = /\((1[89]\d\d|20\d\d)\)/.exec(text);
  if (!m) return { year: null, rest: text };
  return { year: Number(m[1]), rest: text.slice(0, m.index) + text.slice(m.index + m[0].length) };
}

/** A status line such as '*TO READ*' or '*TO WRITE*': short, upper case, no sentence. */
export function statusMarker(text: string): 'to-read' | 'other' | null {
  const t = text.trim();
  if (/^TO[\s-]?READ[.!:]?$/i.test(t)) return 'to-read';
  if (t.length <= 24 && /^[A-Z][A-Z\s-]+[A-Z]$/.test(t) && t.split(/\s+/).length <= 3) return 'other';
  return null;
}

/** Removes a leading 'TO READ' marker; says whether there was one. */
export function takeToRead(text: string): { toRead: boolean; rest: string } {
  const m = /^\s*TO[\s-]?READ\b[:.!]?\s*/i.exec(text);
  return m ? { toRead: true, rest: text.slice(m[0].length) } : { toRead: false, rest: text };
}

/** Tidies what is left of a line once its links are taken out: empty '( , )', leading ':' or dashes. */
export function tidyRest(text: string): string {
  return text
    .replace(/\(\s*[,;]?\s*(?:[,;]\s*)*\)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:;,.\-–—|]+/, '')
    .replace(/[\s:;,\-–—|]+$/, '')
    .trim();
}

/** True for the Latent Space style one-liner: 'X is all you need', 'what you need'. */
export function isHeadline(text: string | null): boolean {
  return !!text && /\byou\s+need\b/i.test(text);
}

/**
 * Splits 'Query, Key, and Value are all you need* (*Also position embeddings, …)' into the headline
 * and the starred footnote, so posts can show the punchline alone.
 */
export function splitFootnote(text: string): { headline: string; footnote: string | null } {
  const start = text.search(/\(\s*\*/);
  if (start < 0) return { headline: cleanStars(text), footnote: null };
  // Find the parenthesis that closes this one; footnotes may hold their own parentheses.
  let depth = 0;
  let end = -1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) {
      end = i;
      break;
    }
  }
  const inner = text.slice(start + 1, end < 0 ? text.length : end);
  const footnote = inner.replace(/^\s*\*\s*/, '').trim() || null;
  const headline = cleanStars(text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1)));
  return { headline, footnote };
}

// The footnote markers ('need*', '*A projection') are not part of the sentence.
function cleanStars(text: string): string {
  return text.replace(/\*+/g, '').replace(/\s+([.,;!?])/g, '$1').replace(/\s+/g, ' ').trim();
}

const ABBREVIATIONS = /\b(?:e\.g|i\.e|et al|etc|vs|fig|eq|approx|incl|cf|no|mr|dr|st)\.$/i;

/** The first sentence of a blurb, capped to one line's worth. */
export function firstSentence(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  const re = /[.!?]+(?=\s+["'(\[]?[A-Z0-9])/g;
  let m: RegExpExecArray | null;
  let sentence = t;
  while ((m = re.exec(t))) {
    const candidate = t.slice(0, m.index + m[0].length);
    if (ABBREVIATIONS.test(candidate)) continue;
    sentence = candidate;
    break;
  }
  return cap(sentence);
}

/** Caps text at a word boundary with an ellipsis. */
export function cap(text: string, max = MAX_SUMMARY): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.\-–—]+$/, '') + '…';
}

/**
 * Blurbs written after links often start mid-sentence ('a survey paper of…'): a plain lower-case first word gets a
 * capital. A first word the list wrote as a name keeps the list's own case: 'vLLM; …', 'word2vec …', 'llama.cpp …'.
 */
function sentenceCase(sentence: string | null): string | null {
  if (!sentence || !/^[a-z]+(?:[,;:]?(?:\s|$))/.test(sentence)) return sentence;
  return sentence[0]!.toUpperCase() + sentence.slice(1);
}

/** The entry's one-line summary and footnote from the text beside its link, else from its blurb. */
export function summarize(rest: string, blurb: string[]): { summary: string | null; footnote: string | null } {
  const source = rest || blurb.find((l) => l.trim()) || '';
  if (!source) return { summary: null, footnote: null };
  if (isHeadline(source)) {
    const { headline, footnote } = splitFootnote(source);
    return { summary: headline ? cap(headline) : null, footnote: footnote ? cap(footnote) : null };
  }
  return { summary: sentenceCase(firstSentence(source)), footnote: null };
}
