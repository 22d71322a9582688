import { truncate } from '../render/format.ts';
import { privateReply } from '../render/replies.ts';
import type { Command } from './types.ts';
import { paperNamed } from './shared.ts';
import { countNotesOnPaper, notesOnPaper } from '../store/notes.ts';

/** `/notes` — everyone's notes on a paper. */
export default {
  group: null,
  name: 'notes',
  description: "Everyone's notes on a paper",
  options: [
    { name: 'paper', description: 'Title, nickname, id, or a meeting (number or date)', type: 'string', required: true, autocomplete: 'paper', kind: 'paper', maxLength: 300 },
    { name: 'page', description: 'Page number', type: 'integer', minValue: 1, maxValue: 1000 },
  ],
  async handle(ctx, args) {
    const paper = await paperNamed(ctx, String(args.paper ?? ''));
    const { platform, workspace } = ctx.where;
    const page = Math.max(1, Number(args.page ?? 1) || 1);
    const per = 10;
    const total = await countNotesOnPaper(ctx.db, paper.id, platform, workspace);
    if (!total) return privateReply(`No notes on **${paper.title}** yet. Add one: /note ${paper.key} <text>`);
    const rows = await notesOnPaper(ctx.db, paper.id, platform, workspace, per, (page - 1) * per);
    const text = rows.map((n) => `**#${n.id} ${n.authorName}:** ${truncate(n.body, 600)}`).join('\n\n');
    return privateReply(text || 'No more notes.', {
      title: `Notes on ${paper.title} (${total})`,
      url: paper.url,
      more: page * per < total ? `/notes ${paper.key} ${page + 1}` : undefined,
    });
  },
} satisfies Command;
