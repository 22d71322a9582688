import { postUpdateFor } from '../../club/posting.ts';
import { clearPresenters, presentersOf } from '../../club/presenters.ts';
import { resolveMeeting } from '../../club/sign-ups.ts';
import { UserError } from '../../errors.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/club clear` — remove the presenter(s) of a week. */
export default {
  group: 'club',
  name: 'clear',
  description: 'Remove the presenter(s) of a week',
  options: [{ name: 'week', description: 'Week number, date or paper', type: 'string', required: true, autocomplete: 'week', rest: true, kind: 'week', maxLength: 300 }],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const m = resolveMeeting(ctx.db, club, ctx.clock().getTime(), str(args.week));
    if (!m.paper) throw new UserError('no-paper-that-week', 'That week has no paper.');
    const names = presentersOf(ctx.db, club.id, m.paper.id).map((p) => p.displayName);
    if (!names.length) return privateReply(`Week ${m.week} has no presenter.`);
    clearPresenters(ctx.db, club.id, m.paper.id);
    return publicReply(`Week ${m.week} (${m.paper.title}) has no presenter now (was ${names.join(', ')}). /signup ${m.week} to take it.`, {
      postUpdate: postUpdateFor(ctx.db, club, m.slotAt),
    });
  },
} satisfies Command;
