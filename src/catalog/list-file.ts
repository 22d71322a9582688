import { statSync, readFileSync } from 'node:fs';
import { basename, extname, relative, isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { MAX_LIST_BYTES } from './decode-input.ts';
import importMarkdown from './import-markdown.ts';
import type { ParsedList } from './types.ts';
import { slugify } from '../canonical-ids.ts';

/** Reads a list file's bytes after checking it exists, is a file, and is at most 1 MiB. */
export function readListFile(path: string): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError('not-a-file', `${path} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('file-not-found', `no such file: ${path}`);
  }
  // Checked before reading, so a huge file is never loaded.
  if (size > MAX_LIST_BYTES) {
    throw new UserError('list-too-large', `${path} is ${(size / 1024 / 1024).toFixed(1)} MiB; a reading list must be at most 1 MiB`);
  }
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UserError('file-unreadable', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Reads and parses a list file without touching any database; throws UserError on anything unusable. */
export function checkListFile(path: string): ParsedList {
  return importMarkdown(readListFile(path), path);
}

/** The slug a file gets when none is given: 'My Papers.md' -> 'my-papers'. */
export function slugFromPath(path: string): string {
  return slugify(basename(path, extname(path)), 64) || 'list';
}

/** How a file is recorded as a list's source: relative to the working directory when it is under it. */
export function displayPath(path: string): string {
  const abs = resolve(path);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
