import { postUpdateFor } from '../club/posting.ts';
import { resolveMeeting, signUp, withdraw } from '../club/sign-ups.ts';
import { formatSlot } from '../render/format.ts';
import { publicReply } from '../render/replies.ts';
import type { Command } from './types.ts';

export const signup = {
  group: null,
  name: 'signup',
  description: 'Sign up to present a week (number, date YYYY-MM-DD, or paper); default: the next open week',
  options: [{ name: 'week', description: 'Week number, date or paper', type: 'string', autocomplete: 'week', rest: true }],
  needsClub: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const meeting = resolveMeeting(ctx.core.db, club, now, args.week as string | undefined);
    const done = signUp(ctx.core.db, club, ctx.member, meeting, now);
    return publicReply(
      `${ctx.member.displayName} will present **week ${done.week}: ${done.paper!.title}** on ${formatSlot(done.slotAt, club.timezone)}. Thank you! (Changed your mind? /withdraw ${done.week})`,
      { postUpdate: postUpdateFor(ctx.core.db, club, done.slotAt) },
    );
  },
} satisfies Command;

export const withdrawCommand = {
  group: null,
  name: 'withdraw',
  description: 'Withdraw from presenting a week (default: your next one)',
  options: [{ name: 'week', description: 'Week number, date or paper', type: 'string', autocomplete: 'my-week', rest: true }],
  needsClub: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const m = withdraw(ctx.core.db, club, ctx.member, ctx.clock().getTime(), args.week as string | undefined);
    return publicReply(`${ctx.member.displayName} withdrew from week ${m.week} (${m.paper!.title}). It is open again: /signup ${m.week}`, {
      postUpdate: postUpdateFor(ctx.core.db, club, m.slotAt),
    });
  },
} satisfies Command;

export const signUpCommands: Command[] = [signup, withdrawCommand];
