import { postUpdateFor } from '../../club/posting.ts';
import { addPresenter } from '../../club/presenters.ts';
import { resolveMeeting } from '../../club/sign-ups.ts';
import { UserError } from '../../errors.ts';
import { publicReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command, MemberArg } from '../types.ts';

/** `/club assign` — assign a presenter to a week. */
export default {
  group: 'club',
  name: 'assign',
  description: 'Assign a presenter to a week',
  options: [
    { name: 'member', description: 'Who presents', type: 'member', required: true },
    { name: 'week', description: 'Week number, date or paper (default: next open week)', type: 'string', autocomplete: 'week', rest: true, kind: 'week', maxLength: 300 },
  ],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const who = ctx.memberOf(args.member as MemberArg);
    const m = resolveMeeting(ctx.db, club, ctx.clock().getTime(), str(args.week));
    if (!m.paper) throw new UserError('no-paper-that-week', 'That week has no paper.');
    addPresenter(ctx.db, club.id, m.paper.id, who.id, ctx.clock().getTime());
    return publicReply(`${who.displayName} presents week ${m.week}: **${m.paper.title}**.`, { postUpdate: postUpdateFor(ctx.db, club, m.slotAt) });
  },
} satisfies Command;
