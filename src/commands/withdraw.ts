import { postUpdateFor } from '../club/posting.ts';
import { withdraw } from '../club/sign-ups.ts';
import { publicReply } from '../render/replies.ts';
import type { Command } from './types.ts';

/** `/withdraw` — withdraw from presenting a week (default: your next one). */
export default {
  group: null,
  name: 'withdraw',
  description: 'Withdraw from presenting a week (default: your next one)',
  options: [{ name: 'week', description: 'Week number, date or paper', type: 'string', autocomplete: 'my-week', rest: true, kind: 'week', maxLength: 300 }],
  needsClub: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const m = withdraw(ctx.db, club, ctx.member, ctx.clock().getTime(), args.week as string | undefined);
    return publicReply(`${ctx.member.displayName} withdrew from week ${m.week} (${m.paper!.title}). It is open again: /signup ${m.week}`, {
      postUpdate: postUpdateFor(ctx.db, club, m.slotAt),
    });
  },
} satisfies Command;
