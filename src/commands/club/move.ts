import { placePaper } from '../../club/admin-actions.ts';
import { planUpcoming } from '../../club/planning.ts';
import { resolveMeeting } from '../../club/sign-ups.ts';
import { UserError } from '../../errors.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { paperNamed, str } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/club move` — put a paper on another upcoming meeting (the papers between shift by one). */
export default {
  group: 'club',
  name: 'move',
  description: 'Put a paper on another upcoming meeting (the papers between shift by one)',
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', kind: 'paper', maxLength: 300 },
    { name: 'week', description: 'Meeting number or date to move it to', type: 'string', required: true, autocomplete: 'week', kind: 'week', maxLength: 300 },
  ],
  admin: true,
  affectsPlan: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const which = str(args.week);
    if (!which) throw new UserError('missing-week', 'Say where to: /club move <paper> <meeting number|date>. See /paper upcoming.');
    const paper = paperNamed(ctx, String(args.paper ?? ''));
    const target = resolveMeeting(ctx.db, club, now, which);
    if (target.status !== 'upcoming') {
      throw new UserError('already-announced', `Meeting ${target.number} is already announced with its paper. Pick a later meeting from /paper upcoming.`);
    }
    const queue = planUpcoming(ctx.db, club, now, 60).filter((m) => m.status === 'upcoming' && m.paper);
    const place = queue.findIndex((m) => m.slotAt === target.slotAt);
    placePaper(ctx.db, club, paper.id, place);
    return publicReply(`**${paper.title}** is now meeting ${target.number} on ${formatSlot(target.slotAt, club.timezone)}; the papers after it shift by one.`);
  },
} satisfies Command;
