import type { CliCommand } from '../cli-command.ts';
import { UsageError } from '../cli-command.ts';
import { searchPapers } from '../../catalog/catalog-store.ts';
import { paperJson } from '../json-shapes.ts';

/** `paperclub search QUERY`: full-text search over titles, nicknames and summaries. */
export default {
  name: 'search',
  usage: 'search QUERY [--limit N] [--json]',
  summary: 'full-text search of the catalog',
  options: { limit: { type: 'string' } },
  async run(ctx) {
    const query = ctx.positionals.join(' ').trim();
    if (!query) throw new UsageError('search needs a query');
    const limit = ctx.options['limit'] === undefined ? 10 : Number(ctx.options['limit']);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const papers = await searchPapers((await ctx.db()), query, limit);
    if (ctx.json) {
      ctx.out(JSON.stringify({ query, papers: papers.map(paperJson) }, null, 2));
      return 0;
    }
    if (papers.length === 0) ctx.out(`nothing matches "${query}"`);
    for (const p of papers) ctx.out(`${p.key.padEnd(12)}  ${p.title}${p.summary ? `\n${' '.repeat(14)}${p.summary}` : ''}`);
    return 0;
  },
} satisfies CliCommand;
