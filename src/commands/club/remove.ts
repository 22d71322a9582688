import { UserError } from '../../errors.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { deleteClub } from '../../store/clubs.ts';
import { queueOrphanEvents } from '../../store/meeting-events.ts';

/**
 * `/club remove` — end this channel's club: its schedule and sign-ups go, its Discord events still ahead are
 * cancelled; members' read marks and notes stay.
 */
export default {
  group: 'club',
  name: 'remove',
  description: "End this channel's club: its schedule and sign-ups go; members' read marks and notes stay",
  options: [{ name: 'confirm', description: "Type 'yes' to confirm", type: 'string', required: true, choices: [{ name: 'yes', value: 'yes' }] }],
  admin: true,
  affectsSchedule: true,
  async handle(ctx, args) {
    if (String(args.confirm ?? '').trim().toLowerCase() !== 'yes') {
      throw new UserError('not-confirmed', 'Nothing removed. To end this club, run /club remove yes (an export first: /club export).');
    }
    // Its meetings' platform events still ahead are cancelled by the next event sync (the records go with the club).
    await ctx.db.transaction(async (tx) => {
      await queueOrphanEvents(tx, ctx.club!, ctx.clock().getTime());
      await deleteClub(tx, ctx.club!.id);
          });
    return publicReply(`${ctx.club!.name} has ended: no more weekly posts here. Read marks and notes are kept. /club setup starts a new club.`);
  },
} satisfies Command;
