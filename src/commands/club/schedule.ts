import { setSchedule } from '../../club/admin-actions.ts';
import { planUpcoming } from '../../club/planning.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';

/** `/club schedule` — change when the weekly paper is posted (cron + time zone). */
export default {
  group: 'club',
  name: 'schedule',
  description: 'Change when the weekly paper is posted (cron + time zone)',
  options: [
    { name: 'cron', description: '5-field cron, e.g. "0 17 * * 3"', type: 'string', required: true, words: 5 },
    { name: 'timezone', description: 'IANA time zone, e.g. America/New_York', type: 'string', required: true, autocomplete: 'timezone' },
  ],
  admin: true,
  affectsSchedule: true,
  checksChannel: true,
  handle(ctx, args) {
    const club = setSchedule(ctx.db, ctx.club!, String(args.cron ?? ''), String(args.timezone ?? '').trim());
    const next = planUpcoming(ctx.db, club, ctx.clock().getTime(), 1)[0];
    return publicReply(`Schedule set to \`${club.cron}\` (${club.timezone}).${next ? ` Next meeting: ${formatSlot(next.slotAt, club.timezone)}.` : ''}`);
  },
} satisfies Command;
