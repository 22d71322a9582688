import { checkNoteBody } from '../club/notes.ts';
import { privateReply } from '../render/replies.ts';
import { ownNote } from './shared.ts';
import type { Command } from './types.ts';
import { updateNote } from '../store/notes.ts';

/** `/editnote` — edit one of your notes. */
export default {
  group: null,
  name: 'editnote',
  description: 'Edit one of your notes',
  options: [
    { name: 'id', description: 'Note id (from /notes)', type: 'integer', required: true, minValue: 1 },
    { name: 'text', description: 'The new text', type: 'string', required: true, long: true, rest: true, maxLength: 4000 },
  ],
  changesHome: 'member',
  async handle(ctx, args) {
    const n = await ownNote(ctx, args.id, false);
    const body = checkNoteBody(args.text as string | undefined);
    await updateNote(ctx.db, n.id, body, ctx.clock().getTime());
    return privateReply(`Updated note #${n.id}.`);
  },
} satisfies Command;
