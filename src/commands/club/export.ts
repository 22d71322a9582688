import { exportClub } from './export-markdown.ts';
import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';

/** `/club export` — the club's meetings, read marks, notes, votes and suggestions as markdown. */
export default {
  group: 'club',
  name: 'export',
  description: "Export the club's meetings, read marks, notes, votes and suggestions as markdown",
  options: [],
  admin: true,
  changesHome: 'nothing',
  async handle(ctx) {
    const md = await exportClub(ctx.db, ctx.club!);
    return privateReply(`Export of ${ctx.club!.name} attached (${md.length} characters).`, {
      file: { name: `paperclub-${ctx.club!.id}-export.md`, content: md },
    });
  },
} satisfies Command;
