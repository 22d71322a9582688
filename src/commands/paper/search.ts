import { searchPapers } from '../../catalog/catalog-store.ts';
import { UserError } from '../../errors.ts';
import { paperLink, truncate } from '../../render/format.ts';
import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { communityOf } from '../../store/catalog.ts';

/** `/paper search` — search papers by title, nickname or summary. */
export default {
  group: 'paper',
  name: 'search',
  description: 'Search papers by title, nickname or summary',
  options: [{ name: 'query', description: 'Words to look for', type: 'string', required: true, rest: true, maxLength: 200 }],
  async handle(ctx, args) {
    const q = String(args.query ?? '').trim();
    if (!q) throw new UserError('empty-query', 'Give me something to search for, e.g. /paper search scaling laws.');
    const hits = await searchPapers(ctx.db, q, 10, communityOf(ctx.where));
    if (!hits.length) return privateReply(`Nothing matches '${truncate(q, 60)}'. Try fewer words, or /paper lists.`);
    return privateReply(hits.map((p) => `- ${paperLink(p)} \`${p.key}\`${p.summary ? ` — ${truncate(p.summary, 120)}` : ''}`).join('\n'), {
      title: `Search: ${truncate(q, 60)}`,
    });
  },
} satisfies Command;
