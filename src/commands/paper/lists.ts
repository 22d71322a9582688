import { allLists } from '../../catalog/catalog-store.ts';
import { plural } from '../../render/format.ts';
import { privateReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';

/** `/paper lists` — the reading lists loaded in the bot. */
export default {
  group: 'paper',
  name: 'lists',
  description: 'The reading lists loaded in the bot',
  options: [],
  handle(ctx) {
    const lists = allLists(ctx.db);
    if (!lists.length) return privateReply('No reading lists are loaded yet. An admin can /club import one.');
    const mine = ctx.club?.sequenceSlug;
    return privateReply(lists.map((l) => `- \`${l.slug}\` — ${l.title} (${plural(l.entryCount, 'entry', 'entries')})${l.slug === mine ? ' ← this club' : ''}`).join('\n'), {
      title: 'Reading lists',
    });
  },
} satisfies Command;
