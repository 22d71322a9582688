/** The state of one walk over a reading list, and the small readers of links and lines every part of the walk shares. */
import type { PhrasingContent, Link as MdLink, Nodes, Definition, Root } from 'mdast';
import type { Link, UnplacedLink } from './types.ts';
import { toText, squash, linksIn } from './mdast-text.ts';
import { isWebUrl, identifiersOfUrl } from '../canonical-ids.ts';
import splitNickname from './nickname.ts';
import { normalizeTitle } from '../canonical-ids.ts';

/** An entry while the walk is still collecting its blurb. */
export interface Draft {
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
  /** A short name the list used for it instead of a title ('BERT' in '[BERT](…)' of a syllabus). */
  nickname: string | null;
  /** An in-page link ('#gated-memories') resolved when the whole list has been read; null for a web link. */
  anchor: string | null;
  /** From a task-list item: a paper to read even when its in-page link leads nowhere. */
  task: boolean;
  /** 1-based line in the file. */
  line: number | null;
  /** Named in running prose ('see [X](…)'), not listed: an entry only where its part of the file lists readings. */
  mention: boolean;
}

/** A title the walk has seen without a link yet: a heading, a bold line, an item's text, waiting for its label links. */
export interface PendingTitle {
  title: string;
  authors: string | null;
  /** The section before a heading that turns out to be a paper's title (it names the paper, not a section). */
  sectionBefore: string | null;
  sectionDepthBefore: number;
  heading: boolean;
  line: number | null;
  /** Blurb lines given to the entry before while this title waited; taken back if the title finds its link. */
  lent: Array<{ draft: Draft; text: string }>;
  /** The entry it became, once a label link claimed it. */
  draft: Draft | null;
}

export interface Walk {
  /** Markdown source of the stretch being walked, to tell indented code (a list indented too far) from fenced code. */
  source: string;
  /** Lines of the file before this stretch. */
  lineOffset: number;
  drafts: Draft[];
  section: string | null;
  sectionDepth: number;
  /** Names of the headings that stayed sections, normalized: a link titled by one is navigation. */
  sectionNames: Set<string>;
  /** The entry that following prose belongs to (its blurb), until a heading, rule or label ends it. */
  current: Draft | null;
  /** Prose before the first structure is the list's own header: its links are not entries. */
  inHeader: boolean;
  definitions: Map<string, Definition>;
  /** In-page anchors -> the web link of the heading they name, or null for a plain heading or an HTML anchor. */
  anchors: Map<string, string | null>;
  anchorCounts: Map<string, number>;
  /** The drafts so far by identity, to continue an entry the list names twice. */
  index: EntryIndex<Draft>;
  depth: number;
  /** Titles waiting for their links, innermost last. */
  pending: PendingTitle[];
  unplaced: UnplacedLink[];
}

export function newWalk(): Walk {
  return {
    source: '',
    lineOffset: 0,
    drafts: [],
    section: null,
    sectionDepth: 0,
    sectionNames: new Set(),
    current: null,
    inHeader: true,
    definitions: new Map(),
    anchors: new Map(),
    anchorCounts: new Map(),
    index: new EntryIndex<Draft>(),
    depth: 0,
    pending: [],
    unplaced: [],
  };
}

/** Line of a node in the whole file (the walk reads long files in stretches). */
export function lineOf(node: { position?: { start: { line: number } } } | undefined, walk: Walk): number | null {
  const line = node?.position?.start.line;
  return line === undefined ? null : line + walk.lineOffset;
}

/** Records links the walk saw and could not place, so the import can say where the list was not understood. */
export function leaveUnplaced(walk: Walk, links: MdLink[], fallbackLine: number | null = null): void {
  for (const l of links) walk.unplaced.push({ url: l.url.trim(), section: walk.section, line: lineOf(l, walk) ?? fallbackLine });
}

/** Adds an entry, or when the list already has it (a task item and its '### [Title](url)' further down), continues that one. */
export function addDraft(walk: Walk, draft: Draft): Draft {
  const same = walk.index.find(draft);
  if (same) {
    if (!same.url && draft.url) {
      same.url = draft.url;
      same.anchor = null;
      walk.index.add(same);
    }
    same.extraLinks.push(...draft.extraLinks);
    if (draft.rest) same.blurb.push(draft.rest);
    same.year ??= draft.year;
    same.authors ??= draft.authors;
    same.nickname ??= draft.nickname;
    walk.current = same;
    return same;
  }
  walk.drafts.push(draft);
  walk.index.add(draft);
  walk.current = draft;
  return draft;
}

/** A blank draft for the fields an entry starts with. */
export function draftOf(walk: Walk, fields: Partial<Draft> & { title: string; url: string }): Draft {
  return {
    section: walk.section,
    rest: '',
    blurb: [],
    extraLinks: [],
    read: false,
    toRead: false,
    year: null,
    authors: null,
    nickname: null,
    anchor: null,
    task: false,
    line: null,
    mention: false,
    ...fields,
  };
}

/** The keys a draft is found by: each identifier of its link and of its extra links that name a paper. */
export function identityKeys(e: { url: string; extraLinks?: readonly Link[] }): string[] {
  const keys = identifiersOfUrl(e.url).map((i) => `${i.kind}:${i.value}`);
  for (const l of e.extraLinks ?? []) for (const i of identifiersOfUrl(l.url)) if (i.kind !== 'url') keys.push(`${i.kind}:${i.value}`);
  return keys;
}

/**
 * Which entries of a list are one work: one identifier in common (arXiv id, DOI, ACL or OpenReview id, canonical URL).
 * A title joins two only when one of them has no link at all, so different identifiers never merge. Indexed, so a
 * 10,000-entry list is not compared pair by pair.
 */
export class EntryIndex<T extends { url: string; title: string; extraLinks?: readonly Link[] }> {
  private readonly byKey = new Map<string, T>();
  private readonly byTitle = new Map<string, T>();
  private readonly linklessByTitle = new Map<string, T>();

  find(e: { url: string; title: string; extraLinks?: readonly Link[] }): T | undefined {
    const title = titleKey(e.title);
    const keys = identityKeys(e);
    if (keys.length > 0) {
      for (const k of keys) {
        const hit = this.byKey.get(k);
        if (hit) return hit;
      }
      return title ? this.linklessByTitle.get(title) : undefined;
    }
    return title ? this.byTitle.get(title) : undefined;
  }

  add(e: T): void {
    const title = titleKey(e.title);
    const keys = identityKeys(e);
    for (const k of keys) if (!this.byKey.has(k)) this.byKey.set(k, e);
    if (title && !this.byTitle.has(title)) this.byTitle.set(title, e);
    if (title && keys.length === 0 && !this.linklessByTitle.has(title)) this.linklessByTitle.set(title, e);
  }
}

function titleKey(title: string): string | null {
  return normalizeTitle(splitNickname(title).title) || null;
}

// ---------------------------------------------------------------- reading lines

// Marks a line may start with: bullets typed by hand, '1)', check marks ('✔️' read, '[x]' task lists), and the ': ' of
// a definition list ('Jan 10' / ': Readings: …').
export const LEAD_MARKS = /^(?:[\s\-*+•–—]+|\d{1,3}[.)]|\[[ xX]\]|✔️|✔|✅|☑️|☑|✓|✓️|:(?=\s))/u;
export const READ_MARKS = /^(?:✔️|✔|✅|☑️|☑|✓|✓️|\[[xX]\])$/u;

/** Finds a link that starts the line once bullets, numbers, check marks and bold are looked past. */
export function findLead(line: PhrasingContent[], walk: Walk): { link: MdLink | null; read: boolean } {
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

export function stripLead(text: string): string {
  let t = text;
  for (let m = LEAD_MARKS.exec(t); m && m[0]; m = LEAD_MARKS.exec(t)) t = t.slice(m[0].length);
  return t;
}

export function webLinks(nodes: PhrasingContent[], walk: Walk): MdLink[] {
  return linksIn(resolveRefs(nodes, walk)).filter((l) => isWebUrl(l.url) && !isSelfOrAnchor(l));
}

// Page anchors point inside the list itself.
export function isSelfOrAnchor(link: MdLink): boolean {
  return link.url.trim().startsWith('#');
}

/** A link that is only a picture ('[![badge](…)](…)'): decoration, never an entry or an entry's link. */
export function isImageOnly(link: MdLink): boolean {
  return link.children.length > 0 && link.children.every((c) => c.type === 'image' || c.type === 'imageReference' || (c.type === 'text' && !c.value.trim()));
}

// Files that are never a reading: pictures, archives, media, data.
const FILE = /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|zip|tar|gz|tgz|bz2|xz|7z|rar|mp4|mov|avi|webm|mp3|wav|csv|tsv|json|jsonl|parquet|npy|pt|pth|ckpt|safetensors|bin|exe|dmg|whl)$/i;

/** A link to a picture, archive, media or data file: never an entry (an image, the zip of an evaluation tool). */
export function isFileLink(url: string): boolean {
  try {
    return FILE.test(new URL(url.trim()).pathname);
  } catch {
    return false;
  }
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes; repeats get '-1', '-2'. */
export function noteHeadingAnchor(walk: Walk, headingText: string, link: string | null): void {
  const base = headingText.toLowerCase().replace(/[^\p{L}\p{N}\s_-]+/gu, '').replace(/\s/g, '-');
  const n = walk.anchorCounts.get(base) ?? 0;
  walk.anchorCounts.set(base, n + 1);
  const key = n ? `${base}-${n}` : base;
  if (!walk.anchors.get(key)) walk.anchors.set(key, link);
}

/** Replaces `[text][ref]` link references by the links their definitions give, in place. */
export function resolveRefs(nodes: PhrasingContent[], walk: Walk): PhrasingContent[] {
  if (walk.definitions.size === 0) return nodes;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.type === 'linkReference') {
      const def = walk.definitions.get(n.identifier.toLowerCase());
      if (def) nodes[i] = { type: 'link', url: def.url, title: def.title ?? null, children: n.children, ...(n.position ? { position: n.position } : {}) };
    } else if ('children' in n && n.type !== 'link') {
      resolveRefs(n.children as PhrasingContent[], walk);
    }
  }
  return nodes;
}

export function collectDefinitions(tree: Root, into: Map<string, Definition>): void {
  const visit = (n: Nodes) => {
    if (n.type === 'definition') into.set(n.identifier.toLowerCase(), n);
    else if ('children' in n) for (const c of n.children as Nodes[]) visit(c);
  };
  visit(tree);
}

export function wrap(line: PhrasingContent[]): Nodes {
  return { type: 'paragraph', children: line };
}

export function asLink(l: MdLink): Link {
  return { text: squash(toText(l)) || l.url, url: l.url.trim() };
}
