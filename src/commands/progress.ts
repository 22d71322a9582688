import { progressOf } from '../club/progress.ts';
import { progressSentence } from './progress-text.ts';
import { plural } from '../render/format.ts';
import { privateReply } from '../render/replies.ts';
import type { Command, MemberArg } from './types.ts';
import { setMemberPrivate } from '../store/clubs.ts';
import { meetingsAttended } from '../store/attendance.ts';

/** `/progress` — your (or a member's) reading progress; 'private' hides you from the leaderboard. */
export default {
  group: null,
  name: 'progress',
  description: "Your (or a member's) reading progress; 'private' hides you from the leaderboard",
  options: [
    { name: 'member', description: 'Whose progress', type: 'member' },
    {
      name: 'visibility',
      description: 'Hide or show yourself on the leaderboard and who-read lists',
      type: 'string',
      choices: [
        { name: 'private', value: 'private' },
        { name: 'public', value: 'public' },
      ],
    },
  ],
  needsClub: true,
  async handle(ctx, args) {
    const db = ctx.db;
    if (args.visibility === 'private' || args.visibility === 'public') {
      await setMemberPrivate(db, ctx.member.id, args.visibility === 'private');
      return privateReply(
        args.visibility === 'private'
          ? "You're now private: you won't appear on the leaderboard or in who-read lists. Undo with /progress public."
          : "You're public again: you appear on the leaderboard and in who-read lists.",
      );
    }
    const target = args.member as MemberArg | undefined;
    const who = target ? await ctx.memberOf(target) : ctx.member;
    if (who.id !== ctx.member.id && who.private) return privateReply(`${who.displayName} keeps their progress private.`);
    // Rotation & wrap-up: meetings attended ("I was there"), beside papers read; asked together.
    const [p, attended] = await Promise.all([progressOf(db, ctx.club!, who.id), meetingsAttended(db, ctx.club!.id, who.id)]);
    const there = attended ? ` ${who.id === ctx.member.id ? 'You were' : `${who.displayName} was`} at ${plural(attended, 'meeting')}.` : '';
    return privateReply(progressSentence(p, who.id === ctx.member.id ? null : who.displayName) + there);
  },
} satisfies Command;
