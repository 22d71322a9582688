import { skipMeeting } from '../../club/admin-actions.ts';
import { resolveMeeting } from '../../club/sign-ups.ts';
import { UserError } from '../../errors.ts';
import { formatSlot, localDate } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/club skip` — skip the next meeting (or a given week); its paper moves to the week after. */
export default {
  group: 'club',
  name: 'skip',
  description: 'Skip the next meeting (or a given week); its paper moves to the week after',
  options: [{ name: 'week', description: 'Week number or date (default: the next meeting)', type: 'string', autocomplete: 'week', kind: 'week', maxLength: 300 }],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const target = str(args.week) ? resolveMeeting(ctx.db, club, now, str(args.week)) : undefined;
    if (target && target.status !== 'upcoming') throw new UserError('cannot-skip', 'That meeting has already been posted.');
    const skipped = skipMeeting(ctx.db, club, now, target);
    return publicReply(`No meeting on ${formatSlot(skipped.slotAt, club.timezone)}. ${skipped.paper ? `**${skipped.paper.title}** moves to the next week.` : ''} (Undo: /club unskip ${localDate(skipped.slotAt, club.timezone)})`);
  },
} satisfies Command;
