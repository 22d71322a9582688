import { planUpcoming } from '../../club/planning.ts';
import { formatSlot } from '../../render/format.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { updateClub } from '../../store/clubs.ts';

/** `/club resume` — resume weekly posts. */
export default {
  group: 'club',
  name: 'resume',
  description: 'Resume weekly posts',
  options: [],
  admin: true,
  affectsSchedule: true,
  async handle(ctx) {
    if (!ctx.club!.paused) return privateReply('The club is not paused.');
    const club = await updateClub(ctx.db, ctx.club!.id, { paused: false });
    const next = (await planUpcoming(ctx.db, club, ctx.clock().getTime(), 1))[0];
    return publicReply(`Resumed.${next?.paper ? ` Next: meeting ${next.number}, **${next.paper.title}** on ${formatSlot(next.slotAt, club.timezone)}.` : ''}`);
  },
} satisfies Command;
