import { postUpdateFor } from '../club/posting.ts';
import { resolveMeeting, signUp } from '../club/sign-ups.ts';
import { formatSlot } from '../render/format.ts';
import { publicReply } from '../render/replies.ts';
import type { Command } from './types.ts';

/** `/signup` — sign up to present a week (number, date YYYY-MM-DD, or paper); default: the next open week. */
export default {
  group: null,
  name: 'signup',
  description: 'Sign up to present a week (number, date YYYY-MM-DD, or paper); default: the next open week',
  options: [{ name: 'week', description: 'Week number, date or paper', type: 'string', autocomplete: 'week', rest: true, kind: 'week', maxLength: 300 }],
  needsClub: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const meeting = resolveMeeting(ctx.db, club, now, args.week as string | undefined);
    const done = signUp(ctx.db, club, ctx.member, meeting, now);
    return publicReply(
      `${ctx.member.displayName} will present **week ${done.week}: ${done.paper!.title}** on ${formatSlot(done.slotAt, club.timezone)}. Thank you! (Changed your mind? /withdraw ${done.week})`,
      { postUpdate: postUpdateFor(ctx.db, club, done.slotAt) },
    );
  },
} satisfies Command;
