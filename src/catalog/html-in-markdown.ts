/**
 * HTML inside a markdown list read as structure: raw `<table>`, `<a href>`, `<h2 id>`, `<br>`, `<details>`, `<ul>` (and
 * the markdown written between such tags) are re-parsed by a real HTML parser (parse5, through hast-util-raw) and turned
 * back into mdast, so the interpreter applies the same entry rules to `<tr><td><a href>` as to `| [Title](url) |`.
 */
import { createRequire } from 'node:module';
import type { Root, RootContent, Nodes, PhrasingContent, Html, Parents } from 'mdast';
import type { Nodes as HastNodes, Element, Root as HastRoot } from 'hast';

const require = createRequire(import.meta.url);

interface HtmlStack {
  toHast: typeof import('mdast-util-to-hast').toHast;
  raw: typeof import('hast-util-raw').raw;
  toMdast: typeof import('hast-util-to-mdast').toMdast;
  fromHtml: typeof import('hast-util-from-html').fromHtml;
  Tokenizer: typeof import('parse5').Tokenizer;
  voids: ReadonlySet<string>;
}
// Loaded on the first list that has HTML in it, as the markdown stack is (parse-markdown.ts).
let stack: HtmlStack | null = null;
function htmlStack(): HtmlStack {
  stack ??= {
    toHast: (require('mdast-util-to-hast') as typeof import('mdast-util-to-hast')).toHast,
    raw: (require('hast-util-raw') as typeof import('hast-util-raw')).raw,
    toMdast: (require('hast-util-to-mdast') as typeof import('hast-util-to-mdast')).toMdast,
    fromHtml: (require('hast-util-from-html') as typeof import('hast-util-from-html')).fromHtml,
    Tokenizer: (require('parse5') as typeof import('parse5')).Tokenizer,
    voids: new Set((require('html-void-elements') as typeof import('html-void-elements')).htmlVoidElements),
  };
  return stack;
}

/** What reading the HTML found besides structure: the ids and names that in-page links can point at. */
export interface HtmlFindings {
  /** `<a name="x">`, `<h2 id="x">`: targets of a table of contents, lower-cased. */
  anchors: Set<string>;
}

/**
 * Rewrites, in place, every piece of HTML in the tree as the mdast it stands for. A block of HTML that opens tags and
 * closes them after markdown (`<td>`, a blank line, `- [Paper](…)`, `</td>`) is re-parsed whole, the markdown inside
 * kept as it was parsed. Comments and unknown tags leave nothing behind.
 */
export default function readHtmlInMarkdown(tree: Root, source: string): HtmlFindings {
  const findings: HtmlFindings = { anchors: new Set() };
  // Most lists have no HTML at all: one scan of the text decides it without walking the tree.
  if (!source.includes('<')) return findings;
  rewriteBlocks(tree, findings);
  return findings;
}

type BlockParent = Extract<Parents, { children: RootContent[] }>;

function rewriteBlocks(parent: BlockParent, findings: HtmlFindings): void {
  const nodes = parent.children as RootContent[];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'html') {
      const end = regionEnd(nodes, i);
      const converted = convert(nodes.slice(i, end + 1), findings);
      nodes.splice(i, end - i + 1, ...converted);
      i += converted.length - 1;
      continue;
    }
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'table') {
      if (!hasInlineHtml(node)) continue;
      if (onlyBreaksAndComments(node)) {
        replaceBreaks(node);
        continue;
      }
      const converted = convert([node], findings);
      nodes.splice(i, 1, ...converted);
      i += converted.length - 1;
      continue;
    }
    if ('children' in node && (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote' || node.type === 'footnoteDefinition')) {
      rewriteBlocks(node as BlockParent, findings);
    }
  }
}

/**
 * Where an HTML block that starts at `start` ends: the first HTML node after which every tag it opened is closed, as
 * parse5's tokenizer reads the tags. A block that never closes ends at its last HTML node, so the markdown after it
 * stays markdown.
 */
function regionEnd(nodes: RootContent[], start: number): number {
  const open: string[] = [];
  let lastHtml = start;
  for (let j = start; j < nodes.length; j++) {
    const n = nodes[j]!;
    if (n.type !== 'html') {
      if (open.length === 0) return lastHtml;
      continue;
    }
    lastHtml = j;
    trackTags(n.value, open);
    if (open.length === 0) return j;
  }
  return lastHtml;
}

// Tags that close an open one of their kind without an end tag (HTML's optional end tags).
const CLOSED_BY: Record<string, readonly string[]> = {
  li: ['li', 'p'],
  dt: ['dt', 'dd', 'p'],
  dd: ['dt', 'dd', 'p'],
  p: ['p'],
  tr: ['td', 'th', 'tr'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  tbody: ['td', 'th', 'tr', 'thead', 'tbody'],
  option: ['option'],
};

/** Follows the tags of one piece of HTML, pushing the elements it opens and popping those it closes. */
export function trackTags(html: string, open: string[]): void {
  const { Tokenizer, voids } = htmlStack();
  const none = () => {};
  const tokenizer = new Tokenizer(
    { sourceCodeLocationInfo: false },
    {
      onStartTag(tag) {
        if (tag.selfClosing || voids.has(tag.tagName)) return;
        const closes = CLOSED_BY[tag.tagName];
        while (closes && open.length && closes.includes(open[open.length - 1]!)) open.pop();
        open.push(tag.tagName);
      },
      onEndTag(tag) {
        const at = open.lastIndexOf(tag.tagName);
        if (at >= 0) open.length = at;
      },
      onComment: none,
      onDoctype: none,
      onEof: none,
      onCharacter: none,
      onNullCharacter: none,
      onWhitespaceCharacter: none,
    },
  );
  tokenizer.write(html, true);
}

/** mdast (with raw HTML in it) -> hast -> parse5 re-parse -> mdast: the markdown between tags keeps its structure. */
function convert(nodes: RootContent[], findings: HtmlFindings): RootContent[] {
  const { toHast, raw, toMdast } = htmlStack();
  const hast = raw(toHast({ type: 'root', children: nodes }, { allowDangerousHtml: true }) as HastNodes) as HastRoot;
  collectAnchors(hast, findings);
  prepare(hast);
  // Line breaks are kept: the interpreter reads one entry per line inside a paragraph, as in markdown.
  const back = toMdast(hast, { newlines: true }) as Root;
  return back.children;
}

/** Ids and names that a table of contents may link to (`<a name="MLLM"></a>`, `<h2 id="tutorials">`). */
function collectAnchors(node: HastNodes, findings: HtmlFindings): void {
  if (node.type === 'element') {
    const props = node.properties ?? {};
    for (const key of ['id', 'name'] as const) {
      const v = props[key];
      if (typeof v === 'string' && v.trim()) findings.anchors.add(v.trim().toLowerCase());
    }
  }
  if ('children' in node) for (const c of node.children) collectAnchors(c as HastNodes, findings);
}

/**
 * Gives the converter the shapes it reads well: a `<summary>` is its own paragraph (not glued to the list it opens), and
 * controls that are not reading (buttons, scripts, styles, forms) go.
 */
function prepare(node: HastRoot | Element): void {
  const kept: Array<HastRoot['children'][number]> = [];
  for (const child of node.children) {
    if (child.type === 'element') {
      if (DROPPED.has(child.tagName)) continue;
      if (child.tagName === 'summary') child.tagName = 'p';
      prepare(child);
    }
    kept.push(child);
  }
  node.children = kept as Element['children'];
}

const DROPPED = new Set(['button', 'script', 'style', 'form', 'input', 'select', 'textarea', 'svg', 'noscript', 'template']);

function hasInlineHtml(node: Nodes): boolean {
  if (node.type === 'html') return true;
  return 'children' in node && (node.children as Nodes[]).some(hasInlineHtml);
}

/** Inline HTML that is only `<br>` and comments: read without a re-parse (thousands of `<br>` lines in a big list). */
function onlyBreaksAndComments(node: Nodes): boolean {
  if (node.type === 'html') return kindOfInline(node.value) !== 'other';
  return !('children' in node) || (node.children as Nodes[]).every(onlyBreaksAndComments);
}

const inlineKinds = new Map<string, 'br' | 'comment' | 'other'>();
function kindOfInline(html: string): 'br' | 'comment' | 'other' {
  let kind = inlineKinds.get(html);
  if (kind === undefined) {
    const frag = htmlStack().fromHtml(html, { fragment: true });
    const parts = frag.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
    kind = parts.length === 0 || parts.every((c) => c.type === 'comment') ? 'comment' : parts.length === 1 && parts[0]!.type === 'element' && parts[0]!.tagName === 'br' ? 'br' : 'other';
    if (inlineKinds.size < 1000) inlineKinds.set(html, kind);
  }
  return kind;
}

function replaceBreaks(node: Nodes): void {
  if (!('children' in node)) return;
  const children = node.children as Nodes[];
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.type === 'html') {
      if (kindOfInline((c as Html).value) === 'br') children[i] = { type: 'break' } as PhrasingContent;
      else children.splice(i--, 1);
    } else {
      replaceBreaks(c);
    }
  }
}
