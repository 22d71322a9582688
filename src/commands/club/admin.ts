import { privateReply } from '../../render/replies.ts';
import type { Command, MemberArg } from '../types.ts';
import { addClubAdmin, removeClubAdmin } from '../../store/clubs.ts';

/** `/club admin` — add or remove a club admin (besides server/workspace admins). */
export default {
  group: 'club',
  name: 'admin',
  description: 'Add or remove a club admin (besides server/workspace admins)',
  options: [
    { name: 'member', description: 'Who', type: 'member', required: true },
    { name: 'action', description: 'add or remove', type: 'string', choices: [{ name: 'add', value: 'add' }, { name: 'remove', value: 'remove' }] },
  ],
  admin: true,
  async handle(ctx, args) {
    const who = args.member as MemberArg;
    if (args.action === 'remove') await removeClubAdmin(ctx.db, ctx.club!.id, who.userId);
    else await addClubAdmin(ctx.db, ctx.club!.id, who.userId);
    return privateReply(`${who.displayName} is ${args.action === 'remove' ? 'no longer' : 'now'} a club admin.`);
  },
} satisfies Command;
