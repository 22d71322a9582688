/**
 * The walk's drafts -> the list's entries, by evidence: in-page links resolved once every heading is known, navigation
 * (a table of contents: links into the page, titles that are this page's own section names, search links) dropped,
 * repeats of one work within the list kept once, and each entry's identifiers gathered from all its links.
 */
import type { ListEntry, Link } from './types.ts';
import { identifiersOfUrl, parseUrl, type PaperIdentifier } from '../canonical-ids.ts';
import { summarize } from './entry-text.ts';
import splitNickname from './nickname.ts';
import detectKind from './resource-kind.ts';
import { type Walk, type Draft, EntryIndex } from './list-walk.ts';
import { normalizeTitle, namesPaper } from '../canonical-ids.ts';

export function finishEntries(walk: Walk): ListEntry[] {
  const listed = new Set(walk.drafts.filter((d) => !d.mention).map((d) => d.section));
  const drafts = walk.drafts.filter((d) => {
    if (!resolveAnchor(d, walk) || isNavigation(d, walk)) return false;
    // A page mentioned in the list's introduction (before its first section, which lists nothing: 'see also [our
    // other repo](…)'): not a reading, and said so in the report; a mentioned paper (an arXiv link) is kept.
    if (d.mention && d.section === null && !listed.has(null) && !namesPaper(d.url)) {
      walk.unplaced.push({ url: d.url, section: d.section, line: d.line });
      return false;
    }
    return true;
  });
  const listHasMarks = drafts.some((d) => d.read || d.toRead);
  const kept = new EntryIndex<{ url: string; title: string; extraLinks: Link[] }>();
  const entries: ListEntry[] = [];
  for (const d of drafts) {
    // The same work linked twice in one list ('the [Transformer paper](…) itself') is one entry.
    if (kept.find(d)) continue;
    kept.add(d);
    const split = splitNickname(d.title);
    const { summary, footnote } = summarize(d.rest, d.blurb);
    const extraLinks = dedupeLinks(d.extraLinks.filter((l) => l.url !== d.url));
    entries.push({
      position: entries.length + 1,
      section: d.section,
      title: split.title,
      url: d.url,
      summary,
      footnote,
      extraLinks,
      readMark: d.read ? true : listHasMarks ? false : null,
      year: d.year,
      authors: d.authors,
      kind: detectKind(d.url, split.title, d.section),
      nickname: split.nickname ?? d.nickname,
      identifiers: identifiersOf(d.url, extraLinks),
    });
  }
  return entries;
}

/**
 * An entry's identifiers: every identifier of its own link, and the paper identifiers of its other links (an ACL
 * Anthology link with an arXiv link beside it is one work known by both). A code or video link names no paper.
 */
export function identifiersOf(url: string, extraLinks: readonly Link[]): PaperIdentifier[] {
  const out: PaperIdentifier[] = [];
  const seen = new Set<string>();
  const add = (i: PaperIdentifier) => {
    const k = `${i.kind}:${i.value}`;
    if (!seen.has(k)) seen.add(k) && out.push(i);
  };
  identifiersOfUrl(url).forEach(add);
  for (const l of extraLinks) for (const i of identifiersOfUrl(l.url)) if (i.kind !== 'url') add(i);
  return out;
}

/**
 * Where an in-page link leads, now that every heading and HTML anchor is known: the link of the heading it names. A
 * task item stays as a paper to read (without a link) when its heading has none; a plain '- [Section](#section)' is
 * a table of contents, and goes.
 */
function resolveAnchor(d: Draft, walk: Walk): boolean {
  if (!d.anchor) return true;
  const target = walk.anchors.get(decodeAnchor(d.anchor.slice(1)));
  if (target) {
    d.url = target;
    d.anchor = null;
    return true;
  }
  return d.task;
}

function decodeAnchor(a: string): string {
  try {
    return decodeURIComponent(a).toLowerCase();
  } catch {
    return a.toLowerCase();
  }
}

/** A link titled by one of this page's own section names, going nowhere or to a search: the page's navigation. */
function isNavigation(d: Draft, walk: Walk): boolean {
  if (d.task) return false;
  if (!walk.sectionNames.has(normalizeTitle(d.title))) return false;
  return !d.url || isSearchLink(d.url);
}

/** A search results page ('scholar.google.com/scholar?q=…', 'google.com/search?q=…'): it finds papers, it is not one. */
export function isSearchLink(url: string): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  return (/(^|\.)google\.[a-z.]+$/.test(host) && /^\/(?:search|scholar)$/.test(u.pathname) && u.searchParams.has('q')) || (host === 'semanticscholar.org' && u.pathname === '/search');
}

function dedupeLinks(links: Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && !!seen.add(l.url));
}
