import { unskipMeeting } from '../../club/admin-actions.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';

/** `/club unskip` — undo a skip. */
export default {
  group: 'club',
  name: 'unskip',
  description: 'Undo a skip',
  options: [{ name: 'slot', description: 'The slot id shown by /club skip', type: 'integer', required: true }],
  admin: true,
  handle(ctx, args) {
    unskipMeeting(ctx.core.db, ctx.club!, Number(args.slot), ctx.clock().getTime());
    return publicReply(`The meeting on ${formatSlot(Number(args.slot), ctx.club!.timezone)} is back on.`);
  },
} satisfies Command;
