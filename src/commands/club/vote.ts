import { mapInOrder } from '../../in-order.ts';
import { formatSlot } from '../../render/format.ts';
import { openVote, parseVoteLength } from '../../club/votes.ts';
import { UserError } from '../../errors.ts';
import { publicReply } from '../../render/replies.ts';
import { CONFIRM_OPTION, str } from '../shared.ts';
import { paperFromText } from '../arguments.ts';
import { replyNamingPapers } from '../paper-details.ts';
import type { Command } from '../types.ts';
import { openVoteOf } from '../../store/votes.ts';
import { getPaper } from '../../store/catalog.ts';

/**
 * `/club vote [candidates] [closes]` — members vote on the next meeting's paper; `/club vote close` ends it early.
 * The handler records the vote; the dispatcher publishes it (poll, buttons) or reads and settles it (ClubCore).
 */
export default {
  group: 'club',
  name: 'vote',
  description: 'Let members vote on the next meeting’s paper (or close the open vote)',
  options: [
    {
      name: 'action',
      description: 'open (default) or close the open vote now',
      type: 'string',
      choices: [
        { name: 'open', value: 'open' },
        { name: 'close', value: 'close' },
      ],
    },
    { name: 'candidates', description: 'Papers, separated by commas (default: the list’s next papers and suggestions)', type: 'string', rest: true, maxLength: 1000 },
    { name: 'closes', description: 'How long it stays open: 36h, 2d, 14d (default 2 days, at most 32)', type: 'string', maxLength: 20 },
    CONFIRM_OPTION,
  ],
  admin: true,
  affectsPlan: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    if (args.action === 'close') {
      const open = await openVoteOf(ctx.db, club.id);
      if (!open) throw new UserError('no-vote', 'There is no open vote. Open one with /club vote.');
      return publicReply('Closing the vote…', { vote: { id: open.id, step: 'close' } });
    }
    const closesText = str(args.closes);
    const closesInMs = closesText === undefined ? undefined : parseVoteLength(closesText);
    if (closesInMs === null) throw new UserError('bad-closes', `closes: '${closesText!.slice(0, 20)}' is not a length. Write it like 36h or 2d.`);
    const names = str(args.candidates)?.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
    // Each name as every edit of the plan takes it: exactly, with a question for a near miss, never a guess.
    // Each piece read by the one grammar (a meeting number, a date, a quoted name), never a guessed typo.
    const candidates = names && (await mapInOrder(names, (n) => paperFromText(ctx, n, { guess: false })));
    const { vote, meeting, candidates: ballot } = await openVote(ctx.db, club, { candidates, closesInMs, by: ctx.member.userId, confirm: args.confirm === 'yes' }, now);
    // The ballot is published after this reply (ClubCore): titles looked up in time are on it, late ones edit it.
    return replyNamingPapers(ctx, ballot.map((c) => c.paper.id), async () => {
      const list = (await Promise.all(ballot.map(async (c) => `${c.idx + 1}. ${(await getPaper(ctx.db, c.paper.id))?.title ?? c.paper.title}`))).join('\n');
      return publicReply(
        `🗳️ Vote open on the paper for ${meeting.number ? `meeting ${meeting.number}` : 'the meeting'} on ${formatSlot(meeting.slotAt, club.timezone)}, until ${formatSlot(vote.closesAt, club.timezone)}:\n${list}`,
        { vote: { id: vote.id, step: 'open' } },
      );
    });
  },
} satisfies Command;
