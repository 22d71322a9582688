import type { ParsedList } from './types.ts';
import { UserError } from '../errors.ts';
import decodeListInput from './decode-input.ts';
import repairMojibake from './mojibake.ts';
import parseMarkdown from './parse-markdown.ts';
import interpretList from './interpret-list.ts';

/** Markdown file contents -> a parsed reading list; throws UserError (and only that) on input we cannot use. */
export default function importMarkdown(input: string | Buffer | Uint8Array, name = 'the list', fallbackTitle?: string): ParsedList {
  const markdown = repairMojibake(decodeListInput(input, name));
  const { tree, frontMatter } = parseMarkdown(markdown);
  const fmTitle = typeof frontMatter?.['title'] === 'string' ? repairMojibake(frontMatter['title']) : null;
  const parsed = interpretList(tree, { source: markdown, title: fmTitle, fallbackTitle });
  if (parsed.entries.length === 0) {
    throw new UserError('list-empty', `${name} has no entries: expected markdown links such as "- [Title](https://arxiv.org/abs/…)"`);
  }
  return parsed;
}
