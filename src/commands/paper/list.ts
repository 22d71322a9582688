import { getList, listPapers } from '../../catalog/catalog-store.ts';
import { UserError } from '../../errors.ts';
import { paperLink, plural, truncate } from '../../render/format.ts';
import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';

/** `/paper list` — the papers of a reading list, in order. */
export default {
  group: 'paper',
  name: 'list',
  description: 'The papers of a reading list, in order',
  options: [
    { name: 'list', description: 'List slug', type: 'string', required: true, autocomplete: 'list', kind: 'slug', maxLength: 64 },
    { name: 'page', description: 'Page number', type: 'integer', minValue: 1, maxValue: 1000 },
  ],
  handle(ctx, args) {
    const slug = String(args.list ?? '').trim();
    const list = getList(ctx.db, slug);
    if (!list) throw new UserError('unknown-list', `There is no list '${truncate(slug, 40)}'. See /paper lists for the slugs.`);
    const page = Math.max(1, Number(args.page ?? 1) || 1);
    const pages = Math.max(1, Math.ceil(list.entryCount / 15));
    if (page > pages) throw new UserError('no-such-page', `${list.title} has ${plural(pages, 'page')}.`);
    const rows = listPapers(ctx.db, slug, { offset: (page - 1) * 15, limit: 15 });
    const lines = rows.map((r) => `${r.position}. ${paperLink(r.paper)}${r.paper.summary ? ` — ${truncate(r.paper.summary, 100)}` : ''}`);
    return privateReply(lines.join('\n'), {
      title: `${list.title} (page ${page}/${pages})`,
      more: page < pages ? `/paper list ${slug} ${page + 1}` : undefined,
    });
  },
} satisfies Command;
