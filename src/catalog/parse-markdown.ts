import { createRequire } from 'node:module';
import type { Root } from 'mdast';
import type { Processor } from 'unified';

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
  const yamlNode = tree.children.find((n) => n.type === 'yaml');
  return { tree, frontMatter: yamlNode ? readFrontMatter(yamlNode.value) : null };
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
