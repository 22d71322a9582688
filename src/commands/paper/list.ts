import { UserError } from '../../errors.ts';
import { paperLink, plural, truncate } from '../../render/format.ts';
import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { communityOf, getList, listPapers } from '../../store/catalog.ts';

const PAGE = 15;

/** `/paper list` — the entries of a reading list in order, with its sections, the author's marks and its own blurbs. */
export default {
  group: 'paper',
  name: 'list',
  description: 'The papers of a reading list, in order',
  options: [
    { name: 'list', description: 'List slug', type: 'string', required: true, autocomplete: 'list', kind: 'slug', maxLength: 64 },
    { name: 'page', description: 'Page number', type: 'integer', minValue: 1, maxValue: 1000 },
  ],
  async handle(ctx, args) {
    const slug = String(args.list ?? '').trim();
    const community = communityOf(ctx.where);
    const list = await getList(ctx.db, slug, community);
    if (!list) throw new UserError('unknown-list', `There is no list '${truncate(slug, 40)}'. See /paper lists for the slugs.`);
    const page = Math.max(1, Number(args.page ?? 1) || 1);
    const pages = Math.max(1, Math.ceil(list.entryCount / PAGE));
    if (page > pages) throw new UserError('no-such-page', `${list.title} has ${plural(pages, 'page')}.`);
    const rows = await listPapers(ctx.db, slug, { offset: (page - 1) * PAGE, limit: PAGE, community });
    // The section of the entry before this page, so a page that starts mid-section does not repeat its heading.
    let section = page > 1 ? ((await listPapers(ctx.db, slug, { offset: (page - 1) * PAGE - 1, limit: 1, community }))[0]?.section ?? null) : null;
    const lines: string[] = [];
    for (const r of rows) {
      if (r.section && r.section !== section) lines.push(`**${truncate(r.section, 80)}**`);
      section = r.section;
      // The list author's own marks, as the CLI shows them: ✔️ read, · still to read.
      const mark = r.readMark === true ? '✔️ ' : r.readMark === false ? '· ' : '';
      const kind = r.paper.kind === 'paper' ? '' : ` _(${r.paper.kind})_`;
      lines.push(`${r.position}. ${mark}${paperLink(r.paper)}${kind}${r.blurb ? ` — ${truncate(r.blurb, 100)}` : ''}`);
    }
    return privateReply(lines.join('\n'), {
      title: `${list.title} (page ${page}/${pages})`,
      more: page < pages ? `/paper list ${slug} ${page + 1}` : undefined,
    });
  },
} satisfies Command;
