import { createRequire } from 'node:module';
import type { Root } from 'mdast';
import type { Processor } from 'unified';
import { trackTags } from './html-in-markdown.ts';

/** The parse step: markdown -> mdast, plus the YAML front matter when the file has one. */
export interface ParsedMarkdown {
  tree: Root;
  frontMatter: Record<string, unknown> | null;
}

// The markdown stack (unified, remark, micromark, yaml: ~15 MB resident) loads on the first import, not at start:
// a running bot rarely imports a list. Synchronous require of these ES modules (Node >= 20.19) keeps every caller
// of importList synchronous.
const require = createRequire(import.meta.url);
let stack: { processor: Processor<Root>; parseYaml: (source: string) => unknown } | null = null;
function markdownStack(): NonNullable<typeof stack> {
  if (!stack) {
    const { unified } = require('unified') as typeof import('unified');
    const remarkParse = (require('remark-parse') as typeof import('remark-parse')).default;
    const remarkFrontmatter = (require('remark-frontmatter') as typeof import('remark-frontmatter')).default;
    const remarkGfm = (require('remark-gfm') as typeof import('remark-gfm')).default;
    const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm) as unknown as Processor<Root>;
    stack = { processor, parseYaml: (require('yaml') as typeof import('yaml')).parse };
  }
  return stack;
}

/** Whether the markdown stack has been loaded in this process (reported on the bot's start-up debug line). */
export function markdownStackLoaded(): boolean {
  return stack !== null;
}

/** Parses markdown (CommonMark + GFM + front matter) into a tree; never throws on odd input. */
export default function parseMarkdown(markdown: string): ParsedMarkdown {
  const tree = markdownStack().processor.parse(markdown);
  return { tree, frontMatter: frontMatterOf(tree) };
}

/** The YAML front matter at the top of a parsed file (or of its first stretch), or null. */
export function frontMatterOf(tree: Root): Record<string, unknown> | null {
  const yamlNode = tree.children.find((n) => n.type === 'yaml');
  return yamlNode ? readFrontMatter(yamlNode.value) : null;
}

/** One stretch of a list parsed on its own: its tree, its text, and how many lines of the file come before it. */
export interface MarkdownChunk {
  tree: Root;
  source: string;
  lineOffset: number;
}

/** Lists above this size are parsed in stretches of about CHUNK_CHARS, so no more than one stretch's tree is alive. */
const CHUNK_FROM = 96 * 1024;
const CHUNK_CHARS = 48 * 1024;

/**
 * Parses a list stretch by stretch: a 700 KB awesome-list is 170 MB of syntax tree at once, a 48 KB stretch about
 * 12 MB. Stretches end only where markdown cannot carry a block on: before a line at the left margin after a blank
 * line, outside fenced code, front matter and open HTML. A list with link reference definitions (they can sit anywhere
 * and serve links anywhere) is parsed whole, as is any small one.
 */
export function* parseMarkdownChunks(markdown: string): Generator<MarkdownChunk> {
  if (markdown.length < CHUNK_FROM || /^ {0,3}\[[^\]\n]+\]:/m.test(markdown)) {
    yield { tree: parseMarkdown(markdown).tree, source: markdown, lineOffset: 0 };
    return;
  }
  let start = 0;
  let startLine = 0;
  for (const cut of chunkCuts(markdown)) {
    if (cut.offset - start < CHUNK_CHARS) continue;
    const source = markdown.slice(start, cut.offset);
    yield { tree: markdownStack().processor.parse(source), source, lineOffset: startLine };
    start = cut.offset;
    startLine = cut.line;
  }
  const source = markdown.slice(start);
  yield { tree: markdownStack().processor.parse(source), source, lineOffset: startLine };
}

/** Offsets (and 0-based line numbers) of the lines a list may be cut before. */
function* chunkCuts(markdown: string): Generator<{ offset: number; line: number }> {
  let offset = 0;
  let line = 0;
  let fence: string | null = null;
  let frontMatter = markdown.startsWith('---');
  let blankBefore = false;
  const open: string[] = [];
  while (offset < markdown.length) {
    const nl = markdown.indexOf('\n', offset);
    const end = nl < 0 ? markdown.length : nl + 1;
    const text = markdown.slice(offset, end).replace(/\r?\n$/, '');
    const blank = !text.trim();
    if (frontMatter) {
      if (line > 0 && /^(?:---|\.\.\.)\s*$/.test(text)) frontMatter = false;
    } else if (fence) {
      if (text.trim().startsWith(fence) && /^ {0,3}(`{3,}|~{3,})\s*$/.test(text)) fence = null;
    } else {
      if (blankBefore && !blank && /^\S/.test(text) && open.length === 0) yield { offset, line };
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(text);
      if (f) fence = f[1]!;
      else if (open.length > 0 ? text.includes('<') : /^ {0,3}</.test(text)) trackTags(text, open);
    }
    blankBefore = blank;
    offset = end;
    line++;
  }
}

/** Markdown only, no front matter: for re-reading text that CommonMark took for an indented code block. */
export function parseFragment(markdown: string): Root {
  return markdownStack().processor.parse(markdown);
}

// Broken front matter is not worth rejecting a list for: the heading still names it.
function readFrontMatter(source: string): Record<string, unknown> | null {
  try {
    const data: unknown = markdownStack().parseYaml(source);
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
