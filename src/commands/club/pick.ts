import { putPaperOnMeeting } from '../../club/admin-actions.ts';
import { planUpcoming } from '../../club/planning.ts';
import { UserError } from '../../errors.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { CONFIRM_OPTION, paperForPlan, withConfirm } from '../shared.ts';
import { replyNamingPapers } from '../paper-details.ts';
import { getPaper } from '../../store/catalog.ts';

/** `/club pick` — make a paper the next meeting's (the next one not announced yet). */
export default {
  group: 'club',
  name: 'pick',
  description: 'Make a paper the next meeting’s (the next one not announced yet)',
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', rest: true, kind: 'paper', maxLength: 300 }, CONFIRM_OPTION],
  admin: true,
  affectsPlan: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const paper = await paperForPlan(ctx, String(args.paper ?? ''));
    const now = ctx.clock().getTime();
    const target = (await planUpcoming(ctx.db, club, now, 60)).find((x) => x.status === 'upcoming');
    if (!target) throw new UserError('no-meeting', 'There is no upcoming meeting to pick a paper for. Check /paper upcoming.');
    await putPaperOnMeeting(ctx.db, club, paper, target, 'pick', now, args.confirm === 'yes', withConfirm('club pick', args, ['paper']));
    const number = (await planUpcoming(ctx.db, club, now, 60)).find((x) => x.plannedId === target.plannedId)?.number ?? target.number;
    return replyNamingPapers(ctx, [paper.id], async () =>
      (await publicReply(`Next up for meeting ${number} on ${formatSlot(target.slotAt, club.timezone)}: **${(await getPaper(ctx.db, paper.id))?.title ?? paper.title}**.`)),
    );
  },
} satisfies Command;
