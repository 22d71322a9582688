import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { joinRotation, rotationOf } from '../../store/rotation.ts';

/** `/rotation join` — volunteer for the presenter rotation. */
export default {
  group: 'rotation',
  name: 'join',
  description: 'Volunteer for the presenter rotation (you are asked by DM when it is your turn)',
  options: [],
  needsClub: true,
  async handle(ctx) {
    const club = ctx.club!;
    const added = await joinRotation(ctx.db, club.id, ctx.member.id, ctx.clock().getTime());
    const off = await rotationOf(ctx.db, club.id) ? '' : ' The rotation is off for now; an admin turns it on with /club rotation on.';
    return privateReply(
      (added ? "You're in the presenter rotation: when it's your turn I'll ask you by DM (Accept or Pass). Leave with /rotation leave." : "You're already in the presenter rotation.") + off,
    );
  },
} satisfies Command;
