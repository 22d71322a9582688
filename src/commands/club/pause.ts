import { privateReply, publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { updateClub } from '../../store/clubs.ts';

/** `/club pause` — pause weekly posts (no paper is used up while paused). */
export default {
  group: 'club',
  name: 'pause',
  description: 'Pause weekly posts (no paper is used up while paused)',
  options: [],
  admin: true,
  affectsSchedule: true,
  async handle(ctx) {
    if (ctx.club!.paused) return privateReply('The club is already paused. /club resume restarts it.');
    await updateClub(ctx.db, ctx.club!.id, { paused: true });
    return publicReply('Paused: no weekly posts until an admin runs /club resume.');
  },
} satisfies Command;
