import type { CliCommand } from '../cli-command.ts';
import { UsageError } from '../cli-command.ts';
import { UserError } from '../../errors.ts';
import { listJson, paperJson } from '../json-shapes.ts';
import { getList, listPapers, OPERATOR } from '../../store/catalog.ts';

/** `paperclub papers --list SLUG`: a list's papers in order, grouped by section. */
export default {
  name: 'papers',
  usage: 'papers --list SLUG [--offset N] [--limit N] [--json]',
  summary: "show a list's papers in order",
  options: { list: { type: 'string' }, offset: { type: 'string' }, limit: { type: 'string' } },
  async run(ctx) {
    const slug = (ctx.options['list'] as string | undefined) ?? ctx.positionals[0];
    if (!slug) throw new UsageError('papers needs --list SLUG');
    const db = (await ctx.db());
    const list = await getList(db, slug, OPERATOR);
    if (!list) throw new UserError('unknown-list', `no list "${slug}"; see \`paperclub lists\``);
    const entries = await listPapers(db, slug, { offset: count(ctx.options['offset'], 'offset'), limit: count(ctx.options['limit'], 'limit'), community: OPERATOR });
    if (ctx.json) {
      const shaped = entries.map((e) => ({ position: e.position, section: e.section, readMark: e.readMark, extraLinks: e.extraLinks, blurb: e.blurb, paper: paperJson(e.paper) }));
      ctx.out(JSON.stringify({ list: listJson(list), entries: shaped }, null, 2));
      return 0;
    }
    ctx.out(`${list.title} (${list.slug}, ${list.entryCount} entries)`);
    let section: string | null = null;
    for (const e of entries) {
      if (e.section !== section && e.section) ctx.out(`\n## ${e.section}`);
      section = e.section;
      const mark = e.readMark === true ? '✔ ' : e.readMark === false ? '· ' : '';
      const nick = e.paper.nickname && !e.paper.title.startsWith(e.paper.nickname) ? ` (${e.paper.nickname})` : '';
      ctx.out(`${String(e.position).padStart(3)}. ${mark}${e.paper.title}${nick}  [${e.paper.key}]`);
      // This list's own blurb, else the best one-liner of the others.
      if (e.blurb) ctx.out(`     ${e.blurb}`);
    }
    return 0;
  },
} satisfies CliCommand;

function count(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
}
