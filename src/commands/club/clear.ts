import { postUpdateFacts } from '../../club/posting.ts';
import { renderPostUpdate } from '../../render/reply.ts';
import { resolveMeeting } from '../../club/sign-ups.ts';
import { UserError } from '../../errors.ts';
import { formatSlot, localDate } from '../../render/format.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command } from '../types.ts';
import { clearPresenters, presentersAt } from '../../store/sign-ups.ts';

/** `/club clear` — remove the presenter(s) of a meeting; they are told. */
export default {
  group: 'club',
  name: 'clear',
  description: 'Remove the presenter(s) of a meeting',
  options: [{ name: 'week', description: 'Meeting number, date or paper', type: 'string', required: true, autocomplete: 'week', rest: true, kind: 'week', shown: 'meeting', maxLength: 300 }],
  admin: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const which = str(args.week);
    if (!which) throw new UserError('missing-week', 'Say which meeting: /club clear <meeting number|date|paper>. See /paper upcoming.');
    const m = await resolveMeeting(ctx.db, club, ctx.clock().getTime(), which);
    const presenters = await presentersAt(ctx.db, club.id, m.slotAt);
    const when = formatSlot(m.slotAt, club.timezone);
    if (!presenters.length) return privateReply(`Meeting ${m.number} on ${when} has no presenter.`);
    await clearPresenters(ctx.db, club.id, m.slotAt);
    const names = presenters.map((p) => p.displayName).join(', ');
    return publicReply(`Meeting ${m.number} on ${when} (${m.paper?.title ?? 'no paper yet'}) has no presenter now (was ${names}). /signup ${localDate(m.slotAt, club.timezone)} to take it.`, {
      postUpdate: renderPostUpdate(await postUpdateFacts(ctx.db, club, m.slotAt)),
      notices: presenters.map((member) => ({ member, text: `An admin of ${club.name} removed you as presenter of the meeting on ${when}.` })),
    });
  },
} satisfies Command;
