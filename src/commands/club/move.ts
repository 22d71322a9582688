import { placePaper } from '../../club/admin-actions.ts';
import { requirePaper } from '../../club/sign-ups.ts';
import { UserError } from '../../errors.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { MAX_MEETING_NUMBER } from '../validate-args.ts';

/** `/club move` — reorder: move a paper to another upcoming week. */
export default {
  group: 'club',
  name: 'move',
  description: 'Reorder: move a paper to another upcoming week',
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', maxLength: 300 },
    { name: 'week', description: 'Week number to move it to', type: 'integer', required: true, minValue: 1, maxValue: MAX_MEETING_NUMBER },
  ],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const week = Number(args.week);
    if (!Number.isInteger(week) || week <= club.position) {
      throw new UserError('week-in-past', `Week ${String(args.week)} is in the past; the next week is ${club.position + 1}.`);
    }
    const paper = requirePaper(ctx.db, String(args.paper ?? ''));
    const idx = placePaper(ctx.db, club, paper.id, week - 1);
    return publicReply(`**${paper.title}** is now week ${idx + 1}.`);
  },
} satisfies Command;
