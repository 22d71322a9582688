import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '../errors.ts';

/** The default list config shipped with the package, whatever the working directory. */
export const DEFAULT_LISTS_CONFIG = fileURLToPath(new URL('../../config/lists.json', import.meta.url));

const ListsConfig = z.object({
  lists: z
    .array(
      z.object({
        slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
        /** Relative to the config file. */
        file: z.string().min(1),
        /** Display name; defaults to the list's own title (front matter or first heading). */
        title: z.string().min(1).max(100).optional(),
      }),
    )
    .min(1),
});

/** One default list: its slug and the absolute path of its markdown file. */
export interface DefaultList {
  slug: string;
  path: string;
  title?: string;
}

/** Reads config/lists.json: the lists the bot loads by default, the club's default sequence first. */
export function readListConfig(configPath: string = DEFAULT_LISTS_CONFIG): DefaultList[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (err) {
    throw new UserError('bad-list-config', `cannot read list config ${configPath}: ${(err as Error).message}`);
  }
  const parsed = ListsConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('bad-list-config', `list config ${configPath} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const base = dirname(resolve(configPath));
  return parsed.data.lists.map((l) => ({ slug: l.slug, path: resolve(base, l.file), title: l.title }));
}
