import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { parse as parseYaml } from 'yaml';
import type { Root } from 'mdast';

/** The parse step: markdown -> mdast, plus the YAML front matter when the file has one. */
export interface ParsedMarkdown {
  tree: Root;
  frontMatter: Record<string, unknown> | null;
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Parses markdown (CommonMark + GFM + front matter) into a tree; never throws on odd input. */
export default function parseMarkdown(markdown: string): ParsedMarkdown {
  const tree = processor.parse(markdown);
  const yamlNode = tree.children.find((n) => n.type === 'yaml');
  return { tree, frontMatter: yamlNode ? readFrontMatter(yamlNode.value) : null };
}

/** Markdown only, no front matter: for re-reading text that CommonMark took for an indented code block. */
export function parseFragment(markdown: string): Root {
  return processor.parse(markdown);
}

// Broken front matter is not worth rejecting a list for: the heading still names it.
function readFrontMatter(source: string): Record<string, unknown> | null {
  try {
    const data: unknown = parseYaml(source);
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
