import { putPaperOnMeeting } from '../../club/admin-actions.ts';
import { planUpcoming } from '../../club/planning.ts';
import { resolveMeeting } from '../../club/sign-ups.ts';
import { UserError } from '../../errors.ts';
import { formatSlot, localDate } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { CONFIRM_OPTION, paperForPlan, str, withConfirm } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/club move` — put a paper on another upcoming meeting (the papers between shift by one). */
export default {
  group: 'club',
  name: 'move',
  description: 'Put a paper on another upcoming meeting (the papers between shift by one)',
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', kind: 'paper', maxLength: 300 },
    { name: 'week', description: 'Meeting number or date to move it to', type: 'string', required: true, autocomplete: 'week', kind: 'week', maxLength: 300 },
    CONFIRM_OPTION,
  ],
  admin: true,
  affectsPlan: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const which = str(args.week);
    if (!which) throw new UserError('missing-week', 'Say where to: /club move <paper> <meeting number|date>. See /paper upcoming.');
    const paper = await paperForPlan(ctx, String(args.paper ?? ''));
    const target = await resolveMeeting(ctx.db, club, now, which);
    await putPaperOnMeeting(ctx.db, club, paper, target, 'move', now, args.confirm === 'yes', withConfirm('club move', { ...args, week: localDate(target.slotAt, club.timezone) }, ['paper', 'week']));
    const number = (await planUpcoming(ctx.db, club, now, 60)).find((x) => x.plannedId === target.plannedId)?.number ?? target.number;
    return publicReply(`**${paper.title}** is now meeting ${number} on ${formatSlot(target.slotAt, club.timezone)}.`);
  },
} satisfies Command;
