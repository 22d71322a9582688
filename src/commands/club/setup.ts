import { collisionText, setupClub } from '../../club/admin-actions.ts';
import { describeSchedule, parseScheduleText } from '../../calendar/meeting-schedule.ts';
import { planUpcoming, scheduleOf } from '../../club/planning.ts';
import { UserError } from '../../errors.ts';
import { formatSlot, plural } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import { scheduleWarnings } from './schedule-notes.ts';
import { str, withConfirm } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/club setup` — start (or update) the paper club of this channel; switching lists asks for confirmation. */
export default {
  group: 'club',
  name: 'setup',
  description: 'Start (or update) the paper club of this channel',
  options: [
    { name: 'list', description: 'Reading list to follow (default latent-space)', type: 'string', autocomplete: 'list', kind: 'slug', maxLength: 64 },
    { name: 'when', description: 'Meeting day and time, e.g. "wed 17:00" (or 5 cron fields)', type: 'string', rest: true, maxLength: 100 },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/London', type: 'string', autocomplete: 'timezone', kind: 'timezone', maxLength: 64 },
    { name: 'every', description: 'Meet every N weeks (1-8, default 1)', type: 'integer', minValue: 1, maxValue: 8 },
    { name: 'confirm', description: 'yes: switch lists, or apply a change it asked about', type: 'string', choices: [{ name: 'yes', value: 'yes' }] },
    {
      name: 'resources',
      description: 'Schedule papers only (default) or also the list’s blogs, threads, repos and courses',
      type: 'string',
      choices: [
        { name: 'papers only', value: 'papers' },
        { name: 'include other resources', value: 'all' },
      ],
    },
  ],
  admin: true,
  affectsSchedule: true,
  checksChannel: true,
  affectsPlan: true,
  async handle(ctx, args) {
    const now = ctx.clock().getTime();
    const typed = parseScheduleText(str(args.when) ?? '');
    if (typed.error) throw new UserError('bad-cron', typed.error);
    const { club, created, switched, scheduleStart } = await setupClub(
          ctx.db,
          ctx.where,
          {
            list: str(args.list),
            cron: typed.cron,
            timezone: str(args.timezone) ?? typed.timezone,
            everyWeeks: args.every !== undefined ? Number(args.every) : typed.everyWeeks,
            confirm: args.confirm === 'yes',
            by: ctx.member.userId,
            includeResources: args.resources === undefined ? undefined : args.resources === 'all',
            command: withConfirm('club setup', args, ['list', 'when', 'timezone']),
          },
          ctx.defaults,
          now,
        );
    const next = (await planUpcoming(ctx.db, club, now, 1))[0];
    const lead = club.announceLeadMinutes;
    const leadText = lead === 0 ? 'at the meeting time' : `${lead % 1440 === 0 ? plural(lead / 1440, 'day') : plural(Math.round(lead / 60), 'hour')} before each meeting`;
    const lines = [
      created
        ? `Paper club started here, following **${club.sequenceSlug}**.`
        : switched
          ? `Now following **${switched.to}** (was ${switched.from}). Meetings held, sign-ups, and papers picked, moved or voted onto meetings are kept${switched.alreadyDiscussed ? `; ${plural(switched.alreadyDiscussed, 'paper')} of ${switched.to} already discussed here will not come again` : ''}.`
          : 'Club updated.',
      `Meetings: ${describeSchedule(scheduleOf(club))}. The paper is posted ${leadText}.`,
      scheduleStart ? collisionText(club, scheduleStart, club) : '',
      ...scheduleWarnings(club, now),
      next?.paper ? `First up: meeting ${next.number}, **${next.paper.title}** on ${formatSlot(next.slotAt, club.timezone)}.` : '',
      created ? 'Members: /signup to present, /read to mark papers read, /paper upcoming for the schedule.' : '',
    ];
    return publicReply(lines.filter(Boolean).join('\n'));
  },
} satisfies Command;
