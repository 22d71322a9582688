import type { CliCommand } from '../cli-command.ts';
import { UsageError } from '../cli-command.ts';
import { importListFile, checkListFile } from '../../catalog/catalog-store.ts';
import { listJson } from '../json-shapes.ts';
import describeUnplaced from '../../catalog/unplaced-report.ts';
import { OPERATOR } from '../../store/catalog.ts';

/**
 * `paperclub import FILE [--slug SLUG]`: imports or re-imports a markdown reading list as the operator's own list
 * (the shipped lists stay as shipped; a taken slug gives the operator's own list of that name).
 */
export default {
  name: 'import',
  usage: 'import FILE [--slug SLUG] [--json]',
  summary: 'import or re-import a markdown reading list',
  options: { slug: { type: 'string' } },
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('import needs a FILE');
    // Check the file before opening the database: bad input must not even create it.
    checkListFile(file);
    const r = await importListFile((await ctx.db()), file, ctx.options['slug'] as string | undefined, undefined, OPERATOR);
    if (ctx.json) {
      ctx.out(JSON.stringify({ list: listJson(r.list), added: r.added, updated: r.updated, removed: r.removed, unchanged: r.unchanged, skipped: r.skipped, unplaced: r.unplaced }, null, 2));
      return 0;
    }
    if (r.skipped) ctx.out(`${r.list.slug} "${r.list.title}" is unchanged since its last import: ${r.list.entryCount} entries`);
    else ctx.out(`imported ${r.list.slug} "${r.list.title}": ${r.list.entryCount} entries (${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged)`);
    const unplaced = describeUnplaced(r.unplaced);
    if (unplaced) ctx.out(unplaced);
    return 0;
  },
} satisfies CliCommand;
