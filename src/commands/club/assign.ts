import { postUpdateFacts } from '../../club/posting.ts';
import { renderPostUpdate } from '../../render/reply.ts';
import { resolveMeeting, signUp } from '../../club/sign-ups.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command, MemberArg } from '../types.ts';

/** `/club assign` — make a member a presenter of a meeting (within the club's presenters-per-meeting). */
export default {
  group: 'club',
  name: 'assign',
  description: 'Make a member a presenter of a meeting',
  options: [
    { name: 'member', description: 'Who presents', type: 'member', required: true },
    { name: 'week', description: 'Meeting number, date or paper (default: the next open meeting)', type: 'string', autocomplete: 'week', rest: true, kind: 'week', shown: 'meeting', maxLength: 300 },
  ],
  admin: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const who = await ctx.memberOf(args.member as MemberArg);
    const m = await resolveMeeting(ctx.db, club, now, str(args.week));
    // The same rules as a sign-up: one place per person, at most presenters-per-meeting.
    const done = await signUp(ctx.db, club, who, m, now);
    const when = formatSlot(done.slotAt, club.timezone);
    return publicReply(`${who.displayName} presents at meeting ${done.number} on ${when}: **${done.paper!.title}**.`, {
      postUpdate: renderPostUpdate(await postUpdateFacts(ctx.db, club, done.slotAt)),
      notices: who.id === ctx.member.id ? [] : [{ member: who, text: `${ctx.member.displayName} signed you up to present **${done.paper!.title}** in ${club.name} on ${when}. Can't make it? /withdraw` }],
    });
  },
} satisfies Command;
