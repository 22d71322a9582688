
import { listSizeText } from '../../render/format.ts';
import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { allLists, communityOf } from '../../store/catalog.ts';
/** `/paper lists` — the reading lists this community sees: the shared ones and its own. */
export default {
  group: 'paper',
  name: 'lists',
  description: 'The reading lists loaded in the bot',
  options: [],
  async handle(ctx) {
    const lists = await allLists(ctx.db, communityOf(ctx.where));
    if (!lists.length) return privateReply('No reading lists are loaded yet. An admin can /club import one.');
    const mine = ctx.club?.sequenceSlug;
    return privateReply(
      lists
        .map((l) => `- \`${l.slug}\` — ${l.title} (${listSizeText(l)})${l.owner ? ' · imported here' : ''}${l.slug === mine ? ' ← this club' : ''}`)
        .join('\n'),
      { title: 'Reading lists' },
    );
  },
} satisfies Command;
