import { planUpcoming } from '../../club/planning.ts';
import { formatSlot, paperLink } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { requireClub, presenterText } from '../shared.ts';
import type { Command } from '../types.ts';

const ORIGIN_WORDS = { pick: 'picked', move: 'moved here', vote: 'voted', carried: 'from a skipped date' } as const;

/** `/paper upcoming` — the meetings ahead: date, number, paper (and why, when not the list's order), presenters. */
export default {
  group: 'paper',
  name: 'upcoming',
  description: 'The meetings ahead, with papers and presenters',
  options: [{ name: 'weeks', description: 'How many meetings to show (1-20, default 6)', type: 'integer', minValue: 1, maxValue: 20, shown: 'count' }],
  needsClub: true,
  async handle(ctx, args) {
    const club = requireClub(ctx);
    const count = Math.min(20, Math.max(1, Number(args.weeks ?? 6) || 6));
    const plan = await planUpcoming(ctx.db, club, ctx.clock().getTime(), count);
    const lines = plan.map((m) => {
      const when = formatSlot(m.slotAt, club.timezone);
      if (m.skipReason === 'no-paper' || (m.status === 'upcoming' && !m.paper)) return `- ${when} — _no paper left on the list_`;
      if (m.status === 'skipped' || m.status === 'missed') return `- ${when} — _${m.status}_`;
      const posted = m.status === 'posted' || m.status === 'posting' ? ' (announced)' : '';
      // Why it has this paper, when it is not simply the list's next one.
      const why = m.origin && m.origin !== 'list' ? ` _(${ORIGIN_WORDS[m.origin]})_` : '';
      return `- **Meeting ${m.number}** · ${when}${posted} — ${paperLink(m.paper!)}${why} — ${presenterText(m.presenters.map((p) => p.displayName))}`;
    });
    const head = club.paused ? '_The club is paused: nothing will be posted until an admin runs /club resume._\n' : '';
    return publicReply(head + lines.join('\n') + '\n\nPresent at one with /signup <meeting number or date>.', { title: `Upcoming — ${club.name}` });
  },
} satisfies Command;
