import type { CliCommand } from '../cli-command.ts';
import { UsageError } from '../cli-command.ts';
import { resolvePaper } from '../../catalog/catalog-store.ts';
import type { Paper } from '../../catalog/types.ts';
import { paperJson } from '../json-shapes.ts';
import { getPaper, placesOfPaper, OPERATOR } from '../../store/catalog.ts';

/** `paperclub paper ID|QUERY`: one paper by id, key, arXiv id, URL, nickname or (fuzzy) title. */
export default {
  name: 'paper',
  usage: 'paper ID|KEY|QUERY [--json]',
  summary: 'show one paper and the lists it is on',
  async run(ctx) {
    const query = ctx.positionals.join(' ').trim();
    if (!query) throw new UsageError('paper needs an id, key or title');
    const db = (await ctx.db());
    const byId = /^\d+$/.test(query) ? await getPaper(db, Number(query)) : null;
    const found = byId ? { paper: byId } : await resolvePaper(db, query);
    if (!found.paper) {
      const suggestions = 'suggestions' in found ? found.suggestions : [];
      if (ctx.json) ctx.out(JSON.stringify({ paper: null, suggestions: suggestions.map(paperJson) }, null, 2));
      else {
        ctx.out(`no paper matches "${query}"`);
        if (suggestions.length) ctx.out('did you mean:');
        for (const s of suggestions) ctx.out(`  ${s.key}  ${s.title}`);
      }
      return 1;
    }
    const places = await placesOfPaper(db, found.paper.id, OPERATOR);
    if (ctx.json) {
      const lists = places.map((p) => ({ slug: p.list.slug, title: p.list.title, position: p.position, section: p.section, readMark: p.readMark, blurb: p.blurb }));
      ctx.out(JSON.stringify({ paper: { ...paperJson(found.paper), lists } }, null, 2));
      return 0;
    }
    for (const line of describe(found.paper)) ctx.out(line);
    for (const p of places) ctx.out(`  on ${p.list.slug} #${p.position}${p.section ? ` (${p.section})` : ''}${p.blurb && p.blurb !== found.paper.summary ? `: ${p.blurb}` : ''}`);
    return 0;
  },
} satisfies CliCommand;

function describe(p: Paper): string[] {
  const lines = [`${p.title}${p.nickname && !p.title.startsWith(p.nickname) ? ` (${p.nickname})` : ''}`];
  lines.push(`  key ${p.key} · id ${p.id} · ${p.kind}${p.year ? ` · ${p.year}` : ''}`);
  lines.push(`  ${p.url}`);
  if (p.summary) lines.push(`  ${p.summary}`);
  if (p.footnote) lines.push(`  * ${p.footnote}`);
  return lines;
}
