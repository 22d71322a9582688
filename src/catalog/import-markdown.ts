import type { ParsedList } from './types.ts';
import { UserError } from '../errors.ts';
import decodeListInput from './decode-input.ts';
import repairMojibake from './mojibake.ts';
import { parseMarkdownChunks, frontMatterOf, type MarkdownChunk } from './parse-markdown.ts';
import interpretList from './interpret-list.ts';

/** Markdown file contents -> a parsed reading list; throws UserError (and only that) on input we cannot use. */
export default function importMarkdown(input: string | Buffer | Uint8Array, name = 'the list', fallbackTitle?: string): ParsedList {
  const markdown = repairMojibake(decodeListInput(input, name));
  const chunks = parseMarkdownChunks(markdown);
  // The front matter is at the top of the first stretch; the stretches after it are parsed as the walk reaches them.
  let head: MarkdownChunk | null = chunks.next().value ?? null;
  const frontMatter = head ? frontMatterOf(head.tree) : null;
  const fmTitle = typeof frontMatter?.['title'] === 'string' ? repairMojibake(frontMatter['title']) : null;
  const all: Iterable<MarkdownChunk> = {
    *[Symbol.iterator]() {
      const taken = head;
      head = null; // not kept alive while the rest of the list is read
      if (taken) yield taken;
      yield* chunks;
    },
  };
  const parsed = interpretList(all, { title: fmTitle, fallbackTitle });
  if (parsed.entries.length === 0) {
    throw new UserError('list-empty', `${name} has no entries: expected markdown links such as "- [Title](https://arxiv.org/abs/…)"`);
  }
  return parsed;
}
