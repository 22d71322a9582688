import { unmarkRead } from '../club/read-marks.ts';
import { privateReply } from '../render/replies.ts';
import { paperOrThisWeek } from './shared.ts';
import type { Command } from './types.ts';

/** `/unread` — remove your read mark (default: this week's paper). */
export default {
  group: null,
  name: 'unread',
  description: "Remove your read mark (default: this week's paper)",
  options: [{ name: 'paper', description: 'Title, nickname, id, or a meeting (number or date)', type: 'string', autocomplete: 'paper', rest: true, kind: 'paper', maxLength: 300 }],
  changesHome: 'member',
  async handle(ctx, args) {
    const paper = await paperOrThisWeek(ctx, args.paper);
    const had = await unmarkRead(ctx.db, ctx.member.id, paper.id);
    return privateReply(had ? `Removed your read mark on **${paper.title}**.` : `You hadn't marked **${paper.title}** read.`);
  },
} satisfies Command;
