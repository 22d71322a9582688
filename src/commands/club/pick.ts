import { getPaper } from '../../catalog/catalog-store.ts';
import { placePaper } from '../../club/admin-actions.ts';
import { planUpcoming } from '../../club/planning.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { paperNamed } from '../shared.ts';
import { replyNamingPapers } from '../paper-details.ts';

/** `/club pick` — make a paper the next meeting's (the next one not announced yet). */
export default {
  group: 'club',
  name: 'pick',
  description: 'Make a paper the next meeting’s (the next one not announced yet)',
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', rest: true, maxLength: 300 }],
  admin: true,
  affectsPlan: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const paper = paperNamed(ctx, String(args.paper ?? ''));
    placePaper(ctx.db, club, paper.id, 0);
    const now = ctx.clock().getTime();
    const m = planUpcoming(ctx.db, ctx.club!, now, 8).find((x) => x.status === 'upcoming' && x.paper?.id === paper.id);
    const where = m ? ` for meeting ${m.number} on ${formatSlot(m.slotAt, club.timezone)}` : '';
    return replyNamingPapers(ctx, [paper.id], () =>
      publicReply(`Next up${where}: **${getPaper(ctx.db, paper.id)?.title ?? paper.title}**. The rest of the list follows after it.`),
    );
  },
} satisfies Command;
