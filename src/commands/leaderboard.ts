import { plural } from '../render/format.ts';
import { rankLabel } from './progress-text.ts';
import { publicReply } from '../render/replies.ts';
import type { Command } from './types.ts';
import { leaderboard } from '../store/marks.ts';

/** `/leaderboard` — who has read the most of this club's papers. */
export default {
  group: null,
  name: 'leaderboard',
  description: "Who has read the most of this club's papers",
  options: [],
  needsClub: true,
  async handle(ctx) {
    const rows = await leaderboard(ctx.db, ctx.club!, 10);
    const title = `Leaderboard — ${ctx.club!.name}`;
    if (!rows.length) return publicReply('No one has marked a paper read yet. React on the weekly post or use /read.', { title });
    return publicReply(rows.map((r) => `${rankLabel(r.rank)} ${r.member.displayName} — ${plural(r.read, 'paper')}`).join('\n'), { title });
  },
} satisfies Command;
