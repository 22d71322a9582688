import { progressOf } from '../club/progress.ts';
import { markRead, type ReadVia } from '../club/read-marks.ts';
import { progressSentence } from './progress-text.ts';
import { privateReply } from '../render/replies.ts';
import { paperOrThisWeek } from './shared.ts';
import type { Command, CommandContext } from './types.ts';

async function progressLine(ctx: CommandContext): Promise<string> {
  return progressSentence(await progressOf(ctx.db, ctx.club!, ctx.member.id));
}

/** `/read` — mark a paper read (default: this week's). */
export default {
  group: null,
  name: 'read',
  description: "Mark a paper read (default: this week's)",
  options: [{ name: 'paper', description: 'Title, nickname, id, or a meeting (number or date)', type: 'string', autocomplete: 'paper', rest: true, kind: 'paper', maxLength: 300 }],
  changesHome: 'member',
  internalArgs: ['via'],
  async handle(ctx, args) {
    const paper = await paperOrThisWeek(ctx, args.paper);
    const via: ReadVia = args.via === 'button' ? 'button' : 'command';
    const fresh = await markRead(ctx.db, ctx.member.id, paper.id, ctx.club?.id ?? null, via, ctx.clock().getTime());
    const tail = ctx.club ? ` ${await progressLine(ctx)}` : '';
    return privateReply(fresh ? `Marked **${paper.title}** read.${tail}` : `You had already marked **${paper.title}** read.${tail}`);
  },
} satisfies Command;
