import type { CliCommand } from '../cli-command.ts';
import { listJson } from '../json-shapes.ts';
import { allLists, OPERATOR } from '../../store/catalog.ts';

/** `paperclub lists`: the reading lists the operator sees (the shared ones and those imported with the CLI). */
export default {
  name: 'lists',
  usage: 'lists [--json]',
  summary: 'show the reading lists',
  async run(ctx) {
    const lists = await allLists((await ctx.db()), OPERATOR);
    if (ctx.json) {
      ctx.out(JSON.stringify({ lists: lists.map(listJson) }, null, 2));
      return 0;
    }
    const width = Math.max(4, ...lists.map((l) => l.slug.length));
    for (const l of lists) ctx.out(`${l.slug.padEnd(width)}  ${String(l.entryCount).padStart(4)} entries  ${l.title}`);
    if (lists.length === 0) ctx.out('no lists yet; add one with `paperclub import FILE`');
    return 0;
  },
} satisfies CliCommand;
