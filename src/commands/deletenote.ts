import { privateReply } from '../render/replies.ts';
import { ownNote } from './shared.ts';
import type { Command } from './types.ts';
import { deleteNote } from '../store/notes.ts';

/** `/deletenote` — delete one of your notes (admins: any note). */
export default {
  group: null,
  name: 'deletenote',
  description: 'Delete one of your notes (admins: any note)',
  options: [{ name: 'id', description: 'Note id (from /notes)', type: 'integer', required: true, minValue: 1 }],
  changesHome: 'member',
  async handle(ctx, args) {
    const n = await ownNote(ctx, args.id, true);
    await deleteNote(ctx.db, n.id);
    return privateReply(`Deleted note #${n.id}${n.memberId !== ctx.member.id ? ` by ${n.authorName}` : ''}.`);
  },
} satisfies Command;
