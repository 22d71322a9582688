import { checkNoteBody } from '../club/notes.ts';
import { privateReply } from '../render/replies.ts';
import { UserError } from '../errors.ts';
import type { Command } from './types.ts';
import { paperNamed } from './shared.ts';
import { addNote } from '../store/notes.ts';

/** `/note` — add a note on a paper (up to 4,000 characters). */
export default {
  group: null,
  name: 'note',
  description: 'Add a note on a paper (up to 4,000 characters)',
  options: [
    { name: 'paper', description: 'Title, nickname, id, or a meeting (number or date)', type: 'string', required: true, autocomplete: 'paper', kind: 'paper', titleFirst: true, maxLength: 300 },
    { name: 'text', description: 'Your note', type: 'string', long: true, rest: true, maxLength: 4000 },
  ],
  changesHome: 'member',
  internalArgs: ['unquoted'],
  async handle(ctx, args) {
    let paper;
    try {
      paper = (await paperNamed(ctx, String(args.paper ?? '')));
    } catch (err) {
      // Typed as one line, `/note great read!` takes its first word for the paper: say how a note is written.
      if (err instanceof UserError && err.code === 'unknown-paper') {
        throw new UserError(err.code, `${err.message}\nA note names its paper first, then the text: /note lora "what I thought".`);
      }
      throw err;
    }
    const body = checkNoteBody(args.text as string | undefined);
    const id = await addNote(ctx.db, { memberId: ctx.member.id, paperId: paper.id, clubId: ctx.club?.id ?? null, body, at: ctx.clock().getTime() });
    return privateReply(`Saved note #${id} on **${paper.title}**. Everyone's notes: /notes ${paper.key}. Edit: /editnote ${id} <text>`);
  },
} satisfies Command;

