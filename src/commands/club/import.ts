import { importList } from '../../catalog/catalog-store.ts';
import { UserError } from '../../errors.ts';
import { publicReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command } from '../types.ts';

function slugFromName(name: string): string {
  const base = name.replace(/\.[a-z0-9]+$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return base.slice(0, 40) || 'imported-list';
}

/** `/club import` — import a markdown reading list (a .md file). */
export default {
  group: 'club',
  name: 'import',
  description: 'Import a markdown reading list (a .md file)',
  options: [
    { name: 'file', description: 'The markdown file', type: 'attachment', required: true },
    { name: 'slug', description: 'Short name for the list (default: from the file name)', type: 'string', kind: 'slug', maxLength: 64 },
  ],
  admin: true,
  handle(ctx, args) {
    const file = args.file as { name: string; content: string } | undefined;
    if (!file || typeof file !== 'object') throw new UserError('no-file', 'Attach a markdown file to import.');
    const slug = str(args.slug) ?? slugFromName(file.name);
    const res = importList(ctx.db, { slug, markdown: file.content, source: file.name });
    return publicReply(
      `Imported **${res.list.title}** as \`${res.list.slug}\`: ${res.list.entryCount} entries (${res.added} new, ${res.updated} updated, ${res.removed} removed). Follow it with /club setup list:${res.list.slug}.`,
    );
  },
} satisfies Command;
