import { planUpcoming } from '../../club/planning.ts';
import { formatSlot, paperLink } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { requireClub, presenterText } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/paper upcoming` — the schedule for the coming weeks, with presenters. */
export default {
  group: 'paper',
  name: 'upcoming',
  description: 'The schedule for the coming weeks, with presenters',
  options: [{ name: 'weeks', description: 'How many weeks to show (1-20, default 6)', type: 'integer', minValue: 1, maxValue: 20 }],
  needsClub: true,
  handle(ctx, args) {
    const club = requireClub(ctx);
    const weeks = Math.min(20, Math.max(1, Number(args.weeks ?? 6) || 6));
    const plan = planUpcoming(ctx.db, club, ctx.clock().getTime(), weeks);
    const lines = plan.map((m) => {
      const when = formatSlot(m.slotAt, club.timezone);
      if (m.status === 'skipped') return `- ${when} — _skipped_`;
      if (!m.paper) return `- ${when} — _no paper left in the sequence_`;
      return `- **Week ${m.week}** · ${when} — ${paperLink(m.paper)} — ${presenterText(m.presenters.map((p) => p.displayName))}`;
    });
    const head = club.paused ? '_The club is paused: nothing will be posted until an admin runs /club resume._\n' : '';
    return publicReply(head + lines.join('\n') + '\n\nClaim a week with /signup <week>.', { title: `Upcoming — ${club.name}` });
  },
} satisfies Command;
