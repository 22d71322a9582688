import { placePaper } from '../../club/admin-actions.ts';
import { requirePaper } from '../../club/sign-ups.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';

/** `/club pick` — make a specific paper the next meeting’s paper. */
export default {
  group: 'club',
  name: 'pick',
  description: 'Make a specific paper the next meeting’s paper',
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', rest: true, maxLength: 300 }],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const paper = requirePaper(ctx.db, String(args.paper ?? ''));
    const idx = placePaper(ctx.db, club, paper.id, club.position);
    return publicReply(`Next up (week ${idx + 1}): **${paper.title}**. The rest of the sequence follows after it.`);
  },
} satisfies Command;
