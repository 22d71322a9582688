import type { Root, RootContent, PhrasingContent, Link as MdLink, Nodes, ListItem, Definition, Table } from 'mdast';
import type { ListEntry, Link, ParsedList } from './types.ts';
import { toText, squash, splitLines, linksIn } from './mdast-text.ts';
import { parseFragment } from './parse-markdown.ts';
import { isWebUrl, normalizeUrl, normalizeTitle } from './canonical-ids.ts';
import { takeYear, takeToRead, tidyRest, statusMarker, summarize } from './entry-text.ts';
import splitNickname from './nickname.ts';
import detectKind from './resource-kind.ts';
import { isGenericLabel, isNavigationLink, paperLabelRank } from './link-labels.ts';
import { splitCitation, titleFromText } from './entry-title.ts';

/** An entry while the walk is still collecting its blurb. */
interface Draft {
  title: string;
  url: string;
  section: string | null;
  rest: string;
  blurb: string[];
  extraLinks: Link[];
  read: boolean;
  toRead: boolean;
  year: number | null;
  authors: string | null;
}

interface Walk {
  /** Markdown source, to tell indented code (a list indented too far) from fenced code. */
  source: string;
  drafts: Draft[];
  section: string | null;
  sectionDepth: number;
  /** The entry that following prose belongs to (its blurb), until a heading, rule or label ends it. */
  current: Draft | null;
  /** Prose before the first structure is the list's own header: its links are not entries. */
  inHeader: boolean;
  definitions: Map<string, Definition>;
  /** In-page anchors ('#attention-is-all-you-need') -> the web link of the heading they name, or null for a plain heading. */
  anchors: Map<string, string | null>;
  /** The drafts so far by identity, to continue an entry the list names twice. */
  index: EntryIndex<Draft>;
  depth: number;
}

// Marks a line may start with: bullets typed by hand, '1)', check marks ('✔️' read, '[x]' task lists).
const LEAD_MARKS = /^(?:[\s\-*+•–—]+|\d{1,3}[.)]|\[[ xX]\]|✔️|✔|✅|☑️|☑|✓|✓️)/u;
const READ_MARKS = /^(?:✔️|✔|✅|☑️|☑|✓|✓️|\[[xX]\])$/u;

/** The interpret step: walks the mdast of a reading list and returns its entries in order. */
export default function interpretList(tree: Root, opts: { source: string; title?: string | null; fallbackTitle?: string }): ParsedList {
  const walk: Walk = {
    source: opts.source,
    drafts: [],
    section: null,
    sectionDepth: 0,
    current: null,
    inHeader: true,
    definitions: collectDefinitions(tree),
    anchors: new Map(),
    index: new EntryIndex<Draft>(),
    depth: 0,
  };
  let title = opts.title?.trim() || null;
  const blocks = tree.children.filter((n) => n.type !== 'yaml');
  walk.anchors = collectAnchors(blocks, walk);
  // The first heading names the list (when front matter did not) and is not a section.
  const first = blocks[0];
  // Badges ('[![Awesome](…)](…)') in the title heading are links without words: the heading still names the list.
  if (first?.type === 'heading' && first.depth <= 2 && linksIn(first.children).every((l) => !squash(toText(l)))) {
    title ??= squash(toText(first));
    blocks.shift();
  }
  visitBlocks(blocks, walk);
  const entries = finish(walk.drafts);
  return { title: title || opts.fallbackTitle || 'Untitled list', entries };
}

function visitBlocks(blocks: RootContent[], walk: Walk): void {
  for (const node of blocks) visitBlock(node, walk);
}

function visitBlock(node: RootContent, walk: Walk): void {
  switch (node.type) {
    case 'heading': {
      walk.inHeader = false;
      walk.current = null;
      const links = webLinks(node.children, walk);
      if (links.length === 0) {
        walk.section = squash(toText(node)) || walk.section;
        walk.sectionDepth = node.depth;
        return;
      }
      // A heading that is a link is an entry ('## [Are Emergent Abilities…](…)'), not a section.
      if (node.depth <= walk.sectionDepth) walk.section = null;
      visitLine(node.children, walk, {});
      return;
    }
    case 'thematicBreak':
      walk.inHeader = false;
      walk.current = null;
      return;
    case 'paragraph':
      for (const line of splitLines(node.children)) visitLine(line, walk, {});
      return;
    case 'list':
      walk.inHeader = false;
      for (const item of node.children) visitItem(item, !!node.ordered, walk);
      return;
    case 'blockquote':
      walk.inHeader = false;
      visitBlocks(node.children, walk);
      return;
    case 'code':
      walk.inHeader = false;
      if (isIndentedCode(node, walk) && walk.depth < 4) {
        // CommonMark reads items indented 4+ spaces as code; they are still entries.
        walk.depth++;
        visitBlocks(parseFragment(node.value).children, walk);
        walk.depth--;
      }
      return;
    case 'table':
      walk.inHeader = false;
      visitTable(node, walk);
      walk.current = null;
      return;
    default:
      return;
  }
}

function visitItem(item: ListItem, ordered: boolean, walk: Walk): void {
  const [head, ...tail] = item.children;
  const marks = { read: item.checked === true, toRead: item.checked === false, task: typeof item.checked === 'boolean' };
  if (head?.type === 'paragraph') {
    const lines = splitLines(head.children);
    lines.forEach((line, i) => visitLine(line, walk, i === 0 ? { marks, soleOfOrderedItem: ordered && lines.length === 1 && tail.length === 0 } : {}));
  } else if (head) {
    visitBlock(head, walk);
  }
  visitBlocks(tail, walk);
}

interface LineOpts {
  /** Set on the first line of a list item: its task-list box, if any. */
  marks?: { read: boolean; toRead: boolean; task: boolean };
  /** '1) Alignment': an ordered item that is only a short label names a group of entries. */
  soleOfOrderedItem?: boolean;
}

/** One line of inline content: an entry when it leads with a link, else blurb, label or mentions. */
function visitLine(line: PhrasingContent[], walk: Walk, opts: LineOpts): void {
  if (isChromeSection(walk.section)) return;
  if (visitCutLink(line, walk, opts)) return;
  const lead = findLead(line, walk);
  const allLinks = linksIn(resolveRefs(line, walk));
  const links = allLinks.filter((l) => isWebUrl(l.url) && !isSelfOrAnchor(l) && !isNavigationLink(toText(l), l.url));
  const chrome = allLinks.filter((l) => !links.includes(l));
  if (lead.link && !isGenericLabel(toText(lead.link)) && !isNavigationLink(toText(lead.link), lead.link.url)) {
    const url = resolveTarget(lead.link, walk, !!opts.marks?.task);
    if (url === null) return; // a table-of-contents line: it names a section of this page
    walk.inHeader = false;
    const extras = links.filter((l) => l !== lead.link);
    const skip = new Set<Nodes>([lead.link, ...allLinks]);
    const { year, rest: noYear } = takeYear(squash(stripLead(toText(wrap(line), skip))));
    const { toRead, rest: tail } = takeToRead(noYear);
    const label = squash(toText(lead.link));
    const cited = splitCitation(label);
    const linkYear = cited ? takeYear(label).year : null;
    // '[World Models](…) by David Ha and Jürgen Schmidhuber.': who wrote it, not what it says.
    const byline = /^\s*by\s+([^.!?]{3,120}?)\.?\s*$/i.exec(tidyRest(tail));
    const rest = byline ? '' : tail;
    addDraft(walk, {
      title: cited?.title ?? (label || url),
      url,
      section: walk.section,
      rest: tidyRest(rest),
      blurb: [],
      extraLinks: extras.map(asLink),
      read: lead.read || !!opts.marks?.read,
      toRead: toRead || !!opts.marks?.toRead,
      year: year ?? linkYear,
      authors: cited?.authors ?? byline?.[1]?.trim() ?? null,
    });
    return;
  }
  // Only generic labels ('[pdf]', 'Paper', 'Code'): the entry's own bold, quoted or leading text is its title.
  if (links.length > 0 && links.every((l) => isGenericLabel(toText(l)))) {
    const found = titleFromText(line, new Set<Nodes>(allLinks), !!opts.marks);
    if (found) {
      walk.inHeader = false;
      addDraft(walk, draftFromText(line, found, links, allLinks, walk, opts));
      return;
    }
  }
  const text = squash(stripLead(toText(wrap(line), new Set<Nodes>(chrome))));
  // Lines of navigation ('See [the top](#reading-queue).', 'Follow us on [Twitter](…)') are nobody's blurb.
  if (links.length === 0 && chrome.length > 0) return;
  if (links.length === 0) {
    if (isLabel(line, text, opts)) {
      walk.section = text.replace(/^\d{1,3}[.)]\s*/, '');
      walk.current = null;
      return;
    }
    if (walk.current && text) addBlurb(walk.current, text);
    return;
  }
  if (walk.current) {
    // Links inside an entry's blurb are its repo / slides / chat links, not papers.
    walk.current.extraLinks.push(...links.map(asLink));
    addBlurb(walk.current, text);
    return;
  }
  if (walk.inHeader) return;
  // Links mentioned in running prose ('introduced in [Attention Is All You Need](…) in 2017').
  for (const link of links) {
    const title = squash(toText(link));
    if (!title || title === link.url || isGenericLabel(title)) continue;
    walk.drafts.push({ title, url: link.url.trim(), section: walk.section, rest: '', blurb: [], extraLinks: [], read: false, toRead: false, year: null, authors: null });
  }
}

/** An entry whose title is in its text: the best generic link is its link, the others extra links, the rest its blurb. */
function draftFromText(line: PhrasingContent[], found: { title: string; authors: string | null }, links: MdLink[], allLinks: MdLink[], walk: Walk, opts: LineOpts): Draft {
  const main = [...links].sort((a, b) => paperLabelRank(toText(a)) - paperLabelRank(toText(b)))[0] ?? null;
  const full = squash(stripLead(toText(wrap(line), new Set<Nodes>(allLinks))));
  const { year, rest: noYear } = takeYear(full);
  // The comment after the last link ('**(a classic)** :star:'), else what follows the title ('**Title** - blurb').
  const last = allLinks[allLinks.length - 1];
  const afterLast = last ? squash(toText(wrap(line.slice(line.indexOf(last as PhrasingContent) + 1)))) : '';
  const at = noYear.indexOf(found.title);
  const afterTitle = at >= 0 ? noYear.slice(at + found.title.length) : '';
  // Only a blurb set off by a dash or colon ('**Title** - blurb'); a citation's venue is not one.
  const comment = cleanComment(afterLast) || (/^\s*[-–—:]\s/.test(afterTitle) ? cleanComment(afterTitle) : '');
  const { toRead, rest } = takeToRead(comment);
  return {
    title: found.title,
    url: main ? main.url.trim() : '',
    section: walk.section,
    rest: tidyRest(rest),
    blurb: [],
    extraLinks: links.filter((l) => l !== main).map(asLink),
    read: !!opts.marks?.read || findLead(line, walk).read,
    toRead: toRead || !!opts.marks?.toRead,
    year,
    authors: found.authors,
  };
}

// ':star::star:' ratings and the brackets around a comment are not words of it.
function cleanComment(text: string): string {
  return tidyRest(
    text
      .replace(/:[a-z_+-]+:/g, ' ')
      .replace(/[⭐🌟★☆]+/gu, ' ')
      .replace(/^\W*\(([^()]*)\)\W*$/, '$1')
      .replace(/^[\s"“”.,]+/, ''),
  );
}

/**
 * Where an entry's link really points: its URL, or for an in-page anchor the link of the heading it names.
 * '' for a title-only entry ('[Title]()', or a task item whose heading has no link); null for navigation.
 */
function resolveTarget(link: MdLink, walk: Walk, task: boolean): string | null {
  const url = link.url.trim();
  if (!url) return '';
  if (!url.startsWith('#')) return url;
  const target = walk.anchors.get(decodeAnchor(url.slice(1)));
  if (target) return target;
  // A plain '- [Section](#section)' is a table of contents; a task item is a paper to read, link or not.
  return task ? '' : null;
}

function decodeAnchor(a: string): string {
  try {
    return decodeURIComponent(a).toLowerCase();
  } catch {
    return a.toLowerCase();
  }
}

/** Adds an entry, or when the list already has it (a task item and its '### [Title](url)' further down), continues that one. */
function addDraft(walk: Walk, draft: Draft): void {
  const same = walk.index.find(draft);
  if (same) {
    if (!same.url && draft.url) {
      same.url = draft.url;
      walk.index.add(same);
    }
    same.extraLinks.push(...draft.extraLinks);
    if (draft.rest) same.blurb.push(draft.rest);
    same.year ??= draft.year;
    same.authors ??= draft.authors;
    walk.current = same;
    return;
  }
  walk.drafts.push(draft);
  walk.index.add(draft);
  walk.current = draft;
}

/**
 * Which entries of a list are one paper: the same arXiv id or URL; a title joins two only when one has no link, so
 * different arXiv ids or pages never merge. Indexed, so a 10,000-entry list is not compared pair by pair.
 */
class EntryIndex<T extends { url: string; title: string }> {
  private readonly byUrl = new Map<string, T>();
  private readonly byTitle = new Map<string, T>();
  private readonly linklessByTitle = new Map<string, T>();

  find(e: { url: string; title: string }): T | undefined {
    const url = urlKey(e.url);
    const title = titleKey(e.title);
    if (url) return this.byUrl.get(url) ?? (title ? this.linklessByTitle.get(title) : undefined);
    return title ? this.byTitle.get(title) : undefined;
  }

  add(e: T): void {
    const url = urlKey(e.url);
    const title = titleKey(e.title);
    if (url && !this.byUrl.has(url)) this.byUrl.set(url, e);
    if (title && !this.byTitle.has(title)) this.byTitle.set(title, e);
    if (title && !url && !this.linklessByTitle.has(title)) this.linklessByTitle.set(title, e);
  }
}

// An arXiv link's key is its id ('arxiv:1706.03762'), whatever host or version the list used.
function urlKey(url: string): string | null {
  return url ? normalizeUrl(url) : null;
}

function titleKey(title: string): string | null {
  return normalizeTitle(splitNickname(title).title) || null;
}

// ---------------------------------------------------------------- tables

const SCHEDULE_HEADER = /^(?:week|wk|date|day|session|lecture|class|meeting|when|#|no|n)$/i;
const TITLE_HEADER = /\b(?:paper|papers|title|reading|readings|topic|article|resource|name|what)\b/i;
const BLURB_HEADER = /\b(?:description|summary|notes?|why|tl;?dr|comments?|abstract|blurb|takeaway)\b/i;
const NO_SESSION = /\b(?:no (?:session|class|meeting|lecture|reading)|dead week|cancel+ed|holiday|break|tbd|tba|reading week|exam|midterm)\b/i;

/**
 * A table: each row is an entry when it has a paper link or a title cell. Rows of a schedule (a week or date column)
 * without any link are off weeks, not entries.
 */
function visitTable(table: Table, walk: Walk): void {
  if (isChromeSection(walk.section)) return;
  const [head, ...rows] = table.children;
  const headers = (head?.children ?? []).map((c) => squash(toText(c)).replace(/[^\p{L}\p{N}#;\s]+/gu, '').trim());
  const schedule = headers.some((h) => SCHEDULE_HEADER.test(h));
  const titleCol = headers.findIndex((h) => TITLE_HEADER.test(h) && !BLURB_HEADER.test(h));
  const blurbCol = headers.findIndex((h) => BLURB_HEADER.test(h));
  for (const row of rows) {
    const cells = row.children.map((c) => resolveRefs(c.children, walk));
    const cellText = cells.map((c) => squash(toText(wrap(c))));
    const all = cells.flatMap((c) => linksIn(c));
    const links = all.filter((l) => isWebUrl(l.url) && !isNavigationLink(toText(l), l.url));
    const anchors = all.filter((l) => isSelfOrAnchor(l) || !l.url.trim());
    const rowText = cellText.join(' ');
    if (links.length === 0 && anchors.length === 0 && (schedule || NO_SESSION.test(rowText))) continue;
    const read = cellText.some((t) => READ_MARKS.test(t.trim()));
    const { year } = takeYear(rowText);
    const blurbText = blurbCol >= 0 ? (cellText[blurbCol] ?? '') : '';
    const lead = [...links, ...anchors].find((l) => !isGenericLabel(toText(l)));
    if (lead) {
      const url = resolveTarget(lead, walk, true);
      if (url === null) continue;
      const label = squash(toText(lead));
      const cited = splitCitation(label);
      const leadCell = cells.findIndex((c) => linksIn(c).includes(lead));
      const beside = squash(toText(wrap(cells[leadCell] ?? []), new Set<Nodes>(all)));
      addDraft(walk, {
        title: cited?.title ?? (label || url),
        url,
        section: walk.section,
        rest: tidyRest(takeYear(blurbText || beside).rest),
        blurb: [],
        extraLinks: links.filter((l) => l !== lead).map(asLink),
        read,
        toRead: false,
        year: year ?? (cited ? takeYear(label).year : null),
        authors: cited?.authors ?? null,
      });
      continue;
    }
    // No named link: the title is the title cell's bold or quoted text, else its text up to ' - '.
    const col = titleCol >= 0 ? titleCol : cellText.findIndex((t, i) => !!t && !SCHEDULE_HEADER.test(headers[i] ?? '') && !isDateOrNumber(t));
    const cell = cells[col] ?? [];
    const main = [...links].sort((a, b) => paperLabelRank(toText(a)) - paperLabelRank(toText(b)))[0] ?? null;
    // A row with a paper link but no words of its own is still that paper, named by its address like a bare link.
    const found = titleFromText(cell, new Set<Nodes>(all), true) ?? (main ? { title: main.url.trim(), authors: null } : null);
    if (!found || NO_SESSION.test(found.title)) continue;
    const text = squash(toText(wrap(cell), new Set<Nodes>(all)));
    const at = text.indexOf(found.title);
    const after = at >= 0 ? text.slice(at + found.title.length) : '';
    addDraft(walk, {
      title: found.title,
      url: main ? main.url.trim() : '',
      section: walk.section,
      rest: tidyRest(takeYear(blurbText || after).rest),
      blurb: [],
      extraLinks: links.filter((l) => l !== main).map(asLink),
      read,
      toRead: false,
      year,
      authors: found.authors,
    });
  }
}

/**
 * A line (a list item, a quoted entry) that opens with a link whose closing parenthesis never comes ('- [BERT](https://arxiv.org/abs/1810.04'):
 * a copy cut short or an edit broken half-way. It is an entry of its own, not the previous entry's blurb; its address
 * is cut, so it is kept by its title alone (the list can be fixed and imported again).
 */
function visitCutLink(line: PhrasingContent[], walk: Walk, opts: LineOpts): boolean {
  const raw = toText(wrap(line)).trim();
  // What follows the cut address on the same line (the next line glued on) is the entry's text.
  const cut = /^(?:[-*+]\s+)?\[([^\]\n]{2,300})\]\(\s*(?:https?:\/\/|www\.)[^\s)]*(?:\s+([^)]*))?$/i.exec(raw);
  if (!cut) return false;
  const title = squash(cut[1]!);
  if (!title || isGenericLabel(title)) return false;
  walk.inHeader = false;
  addDraft(walk, {
    title,
    url: '',
    section: walk.section,
    rest: tidyRest(cut[2] ?? ''),
    blurb: [],
    extraLinks: [],
    read: !!opts.marks?.read,
    toRead: !!opts.marks?.toRead,
    year: null,
    authors: null,
  });
  return true;
}

// Sections that are the page's own chrome: a table of contents, how to contribute, the licence.
const CHROME_SECTION = /^(?:table of )?contents$|^(?:toc|contributing|contributors|contribute|how to contribute|licen[cs]e|code of conduct|acknowledg(?:e)?ments|sponsors?|support(?: us)?|contact|about(?: us| me)?|star history)$/i;

function isChromeSection(section: string | null): boolean {
  return !!section && CHROME_SECTION.test(section.replace(/[^\p{L}\p{N}\s]+/gu, '').trim());
}

function isDateOrNumber(text: string): boolean {
  return /^[\d\s/.:-]+$/.test(text) || /^(?:week|wk)?\s*\d+$/i.test(text) || /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}/i.test(text) || /^\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(text);
}

function addBlurb(draft: Draft, text: string): void {
  const marker = statusMarker(text);
  if (marker === 'to-read') draft.toRead = true;
  if (marker) return;
  const { toRead, rest } = takeToRead(text);
  if (toRead) draft.toRead = true;
  if (rest) draft.blurb.push(rest);
}

// Short, link-free text after a number ('3)Interpretability') or alone in an ordered item ('1) Alignment').
function isLabel(line: PhrasingContent[], text: string, opts: LineOpts): boolean {
  if (!text || text.length > 48 || /[.:!?]$/.test(text) || text.split(' ').length > 5) return false;
  const raw = toText(wrap(line));
  return !!opts.soleOfOrderedItem || /^\s*\d{1,3}\)/.test(raw);
}

/** Finds a link that starts the line once bullets, numbers, check marks and bold are looked past. */
function findLead(line: PhrasingContent[], walk: Walk): { link: MdLink | null; read: boolean } {
  let read = false;
  const search = (nodes: PhrasingContent[]): MdLink | null | undefined => {
    for (const node of nodes) {
      if (node.type === 'text') {
        let t = node.value;
        for (let m = LEAD_MARKS.exec(t); m && m[0]; m = LEAD_MARKS.exec(t)) {
          if (READ_MARKS.test(m[0].trim())) read = true;
          t = t.slice(m[0].length);
        }
        if (t.trim()) return null;
        continue;
      }
      if (node.type === 'link') return isWebUrl(node.url) || isSelfOrAnchor(node) || !node.url.trim() ? node : null;
      if (node.type === 'strong' || node.type === 'emphasis') {
        const found = search(node.children);
        if (found !== undefined) return found;
        continue;
      }
      if (node.type === 'html') continue;
      return null;
    }
    return undefined;
  };
  const link = search(resolveRefs(line, walk)) ?? null;
  return { link, read };
}

function stripLead(text: string): string {
  let t = text;
  for (let m = LEAD_MARKS.exec(t); m && m[0]; m = LEAD_MARKS.exec(t)) t = t.slice(m[0].length);
  return t;
}

function webLinks(nodes: PhrasingContent[], walk: Walk): MdLink[] {
  return linksIn(resolveRefs(nodes, walk)).filter((l) => isWebUrl(l.url) && !isSelfOrAnchor(l));
}

// Page anchors point inside the list itself.
function isSelfOrAnchor(link: MdLink): boolean {
  return link.url.trim().startsWith('#');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes; repeats get '-1', '-2'. */
function collectAnchors(blocks: RootContent[], walk: Walk): Map<string, string | null> {
  const anchors = new Map<string, string | null>();
  const counts = new Map<string, number>();
  for (const node of blocks) {
    if (node.type !== 'heading') continue;
    const base = squash(toText(node)).toLowerCase().replace(/[^\p{L}\p{N}\s_-]+/gu, '').replace(/\s/g, '-');
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    const link = webLinks(node.children, walk)[0];
    anchors.set(n ? `${base}-${n}` : base, link ? link.url.trim() : null);
  }
  return anchors;
}

/** Replaces `[text][ref]` link references by the links their definitions give, in place. */
function resolveRefs(nodes: PhrasingContent[], walk: Walk): PhrasingContent[] {
  if (walk.definitions.size === 0) return nodes;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.type === 'linkReference') {
      const def = walk.definitions.get(n.identifier.toLowerCase());
      if (def) nodes[i] = { type: 'link', url: def.url, title: def.title ?? null, children: n.children };
    } else if ('children' in n && n.type !== 'link') {
      resolveRefs(n.children as PhrasingContent[], walk);
    }
  }
  return nodes;
}

function collectDefinitions(tree: Root): Map<string, Definition> {
  const defs = new Map<string, Definition>();
  const visit = (n: Nodes) => {
    if (n.type === 'definition') defs.set(n.identifier.toLowerCase(), n);
    else if ('children' in n) for (const c of n.children as Nodes[]) visit(c);
  };
  visit(tree);
  return defs;
}

function isIndentedCode(node: { position?: { start: { offset?: number } } }, walk: Walk): boolean {
  const offset = node.position?.start.offset;
  if (offset === undefined) return false;
  const ch = walk.source[offset];
  return ch !== '`' && ch !== '~';
}

function wrap(line: PhrasingContent[]): Nodes {
  return { type: 'paragraph', children: line };
}

function asLink(l: MdLink): Link {
  return { text: squash(toText(l)) || l.url, url: l.url.trim() };
}

/** Drafts -> entries: summaries, nicknames, kinds, read marks; repeats of a paper within the list dropped. */
function finish(drafts: Draft[]): ListEntry[] {
  const listHasMarks = drafts.some((d) => d.read || d.toRead);
  const kept = new EntryIndex<{ url: string; title: string }>();
  const entries: ListEntry[] = [];
  for (const d of drafts) {
    const { title, nickname } = splitNickname(d.title);
    // The same paper linked twice in one list ('the [Transformer paper](…) itself') is one entry.
    if (kept.find(d)) continue;
    kept.add(d);
    const { summary, footnote } = summarize(d.rest, d.blurb);
    entries.push({
      position: entries.length + 1,
      section: d.section,
      title,
      url: d.url,
      summary,
      footnote,
      extraLinks: dedupeLinks(d.extraLinks.filter((l) => l.url !== d.url)),
      readMark: d.read ? true : listHasMarks ? false : null,
      year: d.year,
      authors: d.authors,
      kind: detectKind(d.url, title, d.section),
      nickname,
    });
  }
  return entries;
}

function dedupeLinks(links: Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && !!seen.add(l.url));
}
