/** Titles from an entry's own words when its links are only labelled 'pdf' / 'Paper': bold text, quoted text, the title cell. */
import type { Nodes, PhrasingContent } from 'mdast';
import { toText, squash } from './mdast-text.ts';
import { isGenericLabel } from './link-labels.ts';

/** A title found in an entry's text, with who wrote it when the entry says so. */
export interface FoundTitle {
  title: string;
  authors: string | null;
}

const QUOTED = /["“”]([^"“”]{3,}?)["“”]/;
// '[12]', '12.', '(3)': citation numbers a list puts before each entry.
const CITATION_MARK = /^\s*[[(]?\d{1,4}[\])]?[.:]?\s*/;

/**
 * 'Vaswani et al. "Attention Is All You Need" (2017).' -> the quoted title and its authors;
 * null when the text is not in that shape (a quote in the middle of a title is part of it).
 */
export function splitCitation(text: string): FoundTitle | null {
  const m = /^(.*?)["“]([^"“”]{3,}?)[.,]?["”]\s*(?:[.,;]?\s*(?:\(?\s*(?:1[89]\d\d|20\d\d)\s*\)?)?)?[.,;]?$/.exec(text.trim());
  if (!m) return null;
  const authors = cleanAuthors(m[1]!);
  return { title: cleanTitle(m[2]!), authors };
}

/**
 * The entry's title from its own text: its first bold phrase (not a citation number), else its first quoted phrase,
 * else (when `plain`) the text before its first link. Link text is never used.
 */
export function titleFromText(line: PhrasingContent[], links: ReadonlySet<Nodes>, plain: boolean): FoundTitle | null {
  const full = squash(toText({ type: 'paragraph', children: line }, links));
  for (const node of strongNodes(line)) {
    const text = cleanTitle(squash(toText(node, links)));
    if (!text || isGenericLabel(text)) continue;
    return { title: text, authors: authorsBefore(full, text) };
  }
  const quoted = QUOTED.exec(full);
  if (quoted) {
    const title = cleanTitle(quoted[1]!);
    return { title, authors: cleanAuthors(full.slice(0, quoted.index)) };
  }
  if (!plain) return null;
  // The text before the first link: '- Deep Residual Learning [pdf](…) [code](…)'.
  const before: PhrasingContent[] = [];
  for (const n of line) {
    if (n.type === 'link' || links.has(n)) break;
    before.push(n);
  }
  const text = cleanTitle(squash(toText({ type: 'paragraph', children: before })).replace(CITATION_MARK, ''));
  if (!text || isGenericLabel(text)) return null;
  // 'Title - blurb': the blurb is not part of the title.
  const [head] = text.split(/\s+[-–—|]\s+/);
  return { title: cleanTitle(head!), authors: null };
}

function strongNodes(nodes: PhrasingContent[]): Nodes[] {
  const out: Nodes[] = [];
  const visit = (n: Nodes) => {
    if (n.type === 'strong') out.push(n);
    else if (n.type !== 'link' && 'children' in n) for (const c of n.children as Nodes[]) visit(c);
  };
  nodes.forEach(visit);
  return out;
}

function authorsBefore(full: string, title: string): string | null {
  const at = full.indexOf(title);
  return at > 0 ? cleanAuthors(full.slice(0, at)) : null;
}

/** 'Author, Author. "' -> 'Author, Author'; a citation number or nothing at all -> null. */
function cleanAuthors(text: string): string | null {
  // 'Vaswani et al.' keeps its period; 'Author, Author.' does not.
  const t = text.replace(CITATION_MARK, '').replace(/[\s"“,:;\-–—|]+$/, '').replace(/(?<!\bal)\.+$/, '').trim();
  return t && /\p{L}/u.test(t) ? t : null;
}

/** Drops surrounding quotes, stars and a closing period from a title. */
export function cleanTitle(text: string): string {
  return text
    .replace(/^[\s"“”'*_]+/, '')
    .replace(/[\s"“”'*_]+$/, '')
    .replace(/[.,:;]+$/, '')
    .replace(/^[\s"“”]+|[\s"“”]+$/g, '')
    .trim();
}

/**
 * True for a line that names people, not a title or a blurb: 'Vaswani et al.', 'A. Doe, B. Roe and C. Poe',
 * 'Ashish Vaswani, Noam Shazeer, Niki Parmar'. Used for the line under a title ('*Authors*' in awesome-lists).
 */
export function looksLikeAuthors(text: string): boolean {
  const t = text.trim().replace(/[.;]+$/, '');
  if (!t || t.length > 400) return false;
  if (/\bet\s+al\b/i.test(t)) return true;
  const names = t.split(/\s*(?:,|;|\band\b|&)\s*/).filter(Boolean);
  // Every part a name: one to four capitalised words or initials ('J.', 'van', 'de' allowed inside).
  const name = /^(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.)(?:\s+(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.|van|von|de|der|den|da|di|del|la|le))*$/u;
  return names.length >= 2 && names.every((n) => name.test(n) && n.split(/\s+/).length <= 5);
}
