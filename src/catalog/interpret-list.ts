import type { Root, RootContent, PhrasingContent, Link as MdLink, Nodes, ListItem, Definition } from 'mdast';
import type { ListEntry, Link, ParsedList } from './types.ts';
import { toText, squash, splitLines, linksIn } from './mdast-text.ts';
import { parseFragment } from './parse-markdown.ts';
import { isWebUrl, arxivIdFromUrl, normalizeUrl, normalizeTitle } from './canonical-ids.ts';
import { takeYear, takeToRead, tidyRest, statusMarker, summarize } from './entry-text.ts';
import splitNickname from './nickname.ts';
import detectKind from './resource-kind.ts';

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
    depth: 0,
  };
  let title = opts.title?.trim() || null;
  const blocks = tree.children.filter((n) => n.type !== 'yaml');
  // The first heading names the list (when front matter did not) and is not a section.
  const first = blocks[0];
  if (first?.type === 'heading' && first.depth <= 2 && linksIn(first.children).length === 0) {
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
      for (const row of node.children.slice(1)) visitLine(row.children.flatMap((c) => [...c.children, { type: 'text', value: ' ' } as PhrasingContent]), walk, {});
      return;
    default:
      return;
  }
}

function visitItem(item: ListItem, ordered: boolean, walk: Walk): void {
  const [head, ...tail] = item.children;
  const marks = { read: item.checked === true, toRead: item.checked === false };
  if (head?.type === 'paragraph') {
    const lines = splitLines(head.children);
    lines.forEach((line, i) => visitLine(line, walk, i === 0 ? { marks, soleOfOrderedItem: ordered && lines.length === 1 && tail.length === 0 } : {}));
  } else if (head) {
    visitBlock(head, walk);
  }
  visitBlocks(tail, walk);
}

interface LineOpts {
  marks?: { read: boolean; toRead: boolean };
  /** '1) Alignment': an ordered item that is only a short label names a group of entries. */
  soleOfOrderedItem?: boolean;
}

/** One line of inline content: an entry when it leads with a link, else blurb, label or mentions. */
function visitLine(line: PhrasingContent[], walk: Walk, opts: LineOpts): void {
  const lead = findLead(line, walk);
  const links = webLinks(line, walk);
  if (lead.link) {
    walk.inHeader = false;
    const extras = links.filter((l) => l !== lead.link);
    const skip = new Set<Nodes>([lead.link, ...extras]);
    const { year, rest: noYear } = takeYear(squash(stripLead(toText(wrap(line), skip))));
    const { toRead, rest } = takeToRead(noYear);
    const draft: Draft = {
      title: squash(toText(lead.link)) || lead.link.url,
      url: lead.link.url.trim(),
      section: walk.section,
      rest: tidyRest(rest),
      blurb: [],
      extraLinks: extras.map(asLink),
      read: lead.read || !!opts.marks?.read,
      toRead: toRead || !!opts.marks?.toRead,
      year,
    };
    walk.drafts.push(draft);
    walk.current = draft;
    return;
  }
  const text = squash(stripLead(toText(wrap(line))));
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
    if (!title || title === link.url) continue;
    walk.drafts.push({ title, url: link.url.trim(), section: walk.section, rest: '', blurb: [], extraLinks: [], read: false, toRead: false, year: null });
  }
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
      if (node.type === 'link') return isWebUrl(node.url) && !isSelfOrAnchor(node) ? node : null;
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
  const seen = new Set<string>();
  const entries: ListEntry[] = [];
  for (const d of drafts) {
    const { title, nickname } = splitNickname(d.title);
    const ids = [arxivIdFromUrl(d.url), normalizeUrl(d.url), normalizeTitle(title)].filter((k): k is string => !!k);
    // The same paper linked twice in one list ('the [Transformer paper](…) itself') is one entry.
    if (ids.some((k) => seen.has(k))) continue;
    ids.forEach((k) => seen.add(k));
    const { summary, footnote } = summarize(d.rest, d.blurb);
    entries.push({
      position: entries.length + 1,
      section: d.section,
      title,
      url: d.url,
      summary,
      footnote,
      extraLinks: dedupeLinks(d.extraLinks),
      readMark: d.read ? true : listHasMarks ? false : null,
      year: d.year,
      kind: detectKind(d.url, title),
      nickname,
    });
  }
  return entries;
}

function dedupeLinks(links: Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && !!seen.add(l.url));
}
