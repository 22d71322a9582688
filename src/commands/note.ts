import { addNote, checkNoteBody } from '../club/notes.ts';
import { requirePaper } from '../club/sign-ups.ts';
import { privateReply } from '../render/replies.ts';
import type { Command } from './types.ts';

/** `/note` — add a note on a paper (up to 4,000 characters). */
export default {
  group: null,
  name: 'note',
  description: 'Add a note on a paper (up to 4,000 characters)',
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', maxLength: 300 },
    { name: 'text', description: 'Your note', type: 'string', long: true, rest: true, maxLength: 4000 },
  ],
  changesHome: 'member',
  handle(ctx, args) {
    const paper = requirePaper(ctx.db, String(args.paper ?? ''));
    const body = checkNoteBody(args.text as string | undefined);
    const id = addNote(ctx.db, { memberId: ctx.member.id, paperId: paper.id, clubId: ctx.club?.id ?? null, body, at: ctx.clock().getTime() });
    return privateReply(`Saved note #${id} on **${paper.title}**. Everyone's notes: /notes ${paper.key}. Edit: /editnote ${id} <text>`);
  },
} satisfies Command;

