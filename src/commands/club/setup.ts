import { setupClub } from '../../club/admin-actions.ts';
import { planUpcoming } from '../../club/planning.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/club setup` — start (or update) the paper club of this channel. */
export default {
  group: 'club',
  name: 'setup',
  description: 'Start (or update) the paper club of this channel',
  options: [
    { name: 'list', description: 'Reading list to follow (default latent-space)', type: 'string', autocomplete: 'list' },
    { name: 'cron', description: 'Schedule as cron, e.g. "0 17 * * 3" (Wednesdays 17:00)', type: 'string', words: 5 },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/London', type: 'string', autocomplete: 'timezone' },
  ],
  admin: true,
  affectsSchedule: true,
  checksChannel: true,
  handle(ctx, args) {
    const now = ctx.clock().getTime();
    const { club, created, sequenceReset } = setupClub(
      ctx.db,
      ctx.where,
      { list: str(args.list), cron: str(args.cron), timezone: str(args.timezone) },
      ctx.defaults,
      now,
    );
    const next = planUpcoming(ctx.db, club, now, 1)[0];
    const lines = [
      created ? `Paper club started here, following **${club.sequenceSlug}**.` : `Club updated.${sequenceReset ? ` Now following **${club.sequenceSlug}** from its first paper.` : ''}`,
      `Schedule: \`${club.cron}\` (${club.timezone}).`,
      next?.paper ? `First up: week ${next.week}, **${next.paper.title}** on ${formatSlot(next.slotAt, club.timezone)}.` : '',
      'Members: /signup to present, /read to mark papers read, /paper upcoming for the schedule.',
    ];
    return publicReply(lines.filter(Boolean).join('\n'));
  },
} satisfies Command;
