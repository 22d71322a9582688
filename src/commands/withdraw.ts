import { postUpdateFacts } from '../club/posting.ts';
import { renderPostUpdate } from '../render/reply.ts';
import { withdraw } from '../club/sign-ups.ts';
import { formatSlot, localDate } from '../render/format.ts';
import { publicReply } from '../render/replies.ts';
import type { Command } from './types.ts';

/** `/withdraw` — withdraw from presenting at a meeting (default: your next one). */
export default {
  group: null,
  name: 'withdraw',
  description: 'Withdraw from presenting at a meeting (default: your next one)',
  options: [{ name: 'week', description: 'Meeting number, date or paper', type: 'string', autocomplete: 'my-week', rest: true, kind: 'week', maxLength: 300 }],
  needsClub: true,
  changesHome: 'everyone',
  async handle(ctx, args) {
    const club = ctx.club!;
    const m = await withdraw(ctx.db, club, ctx.member, ctx.clock().getTime(), args.week as string | undefined);
    const date = localDate(m.slotAt, club.timezone);
    return publicReply(`${ctx.member.displayName} withdrew from meeting ${m.number ?? ''} on ${formatSlot(m.slotAt, club.timezone)} (${m.paper?.title ?? 'no paper yet'}). It is open again: /signup ${date}`, {
      postUpdate: renderPostUpdate(await postUpdateFacts(ctx.db, club, m.slotAt)),
    });
  },
} satisfies Command;
