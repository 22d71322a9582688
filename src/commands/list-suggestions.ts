import { papersOnOpenVote } from '../club/votes.ts';
import { localDate, paperLink } from '../render/format.ts';
import { privateReply } from '../render/replies.ts';
import type { Command } from './types.ts';
import { openSuggestions, papersSuggestedBy } from '../store/votes.ts';

/** `/suggestions` — the papers members put forward that wait for a vote, who suggested them, and which are yours. */
export default {
  group: null,
  name: 'suggestions',
  description: 'The papers suggested for the next vote (take yours back with /unsuggest)',
  options: [],
  needsClub: true,
  async handle(ctx) {
    const club = ctx.club!;
    const waiting = await openSuggestions(ctx.db, club);
    if (!waiting.length) return privateReply('No suggestions are waiting. Put a paper forward with /suggest <paper>.', { title: `Suggestions — ${club.name}` });
    const mine = await papersSuggestedBy(ctx.db, club.id, ctx.member.id);
    const onBallot = await papersOnOpenVote(ctx.db, club.id);
    const lines = waiting.map((s, i) => {
      // The first to suggest it is named unless private (to themselves: "you"); the others are counted, never named.
      const first = s.by.id === ctx.member.id;
      const by = first ? 'you' : s.by.private ? 'a member' : s.by.displayName;
      const others = s.count > 1 ? ` and ${s.count - 1} more` : '';
      const tags = [mine.has(s.paper.id) && !first ? 'you too' : null, onBallot.has(s.paper.id) ? 'on the open vote' : null].filter(Boolean);
      return `${i + 1}. ${paperLink(s.paper)} — ${by}${others}, ${localDate(s.firstAt, club.timezone)}${tags.length ? ` (${tags.join(', ')})` : ''}`;
    });
    return privateReply(lines.join('\n'), {
      title: `Suggestions — ${club.name}`,
      more: 'A vote offers the list’s next papers plus these (/club vote). Take yours back with /unsuggest <paper>.',
    });
  },
} satisfies Command;
