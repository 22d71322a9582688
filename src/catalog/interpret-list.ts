import type { RootContent, PhrasingContent, Link as MdLink, Nodes, ListItem } from 'mdast';
import type { ParsedList } from './types.ts';
import { toText, squash, splitLines, linksIn } from './mdast-text.ts';
import { parseFragment, type MarkdownChunk } from './parse-markdown.ts';
import { isWebUrl } from '../canonical-ids.ts';
import { takeYear, takeToRead, tidyRest, statusMarker } from './entry-text.ts';
import { isGenericLabel, isNavigationLink, isShortName, isAuthorLabel, isAddressText } from './link-labels.ts';
import { splitCitation, titleFromText, cleanTitle, looksLikeAuthors } from './entry-title.ts';
import readHtmlInMarkdown from './html-in-markdown.ts';
import { visitTable, linkRank } from './interpret-table.ts';
import { finishEntries } from './entry-evidence.ts';
import {
  type Walk, type Draft, type PendingTitle, newWalk, addDraft, draftOf, lineOf, leaveUnplaced, findLead, stripLead, webLinks,
  isSelfOrAnchor, isImageOnly, isFileLink, noteHeadingAnchor, resolveRefs, collectDefinitions, wrap, asLink, identityKeys,
} from './list-walk.ts';
import { normalizeTitle, namesPaper, titleFromTarget } from '../canonical-ids.ts';

/**
 * The interpret step: walks the mdast of a reading list (stretch by stretch for a long one) and returns its entries in
 * order, with the links it could not place.
 */
export default function interpretList(chunks: Iterable<MarkdownChunk>, opts: { title?: string | null; fallbackTitle?: string }): ParsedList {
  const walk = newWalk();
  let title = opts.title?.trim() || null;
  let first = true;
  for (const chunk of chunks) {
    walk.source = chunk.source;
    walk.lineOffset = chunk.lineOffset;
    walk.definitions.clear();
    collectDefinitions(chunk.tree, walk.definitions);
    for (const anchor of readHtmlInMarkdown(chunk.tree, chunk.source).anchors) if (!walk.anchors.has(anchor)) walk.anchors.set(anchor, null);
    const blocks = chunk.tree.children.filter((n) => n.type !== 'yaml');
    if (first) {
      first = false;
      // The first heading names the list (when front matter did not) and is not a section. Badges ('[![Awesome](…)](…)')
      // in it are links without words: the heading still names the list.
      const head = blocks[0];
      if (head?.type === 'heading' && head.depth <= 2 && linksIn(head.children).every((l) => !squash(toText(l)))) {
        title ??= squash(toText(head));
        noteHeadingAnchor(walk, squash(toText(head)), null);
        blocks.shift();
      }
    }
    visitBlocks(blocks, walk);
  }
  const entries = finishEntries(walk);
  return { title: title || opts.fallbackTitle || 'Untitled list', entries, unplaced: walk.unplaced };
}

function visitBlocks(blocks: RootContent[], walk: Walk): void {
  for (const node of blocks) visitBlock(node, walk);
}

function visitBlock(node: RootContent, walk: Walk): void {
  switch (node.type) {
    case 'heading':
      visitHeading(node.children, node.depth, walk, lineOf(node, walk));
      return;
    case 'thematicBreak':
      walk.inHeader = false;
      walk.current = null;
      walk.pending = [];
      return;
    case 'paragraph':
      visitLines(splitLines(node.children), walk, {});
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
        const offset = walk.lineOffset;
        walk.lineOffset += (node.position?.start.line ?? 1) - 1;
        visitBlocks(parseFragment(node.value).children, walk);
        walk.lineOffset = offset;
        walk.depth--;
      }
      return;
    case 'table':
      walk.inHeader = false;
      visitTable(node, walk, isChromeSection(walk.section));
      return;
    default:
      return;
  }
}

/**
 * A heading without a link names a section, or (when label links follow it: '#### Title' then '- Link: [url](url)')
 * a paper; it waits as a pending title until its body says which. A heading that is a link is an entry.
 */
function visitHeading(children: PhrasingContent[], depth: number, walk: Walk, line: number | null): void {
  walk.inHeader = false;
  const text = squash(toText({ type: 'heading', depth: 1, children } as Nodes));
  const links = webLinks(children, walk).filter((l) => !isImageOnly(l));
  // '#### Link：[https://…](https://…)' under a paper's heading: that paper's link line, written as a heading.
  if (links.length > 0 && links.every((l) => isGenericLabel(toText(l)))) {
    visitLine(children, walk, {});
    return;
  }
  walk.current = null;
  walk.pending = [];
  if (links.length === 0) {
    noteHeadingAnchor(walk, text, null);
    const before = walk.section;
    const depthBefore = walk.sectionDepth;
    walk.section = text || walk.section;
    walk.sectionDepth = depth;
    if (!text) return;
    walk.sectionNames.add(normalizeTitle(text));
    if (isTitleLike(text) && (depth >= 4 || text.split(/\s+/).length >= 3) && !isChromeSection(text)) {
      walk.pending.push({ title: cleanTitle(text), authors: null, sectionBefore: before, sectionDepthBefore: depthBefore, heading: true, line, lent: [], draft: null });
    }
    return;
  }
  noteHeadingAnchor(walk, text, links[0]!.url.trim());
  if (depth <= walk.sectionDepth) walk.section = null;
  visitLine(children, walk, {});
}

function visitItem(item: ListItem, ordered: boolean, walk: Walk): void {
  const [head, ...tail] = item.children;
  const marks = { read: item.checked === true, toRead: item.checked === false, task: typeof item.checked === 'boolean' };
  if (head?.type !== 'paragraph') {
    if (head) visitBlock(head, walk);
    visitBlocks(tail, walk);
    return;
  }
  const lines = splitLines(head.children);
  // '- Paper title' whose links come in its sub-items ('  - [arXiv](…)'): the item's text is the title they belong to.
  const own = lines.length === 1 && webLinks(lines[0]!, walk).length === 0 ? titleOfLine(lines[0]!, true) : null;
  if (own && tail.length > 0 && startsWithLabelLine(tail, walk)) {
    const pending: PendingTitle = { title: own.title, authors: own.authors, sectionBefore: walk.section, sectionDepthBefore: walk.sectionDepth, heading: false, line: lineOf(head, walk), lent: [], draft: null };
    walk.pending.push(pending);
    visitBlocks(tail, walk);
    walk.pending = walk.pending.filter((p) => p !== pending);
    if (pending.draft) {
      if (marks.read) pending.draft.read = true;
      if (marks.toRead) pending.draft.toRead = true;
    }
    return;
  }
  visitLines(lines, walk, { marks, soleOfOrderedItem: ordered && lines.length === 1 && tail.length === 0 });
  visitBlocks(tail, walk);
}

interface LineOpts {
  /** Set on the first line of a list item: its task-list box, if any. */
  marks?: { read: boolean; toRead: boolean; task: boolean };
  /** '1) Alignment': an ordered item that is only a short label names a group of entries. */
  soleOfOrderedItem?: boolean;
}

/**
 * The lines of one paragraph or list item. The bold-title shape ('**Title**', '*Authors*', 'Venue', then
 * '[[Paper](…)] [[Code](…)]', joined by hard breaks) is one entry; anything else is read line by line.
 */
function visitLines(lines: PhrasingContent[][], walk: Walk, opts: LineOpts): void {
  if (isChromeSection(walk.section)) return;
  if (lines.length > 1 && visitTitledItem(lines, walk, opts)) return;
  lines.forEach((line, i) => visitLine(line, walk, i === 0 ? opts : {}));
}

/**
 * An item whose first line is a title with no link, whose next lines (authors, venue) have none either, and whose link
 * line carries only labels: one entry titled by its first line. Returns false (nothing read) for any other shape.
 */
function visitTitledItem(lines: PhrasingContent[][], walk: Walk, opts: LineOpts): boolean {
  const withLinks = lines.map((l) => webLinks(l, walk).filter((x) => !isImageOnly(x) && !isFileLink(x.url) && !isNavigationLink(toText(x), x.url)));
  const k = withLinks.findIndex((ls) => ls.length > 0);
  if (k < 1) return false;
  const labelLine = lines[k]!;
  if (!withLinks[k]!.every((l) => isGenericLabel(toText(l))) || titleOfLine(labelLine, false, new Set(linksIn(labelLine)))) return false;
  const found = titleOfLine(lines[0]!, true);
  if (!found) return false;
  const between = lines.slice(1, k).map((l) => squash(toText(wrap(l))));
  const authorLine = between.find((t, i) => i === 0 && (looksLikeAuthors(t) || isEmphasisOnly(lines[1]!)));
  const links: MdLink[] = [];
  const after: string[] = [];
  for (let i = k; i < lines.length; i++) {
    const ls = withLinks[i]!;
    // A later line with a title link of its own is the next entry, glued on: read it as such.
    if (ls.some((l) => !isGenericLabel(toText(l)))) {
      commitTitled(walk, found, authorLine, between, after, links, opts, lineOf(lines[0]![0], walk));
      lines.slice(i).forEach((line) => visitLine(line, walk, {}));
      return true;
    }
    links.push(...ls.filter((l) => !isNavigationLink(toText(l), l.url) && !isFileLink(l.url)));
    // What is left of '[[Paper](…)] [[Code](…)]' once its links are out is brackets, not words.
    const text = squash(toText(wrap(lines[i]!), new Set<Nodes>(linksIn(lines[i]!))).replace(/[[\]()|,]+/g, ' '));
    if (text) after.push(text);
  }
  commitTitled(walk, found, authorLine, between, after, links, opts, lineOf(lines[0]![0], walk));
  return true;
}

function commitTitled(walk: Walk, found: { title: string; authors: string | null }, authorLine: string | undefined, between: string[], after: string[], links: MdLink[], opts: LineOpts, line: number | null): void {
  walk.inHeader = false;
  const main = [...links].sort((a, b) => linkRank(a) - linkRank(b))[0] ?? null;
  const dated = [...between, ...after].map((t) => /\b(1[89]\d\d|20\d\d)\b/.exec(t)?.[1]).find(Boolean);
  // Dates and venues ('26 Apr 2022', 'arXiv 2025.') say when, not what: no blurb.
  const rest = after.filter((t) => !isDateLine(t) && !/^[\p{L}\s&.-]{0,30}\b(?:1[89]\d\d|20\d\d)\W*$/u.test(t)).join(' ');
  addDraft(
    walk,
    draftOf(walk, {
      title: found.title,
      url: main ? main.url.trim() : '',
      extraLinks: links.filter((l) => l !== main).map(asLink),
      authors: found.authors ?? (authorLine ? tidyRest(authorLine) : null),
      year: dated ? Number(dated) : null,
      rest: tidyRest(rest),
      read: !!opts.marks?.read,
      toRead: !!opts.marks?.toRead,
      line,
    }),
  );
}

/** One line of inline content: an entry when it leads with a link, else blurb, label or mentions. */
function visitLine(line: PhrasingContent[], walk: Walk, opts: LineOpts): void {
  if (isChromeSection(walk.section)) return;
  if (visitCutLink(line, walk, opts)) return;
  const lead = findLead(line, walk);
  const allLinks = linksIn(resolveRefs(line, walk));
  const links = allLinks.filter((l) => isWebUrl(l.url) && !isSelfOrAnchor(l) && !isNavigationLink(toText(l), l.url) && !isImageOnly(l) && !isFileLink(l.url));
  const files = allLinks.filter((l) => isWebUrl(l.url) && (isImageOnly(l) || isFileLink(l.url)));
  const chrome = allLinks.filter((l) => !links.includes(l) && !files.includes(l));
  const at = lineOf(line[0], walk);
  if (visitReadingsLine(line, links, walk)) return;
  if (lead.link && !isGenericLabel(toText(lead.link)) && !isNavigationLink(toText(lead.link), lead.link.url) && !isImageOnly(lead.link) && !isFileLink(lead.link.url)) {
    visitLeadLine(line, lead, links, allLinks, walk, opts);
    return;
  }
  // Only generic labels ('[pdf]', 'Paper', 'Code'): the entry's own bold, quoted or leading text is its title.
  if (links.length > 0 && links.every((l) => isGenericLabel(toText(l)))) {
    const found = titleFromText(line, new Set<Nodes>(allLinks), !!opts.marks);
    if (found && !isGenericLabel(found.title)) {
      walk.inHeader = false;
      addDraft(walk, draftFromText(line, found, links, allLinks, walk, opts));
      return;
    }
    visitLabelLine(line, links, allLinks, walk, opts);
    return;
  }
  const text = squash(stripLead(toText(wrap(line), new Set<Nodes>([...chrome, ...files]))));
  // Lines of navigation ('See [the top](#reading-queue).', 'Follow us on [Twitter](…)') are nobody's blurb.
  if (links.length === 0 && chrome.length > 0) return;
  if (links.length === 0) {
    visitTextLine(line, text, walk, opts);
    if (walk.current && files.length && !opts.marks) walk.current.extraLinks.push(...files.filter((f) => !isImageOnly(f)).map(asLink));
    return;
  }
  if (walk.inHeader) return;
  // 'A. Author, B. Author. 2002. [Title](…). *Venue*. ([Citation](…): 10)': a citation leads with its authors and year.
  if (opts.marks && visitCitationLine(line, links, allLinks, walk, opts)) return;
  if (walk.current) {
    // Links inside an entry's blurb are its repo / slides / chat links, not papers.
    walk.current.extraLinks.push(...links.map(asLink));
    addBlurb(walk.current, text);
    return;
  }
  if (visitCitationLine(line, links, allLinks, walk, opts)) return;
  // Links mentioned in running prose ('introduced in [Attention Is All You Need](…) in 2017').
  for (const link of links) {
    const title = squash(toText(link));
    if (!title || isGenericLabel(title)) {
      leaveUnplaced(walk, [link], at);
      continue;
    }
    walk.drafts.push(draftOf(walk, { title, url: link.url.trim(), line: lineOf(link, walk), mention: true }));
  }
}

/** A line that opens with its title link: the entry, its year, authors, blurb, and the links after it. */
function visitLeadLine(line: PhrasingContent[], lead: { link: MdLink | null; read: boolean }, links: MdLink[], allLinks: MdLink[], walk: Walk, opts: LineOpts): void {
  const link = lead.link!;
  const raw = link.url.trim();
  walk.inHeader = false;
  const extras = links.filter((l) => l !== link);
  const skip = new Set<Nodes>([link, ...allLinks]);
  const { year, rest: noYear } = takeYear(squash(stripLead(toText(wrap(line), skip))));
  const { toRead, rest: taken } = takeToRead(noYear);
  // A link cut off at the end of the line ('([Slides](https:/') is broken markup, not words of a blurb.
  const tail = taken.replace(/\(?\[[^\]]*\]\(\s*(?:https?:|www\.)[^)]*$/, '');
  const label = squash(toText(link));
  const cited = splitCitation(label);
  const linkYear = cited ? takeYear(label).year : null;
  // '[World Models](…) by David Ha and Jürgen Schmidhuber.': who wrote it, not what it says.
  const byline = /^\s*by\s+([^.!?]{3,120}?)\.?\s*$/i.exec(tidyRest(tail));
  // '[Vaswani et al.](https://arxiv.org/abs/…)': the authors stand for the reading; its id names it until a title is known.
  const byAuthors = !cited && isAuthorLabel(label) && namesPaper(raw);
  addDraft(
    walk,
    draftOf(walk, {
      title: byAuthors ? titleFromTarget(raw) : (cited?.title ?? (label || raw)),
      url: raw.startsWith('#') ? '' : raw,
      anchor: raw.startsWith('#') && raw.length > 1 ? raw : null,
      task: !!opts.marks?.task,
      // '(Sep 10)' after a session's paper says when it was read, not what it says.
      rest: isDateLine(tidyRest(tail).replace(/^\(|\)$/g, '')) ? '' : tidyRest(byline ? '' : tail),
      extraLinks: extras.map(asLink),
      read: lead.read || !!opts.marks?.read,
      toRead: toRead || !!opts.marks?.toRead,
      year: year ?? linkYear,
      authors: cited?.authors ?? byline?.[1]?.trim() ?? (byAuthors ? label : null),
      line: lineOf(link, walk),
    }),
  );
}

/**
 * A line whose links are all labels and whose text names nothing: the links of the title waiting above it (a heading,
 * an item's text), else more links of the current entry, else (for a link that names a paper) an entry of its own,
 * named by its id until a title is known.
 */
function visitLabelLine(line: PhrasingContent[], links: MdLink[], allLinks: MdLink[], walk: Walk, opts: LineOpts): void {
  const at = lineOf(line[0], walk);
  const sorted = [...links].sort((a, b) => linkRank(a) - linkRank(b));
  const main = sorted[0]!;
  const waiting = [...walk.pending].reverse().find((p) => !p.draft);
  const claimed = walk.pending.find((p) => p.draft === walk.current && p.draft);
  if (waiting && !claimed) {
    claimPending(walk, waiting, main, links.filter((l) => l !== main), opts);
    return;
  }
  const ownText = squash(stripLead(toText(wrap(line), new Set<Nodes>(allLinks)))).replace(/^[\p{L}\s]{1,20}[:：]$/u, '');
  const current = walk.current;
  // An item of its own ('- [PDF](https://arxiv.org/abs/…)', '- [ ] https://example.org/…') is a reading of its own
  // unless it is the current entry's work again; a '[Code](…)' line under an entry is that entry's.
  const ownItem = !claimed && !!opts.marks && (namesPaper(main.url) || isAddressText(toText(main)));
  const isNewWork = ownItem && !(current && identityKeys(current).some((k) => identityKeys({ url: main.url }).includes(k)));
  if (current && !isNewWork && !(ownText && !namesPaper(main.url))) {
    current.extraLinks.push(...links.map(asLink));
    return;
  }
  if (namesPaper(main.url) || isNewWork) {
    walk.inHeader = false;
    addDraft(walk, draftOf(walk, { title: titleFromTarget(main.url), url: main.url.trim(), extraLinks: links.filter((l) => l !== main).map(asLink), read: !!opts.marks?.read, toRead: !!opts.marks?.toRead, line: at }));
    return;
  }
  // A lecture's slides ('Lecture 2: Attention [Slides 2](…)') belong to that lecture, which is not a reading.
  if (ownText) return;
  leaveUnplaced(walk, links, at);
}

/** A pending title takes its links: the heading or item above becomes an entry (and a heading stops naming a section). */
function claimPending(walk: Walk, pending: PendingTitle, main: MdLink, extras: MdLink[], opts: LineOpts): void {
  walk.inHeader = false;
  if (pending.heading) {
    walk.section = pending.sectionBefore;
    walk.sectionDepth = pending.sectionDepthBefore;
    walk.sectionNames.delete(normalizeTitle(pending.title));
  }
  for (const { draft, text } of pending.lent) draft.blurb = draft.blurb.filter((b) => b !== text);
  pending.draft = addDraft(
    walk,
    draftOf(walk, {
      title: pending.title,
      url: main.url.trim(),
      extraLinks: extras.map(asLink),
      authors: pending.authors,
      read: !!opts.marks?.read,
      toRead: !!opts.marks?.toRead,
      line: pending.line,
    }),
  );
}

// 'Readings:', 'Required reading:', 'Optional papers:': the links that follow are each a reading of their own.
const READINGS_LABEL = /^(?:(?:required|optional|suggested|recommended|further|additional|background|supplementary|extra|core)\s+)?(?:readings?|papers?|read|references?|materials?)\s*(?:\([^)]*\))?\s*[:：]/i;

/**
 * A syllabus line ': Readings: [BERT](…), [Vaswani et al.](…)': every link is a reading. A label that is an acronym
 * or its authors names it only until a title is known: the link's id is its title, the acronym its nickname.
 */
function visitReadingsLine(line: PhrasingContent[], links: MdLink[], walk: Walk): boolean {
  if (links.length === 0) return false;
  const before: PhrasingContent[] = [];
  for (const n of line) {
    if (n.type === 'link') break;
    before.push(n);
  }
  const label = squash(stripLead(toText(wrap(before)))).replace(/\*+/g, '');
  if (!READINGS_LABEL.test(label)) return false;
  walk.inHeader = false;
  for (const link of links) {
    const text = squash(toText(link));
    const url = link.url.trim();
    // In a readings line a one-word label ('Chinchilla') names the reading as an acronym does.
    const short = isGenericLabel(text) || isShortName(text) || !/\s/.test(text);
    if (short && !namesPaper(url) && isGenericLabel(text)) {
      leaveUnplaced(walk, [link]);
      continue;
    }
    const cited = short ? null : splitCitation(text);
    addDraft(
      walk,
      draftOf(walk, {
        title: short ? titleFromTarget(url) : (cited?.title ?? text),
        url,
        nickname: short && !isGenericLabel(text) && !isAuthorLabel(text) ? text : null,
        authors: cited?.authors ?? (isAuthorLabel(text) ? authorsOfLabel(text) : null),
        year: takeYear(text).year,
        line: lineOf(link, walk),
      }),
    );
  }
  walk.current = null;
  return true;
}

/** 'Bahdanau et al. 2015' -> 'Bahdanau et al.': the names of an author label, without its year. */
function authorsOfLabel(text: string): string {
  return text.replace(/[,\s]*\(?(?:1[89]|20)\d\d\)?[.,;:]*$/, '').replace(/[.,;:]+$/, '').replace(/\bet al$/, 'et al.').trim();
}

/** 'A. Doe and B. Roe. 2002. [Title](…). *Venue*. ([Citation](…): 10)': the title link after the authors and year. */
function visitCitationLine(line: PhrasingContent[], links: MdLink[], allLinks: MdLink[], walk: Walk, opts: LineOpts): boolean {
  const main = links.find((l) => !isGenericLabel(toText(l)));
  if (!main) return false;
  const before: PhrasingContent[] = [];
  for (const n of line) {
    if (n === main || linksIn([n]).includes(main)) break;
    before.push(n);
  }
  const prefix = squash(stripLead(toText(wrap(before), new Set<Nodes>(allLinks))));
  const year = /\b(1[89]\d\d|20\d\d)[a-z]?\b/.exec(prefix);
  if (!year && !/\bet\s+al\b/i.test(prefix)) return false;
  const authors = cleanTitle(prefix.replace(/\(?\b(?:1[89]\d\d|20\d\d)[a-z]?\b\)?/, '').replace(/[\s.,:;]+$/, '')) || null;
  const label = squash(toText(main));
  walk.inHeader = false;
  addDraft(
    walk,
    draftOf(walk, {
      title: splitCitation(label)?.title ?? cleanTitle(label),
      url: main.url.trim(),
      extraLinks: links.filter((l) => l !== main).map(asLink),
      authors,
      year: year ? Number(year[1]) : null,
      read: !!opts.marks?.read,
      toRead: !!opts.marks?.toRead,
      line: lineOf(main, walk),
    }),
  );
  return true;
}

/** A line with no link: a section label ('1) Alignment'), a date, who wrote the paper above, or the current entry's blurb. */
function visitTextLine(line: PhrasingContent[], text: string, walk: Walk, opts: LineOpts): void {
  // '-[Title](https:' that markdown could not read as a link: broken markup, nobody's blurb.
  if (/\[[^\]]*\]\(/.test(text)) return;
  if (isLabel(line, text, opts)) {
    walk.section = text.replace(/^\d{1,3}[.)]\s*/, '');
    walk.current = null;
    return;
  }
  // 'Jan 10' or ': Lecture 2: Attention' in a syllabus: a new day or lecture, not the last reading's blurb.
  if (isDateLine(text) || /^\s*:\s/.test(toText(wrap(line)))) {
    walk.current = null;
    return;
  }
  const authors = /^authors?\s*[:：]\s*(.+)$/i.exec(text)?.[1];
  const waiting = [...walk.pending].reverse().find((p) => !p.draft);
  if (authors && waiting) {
    waiting.authors ??= tidyRest(authors);
    return;
  }
  if (authors && walk.current) {
    walk.current.authors ??= tidyRest(authors);
    return;
  }
  if (walk.current && text) {
    addBlurb(walk.current, text);
    if (waiting && !waiting.heading) waiting.lent.push({ draft: walk.current, text });
  }
}

/** An entry whose title is in its text: the best generic link is its link, the others extra links, the rest its blurb. */
function draftFromText(line: PhrasingContent[], found: { title: string; authors: string | null }, links: MdLink[], allLinks: MdLink[], walk: Walk, opts: LineOpts): Draft {
  const main = [...links].sort((a, b) => linkRank(a) - linkRank(b))[0] ?? null;
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
  return draftOf(walk, {
    title: found.title,
    url: main ? main.url.trim() : '',
    rest: tidyRest(rest),
    extraLinks: links.filter((l) => l !== main).map(asLink),
    read: !!opts.marks?.read || findLead(line, walk).read,
    toRead: toRead || !!opts.marks?.toRead,
    year,
    authors: found.authors,
    line: lineOf(main ?? line[0], walk),
  });
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
  addDraft(walk, draftOf(walk, { title, url: '', rest: tidyRest(cut[2] ?? ''), read: !!opts.marks?.read, toRead: !!opts.marks?.toRead, line: lineOf(line[0], walk) }));
  return true;
}

/** The title a line with no link of its own gives: its bold or quoted words, else its words up to ' - '; null for prose. */
function titleOfLine(line: PhrasingContent[], plain: boolean, skip: ReadonlySet<Nodes> = new Set()): { title: string; authors: string | null } | null {
  const found = titleFromText(line, skip, plain);
  if (!found || isGenericLabel(found.title) || !isTitleLike(found.title)) return null;
  // A sentence of prose ends with a period and is not set in bold: not a title.
  const text = squash(toText(wrap(line), skip));
  if (/[.!?]$/.test(text) && !isEmphasisOnly(line)) return null;
  return found;
}

function isTitleLike(text: string): boolean {
  const t = text.trim();
  return t.length >= 3 && t.length <= 300 && /\p{L}/u.test(t) && !/[:：]$/.test(t) && t.split(/\s+/).length <= 40 && !isDateLine(t);
}

function isEmphasisOnly(line: PhrasingContent[]): boolean {
  const parts = line.filter((n) => !(n.type === 'text' && !n.value.trim()));
  return parts.length > 0 && parts.every((n) => n.type === 'strong' || n.type === 'emphasis');
}

/** Whether the first thing under an item is a line of label links ('- [arXiv](…)', 'Link: [https://…](…)'). */
function startsWithLabelLine(blocks: RootContent[], walk: Walk): boolean {
  const first = blocks[0];
  const para = first?.type === 'list' ? first.children[0]?.children[0] : first;
  if (para?.type !== 'paragraph') return false;
  const line = splitLines(para.children)[0] ?? [];
  const links = webLinks(line, walk).filter((l) => !isImageOnly(l));
  return links.length > 0 && links.every((l) => isGenericLabel(toText(l))) && !titleFromText(line, new Set<Nodes>(linksIn(line)), true);
}

// Sections that are the page's own chrome: a table of contents, how to contribute, the licence.
const CHROME_SECTION = /^(?:table of )?contents$|^(?:toc|contributing|contributors|contribute|how to contribute|licen[cs]e|code of conduct|acknowledg(?:e)?ments|sponsors?|support(?: us)?|contact|about(?: us| me)?|star history)$/i;

function isChromeSection(section: string | null): boolean {
  return !!section && CHROME_SECTION.test(section.replace(/[^\p{L}\p{N}\s]+/gu, '').trim());
}

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE_LINE = new RegExp(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?(?:${MONTH}\\s+\\d{1,2}(?:,?\\s+\\d{4})?|\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?)$`, 'i');

/** 'Jan 10', 'Tue, Sep 5', '26 Apr 2022', '2024-09-05': a date alone on its line. */
function isDateLine(text: string): boolean {
  return DATE_LINE.test(text.trim());
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

function isIndentedCode(node: { position?: { start: { offset?: number } } }, walk: Walk): boolean {
  const offset = node.position?.start.offset;
  if (offset === undefined) return false;
  const ch = walk.source[offset];
  return ch !== '`' && ch !== '~';
}

