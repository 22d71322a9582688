import { postUpdateFacts } from '../club/posting.ts';
import { renderPostUpdate } from '../render/reply.ts';
import { resolveMeeting, signUp } from '../club/sign-ups.ts';
import { formatSlot, localDate } from '../render/format.ts';
import { publicReply } from '../render/replies.ts';
import type { Command } from './types.ts';

/** `/signup` — sign up to present at a meeting (number, date YYYY-MM-DD, or paper); default: the next open one. */
export default {
  group: null,
  name: 'signup',
  description: 'Sign up to present at a meeting (number, date YYYY-MM-DD, or paper); default: the next open one',
  options: [{ name: 'week', description: 'Meeting number, date or paper', type: 'string', autocomplete: 'week', rest: true, kind: 'week', shown: 'meeting|date|paper', maxLength: 300 }],
  needsClub: true,
  changesHome: 'everyone',
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const meeting = await resolveMeeting(ctx.db, club, now, args.week as string | undefined);
    const done = await signUp(ctx.db, club, ctx.member, meeting, now);
    return publicReply(
      `${ctx.member.displayName} will present at **meeting ${done.number}** on ${formatSlot(done.slotAt, club.timezone)}: **${done.paper!.title}**. ` +
        `Thank you! The date is yours even if the paper changes (you'll be told). Changed your mind? /withdraw ${localDate(done.slotAt, club.timezone)}`,
      { postUpdate: renderPostUpdate(await postUpdateFacts(ctx.db, club, done.slotAt)) },
    );
  },
} satisfies Command;
