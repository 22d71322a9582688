import { mapInOrder } from '../in-order.ts';
import { papersOnOpenVote } from '../club/votes.ts';
import { UserError } from '../errors.ts';
import { privateReply } from '../render/replies.ts';
import type { Command } from './types.ts';
import { paperNamed } from './shared.ts';
import { openSuggestions, papersSuggestedBy, withdrawSuggestion } from '../store/votes.ts';
import { getPaper } from '../store/catalog.ts';

/** `/unsuggest <paper>` — take back your suggestion: later votes no longer offer it on your account. */
export default {
  group: null,
  name: 'unsuggest',
  description: 'Take back a paper you suggested for the next vote',
  options: [{ name: 'paper', description: 'Title, nickname or id of the paper you suggested', type: 'string', required: true, autocomplete: 'my-suggestion', rest: true, kind: 'paper', maxLength: 300 }],
  needsClub: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const mine = await papersSuggestedBy(ctx.db, club.id, ctx.member.id);
    if (!mine.size) throw new UserError('no-suggestion', 'You have no suggestions in this club. See the club’s with /suggestions.');
    const paper = await paperNamed(ctx, String(args.paper ?? ''));
    if (!(await withdrawSuggestion(ctx.db, club.id, ctx.member.id, paper.id))) {
      const titles = (await mapInOrder(mine, async (id) => (await getPaper(ctx.db, id))?.title)).filter((t): t is string => !!t);
      throw new UserError('not-your-suggestion', `You have not suggested **${paper.title}** here. Yours: ${titles.map((t) => `**${t}**`).join(', ')}.`);
    }
    const onBallot = (await papersOnOpenVote(ctx.db, club.id)).has(paper.id);
    const stillWaiting = (await openSuggestions(ctx.db, club)).some((s) => s.paper.id === paper.id);
    const notes = [
      // A ballot is fixed once the vote opens: members may have voted for it already.
      onBallot ? 'It stays on the ballot of the vote that is open now.' : null,
      stillWaiting ? 'Others suggested it too, so it still stands for the next vote.' : null,
    ].filter(Boolean);
    return privateReply(`Took back your suggestion of **${paper.title}**.${notes.length ? ` ${notes.join(' ')}` : ''}`);
  },
} satisfies Command;
