import { collisionText, setSchedule } from '../../club/admin-actions.ts';
import { describeSchedule, parseScheduleText } from '../../calendar/meeting-schedule.ts';
import { planUpcoming, scheduleOf } from '../../club/planning.ts';
import { UserError } from '../../errors.ts';
import { formatSlot } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { scheduleWarnings } from './schedule-notes.ts';
import { CONFIRM_OPTION, str, withConfirm } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/club schedule` — change when the club meets (weekday + time + zone, every N weeks; or a cron). */
export default {
  group: 'club',
  name: 'schedule',
  description: 'Change when the club meets, e.g. "wed 17:00" Europe/London, every 2 weeks',
  options: [
    { name: 'when', description: 'Meeting day and time, e.g. "wed 17:00" (or 5 cron fields)', type: 'string', required: true, rest: true, maxLength: 100 },
    { name: 'timezone', description: 'IANA time zone, e.g. America/New_York', type: 'string', autocomplete: 'timezone', kind: 'timezone', maxLength: 64 },
    { name: 'every', description: 'Meet every N weeks (1-8, default 1)', type: 'integer', minValue: 1, maxValue: 8 },
    CONFIRM_OPTION,
  ],
  admin: true,
  affectsSchedule: true,
  checksChannel: true,
  affectsPlan: true,
  async handle(ctx, args) {
    const current = ctx.club!;
    const typed = parseScheduleText(str(args.when) ?? '');
    if (typed.error) throw new UserError('bad-cron', typed.error);
    if (!typed.cron) throw new UserError('missing-when', 'Say when the club meets, e.g. /club schedule wed 17:00 Europe/London');
    const now = ctx.clock().getTime();
    const { club, start } = await setSchedule(
          ctx.db,
          current,
          {
            cron: typed.cron,
            timezone: str(args.timezone) ?? typed.timezone ?? current.timezone,
            everyWeeks: args.every !== undefined ? Number(args.every) : (typed.everyWeeks ?? 1),
            confirm: args.confirm === 'yes',
            command: withConfirm('club schedule', args, ['when', 'timezone']).replace(' confirm:yes', args.every !== undefined ? ` every:${args.every} confirm:yes` : ' confirm:yes'),
          },
          now,
        );
    // The next meeting that takes place (announced meetings keep their dates).
    const next = (await planUpcoming(ctx.db, club, now, 6)).find((m) => m.status !== 'skipped' && m.status !== 'missed');
    const nextText = next ? ` Next meeting: ${formatSlot(next.slotAt, club.timezone)}.` : '';
    const lines = [`Meetings: ${describeSchedule(scheduleOf(club))}.${nextText}`];
    if (start.tooClose.length) lines.push(collisionText(current, start, club));
    else if (start.latest && start.latest.slotAt > now && next?.slotAt === start.latest.slotAt) {
      lines.push(`Meeting ${start.latest.number} is already announced and keeps its date; the new schedule starts after it.`);
    }
    return publicReply([...lines, ...scheduleWarnings(club, now)].join('\n'));
  },
} satisfies Command;
