import { DEFAULT_ANSWER_HOURS } from '../../club/rotation.ts';
import { plural } from '../../render/format.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { rotationOf, setRotation, volunteerCount } from '../../store/rotation.ts';

/** `/club rotation on|off [answer_hours]` — the fair presenter rotation: volunteers are asked in turn by DM. */
export default {
  group: 'club',
  name: 'rotation',
  description: 'Presenter rotation: ask volunteers in turn by DM when a meeting has no presenter',
  options: [
    { name: 'mode', description: 'on or off', type: 'string', required: true, choices: [{ name: 'on', value: 'on' }, { name: 'off', value: 'off' }] },
    { name: 'answer_hours', description: `Hours an asked volunteer has to answer (1-72, default ${DEFAULT_ANSWER_HOURS})`, type: 'integer', minValue: 1, maxValue: 72 },
  ],
  admin: true,
  async handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const current = await rotationOf(ctx.db, club.id);
    if (args.mode === 'off') {
      if (!current) return privateReply('The presenter rotation is already off.');
      await setRotation(ctx.db, club.id, false, 0, now);
      return publicReply('The presenter rotation is off. Sign up to present with /signup.');
    }
    const hours = args.answer_hours !== undefined ? Number(args.answer_hours) : current ? current.answerMinutes / 60 : DEFAULT_ANSWER_HOURS;
    await setRotation(ctx.db, club.id, true, hours * 60, now);
    const n = await volunteerCount(ctx.db, club.id);
    return publicReply(
      `The presenter rotation is on: when a meeting has no presenter ${club.reminderLeadMinutes / 60} h before it, I ask the volunteer who presented ` +
        `least recently by DM (${hours} h to answer), then the next. Volunteer with /rotation join (${plural(n, 'volunteer')} so far); /signup works as before.`,
    );
  },
} satisfies Command;
