import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { leaveRotation } from '../../store/rotation.ts';

/** `/rotation leave` — stop volunteering for the presenter rotation. */
export default {
  group: 'rotation',
  name: 'leave',
  description: 'Leave the presenter rotation (meetings you signed up for stay yours)',
  options: [],
  needsClub: true,
  async handle(ctx) {
    const left = await leaveRotation(ctx.db, ctx.club!.id, ctx.member.id, ctx.clock().getTime());
    return privateReply(left ? "You've left the presenter rotation. Meetings you signed up for stay yours (/withdraw gives one back)." : "You aren't in the presenter rotation. Join with /rotation join.");
  },
} satisfies Command;
