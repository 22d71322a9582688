import { unskipMeeting } from '../../club/admin-actions.ts';
import { postUpdateFacts } from '../../club/posting.ts';
import { renderPostUpdate } from '../../render/reply.ts';
import { UserError } from '../../errors.ts';
import { formatSlot, localDate } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { meetingsFrom } from '../../store/meetings.ts';

/** `/club unskip` — undo the skip of an upcoming meeting, named by its date: it comes back exactly as it was. */
export default {
  group: 'club',
  name: 'unskip',
  description: 'Undo the skip of an upcoming meeting',
  options: [{ name: 'date', description: 'The skipped date, YYYY-MM-DD (as /club skip and /paper upcoming show it)', type: 'string', required: true, kind: 'date', maxLength: 10 }],
  admin: true,
  affectsPlan: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const date = String(args.date ?? '').trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UserError('bad-date', `Give the skipped date as YYYY-MM-DD, e.g. /club unskip ${localDate(now, club.timezone)}.`);
    const skipped = (await meetingsFrom(ctx.db, club.id, 0)).find((m) => m.status === 'skipped' && localDate(m.slotAt, club.timezone) === date);
    if (!skipped) throw new UserError('not-skipped', `No skipped meeting on ${date}. /paper upcoming shows the skipped dates.`);
    const { meeting, notices, announced } = await unskipMeeting(ctx.db, club, skipped.slotAt, now);
    const what = meeting?.paper ? `: meeting ${meeting.number}, **${meeting.paper.title}**` : '';
    // An announced meeting's post, edited to "skipped" by the skip, says it is on again (never a second announcement).
    const postUpdate = announced ? renderPostUpdate(await postUpdateFacts(ctx.db, club, skipped.slotAt)) : undefined;
    return publicReply(`The meeting on ${formatSlot(skipped.slotAt, club.timezone)} is back on${what}.`, { notices, postUpdate });
  },
} satisfies Command;
