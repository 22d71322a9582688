import { skipMeeting } from '../../club/admin-actions.ts';
import { postFactsFor } from '../../club/posting.ts';
import { resolveMeeting } from '../../club/sign-ups.ts';
import { formatSlot, localDate } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { renderWeeklyPost } from '../../render/weekly-post.ts';
import { str } from '../shared.ts';
import type { Command } from '../types.ts';
import { getMeeting, postsOfMeeting } from '../../store/meetings.ts';

/** `/club skip` — no meeting on a date (default: the next one); its paper moves to the meeting after. */
export default {
  group: 'club',
  name: 'skip',
  description: 'No meeting on a date (default: the next one); its paper moves to the meeting after',
  options: [{ name: 'week', description: 'Meeting number or date (default: the next meeting)', type: 'string', autocomplete: 'week', kind: 'week', maxLength: 300 }],
  admin: true,
  affectsPlan: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const target = str(args.week) ? await resolveMeeting(ctx.db, club, now, str(args.week)) : undefined;
    const { skipped, next, notices, announced } = await skipMeeting(ctx.db, club, now, target);
    const when = formatSlot(skipped.slotAt, club.timezone);
    // An announced meeting's post is edited to say it is off.
    let postUpdate;
    if (announced && skipped.paper) {
      const row = (await getMeeting(ctx.db, club.id, skipped.slotAt))!;
      const facts = await postFactsFor(ctx.db, club, row, skipped.paper.id);
      const messages = await postsOfMeeting(ctx.db, row.id);
      if (facts && messages.length) postUpdate = { post: renderWeeklyPost(facts), messages };
    }
    const moves = skipped.paper && next?.paper?.id === skipped.paper.id ? ` **${skipped.paper.title}** moves to the next meeting, ${formatSlot(next.slotAt, club.timezone)}.` : '';
    return publicReply(`No meeting on ${when}.${moves} (Undo: /club unskip ${localDate(skipped.slotAt, club.timezone)})`, { notices, postUpdate });
  },
} satisfies Command;
