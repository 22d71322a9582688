import { resolveSuggestion } from '../club/suggestions.ts';
import { privateReply, publicReply } from '../render/replies.ts';
import { replyNamingPapers } from './paper-details.ts';
import type { Command } from './types.ts';
import { openVoteOf } from '../store/votes.ts';
import { addSuggestion, openSuggestions } from '../store/votes.ts';
import { communityOf } from '../store/catalog.ts';
import { getPaper } from '../store/catalog.ts';

/** `/suggest <paper>` — put a paper forward for the club's next vote (a catalog paper, or a new arXiv link / title). */
export default {
  group: null,
  name: 'suggest',
  description: 'Suggest a paper for the next vote (a paper of the catalog, an arXiv link, or a new title)',
  options: [
    { name: 'paper', description: 'Title, nickname, arXiv id or link', type: 'string', required: true, autocomplete: 'paper', rest: true, maxLength: 300 },
    { name: 'new', description: 'Add it as a new paper even if a similar title exists', type: 'boolean' },
  ],
  needsClub: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const { paper, created } = await ctx.db.transaction(async (tx) => await resolveSuggestion(tx, String(args.paper ?? ''), args.new === true, communityOf(ctx.where)));
    if (!(await addSuggestion(ctx.db, club, ctx.member, paper.id, now))) {
      return privateReply(`You have already suggested **${paper.title}**. It stands in the next vote.`);
    }
    const waiting = (await openSuggestions(ctx.db, club)).length;
    const added = created ? ' (new to the catalog)' : '';
    const open = await openVoteOf(ctx.db, club.id);
    const when = open ? ' A vote is open now, so it stands in the one after.' : ' It will stand in the next vote (/club vote).';
    // A paper new to the catalog is named by its link until arXiv answers: the reply waits a little, else is edited
    // (the same words as when it was sent, with the title).
    return replyNamingPapers(ctx, [paper.id], async () => {
      const title = (await getPaper(ctx.db, paper.id))?.title ?? paper.title;
      // Public: the club sees what was put forward. A private member suggests privately (their name stays out of it).
      const text = `Suggested: **${title}**${added}.${when} ${waiting} suggestion${waiting === 1 ? '' : 's'} waiting.`;
      return ctx.member.private ? privateReply(text) : publicReply(`${ctx.member.displayName} suggested **${title}**${added}.${when}`);
    });
  },
} satisfies Command;
