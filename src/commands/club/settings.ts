import { emojiChar } from '../../club/emoji.ts';
import { setAnnounceLead } from '../../club/admin-actions.ts';
import { parseMeetingLink } from '../../club/meeting-link.ts';
import { describeSchedule } from '../../calendar/meeting-schedule.ts';
import { scheduleOf } from '../../club/planning.ts';
import { UserError } from '../../errors.ts';
import { plural } from '../../render/format.ts';
import { privateReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { ChannelArg, Command } from '../types.ts';
import { updateClub } from '../../store/clubs.ts';

/**
 * `/club settings` — read emoji, presenters per meeting, reminder lead time, how early the post goes out, the
 * meeting link, and (Discord) a voice or stage channel the meetings are held in.
 */
export default {
  group: 'club',
  name: 'settings',
  description: 'Read emoji, presenters per meeting, reminder lead time, announce days',
  options: [
    { name: 'emoji', description: 'Reaction that marks the weekly paper read (a unicode or custom emoji)', type: 'string', kind: 'emoji', maxLength: 64 },
    { name: 'presenters', description: 'Presenters per meeting (1-5)', type: 'integer', minValue: 1, maxValue: 5 },
    { name: 'reminder_hours', description: 'Remind the presenter this many hours before (1-336)', type: 'integer', minValue: 1, maxValue: 336 },
    { name: 'announce_days', description: 'Post the paper this many days before the meeting (0-13; 0 = at the meeting)', type: 'integer', minValue: 0, maxValue: 13 },
    { name: 'link', description: 'Meeting link (Zoom, Meet, voice channel): an http(s) URL, or none to clear', type: 'string', maxLength: 500 },
    { name: 'voice', description: "Discord: hold meetings in this voice or stage channel (the Events tab entry is there)", type: 'voice-channel' },
    { name: 'no_voice', description: 'Discord: stop holding meetings in the voice or stage channel', type: 'boolean', pickerOnly: true },
  ],
  admin: true,
  namesBeforeValues: true,
  // The announce lead changes when the club's job fires.
  affectsSchedule: true,
  async handle(ctx, args) {
    const patch: Parameters<typeof updateClub>[2] = {};
    const emoji = str(args.emoji);
    if (emoji !== undefined) {
      if (emoji.length > 64 || /\s/.test(emoji)) throw new UserError('bad-emoji', 'Give a single emoji, e.g. ✅ or :white_check_mark:.');
      patch.readEmoji = emojiChar(emoji);
    }
    if (args.presenters !== undefined) {
      const n = Number(args.presenters);
      if (!Number.isInteger(n) || n < 1 || n > 5) throw new UserError('bad-presenters', 'Presenters per meeting must be 1 to 5.');
      patch.presentersPerMeeting = n;
    }
    if (args.reminder_hours !== undefined) {
      const h = Number(args.reminder_hours);
      if (!Number.isInteger(h) || h < 1 || h > 336) throw new UserError('bad-reminder', 'Reminder lead time must be 1 to 336 hours.');
      patch.reminderLeadMinutes = h * 60;
    }
    const link = str(args.link);
    if (link !== undefined) patch.meetingLink = parseMeetingLink(link);
    const voice = args.voice as ChannelArg | undefined;
    if (voice && args.no_voice === true) throw new UserError('bad-voice', 'Give either voice or no_voice, not both.');
    if (voice) {
      if (ctx.where.platform !== 'discord') throw new UserError('bad-voice', 'Voice and stage channels are for Discord clubs.');
      patch.meetingChannel = voice.channelId;
      patch.meetingChannelKind = voice.kind;
    }
    if (args.no_voice === true) {
      patch.meetingChannel = null;
      patch.meetingChannelKind = null;
    }
    if (args.announce_days !== undefined) {
      const d = Number(args.announce_days);
      if (!Number.isInteger(d) || d < 0 || d > 13) throw new UserError('bad-announce', 'Announce days must be 0 to 13.');
      await setAnnounceLead(ctx.db, ctx.club!, d * 24 * 60, ctx.clock().getTime());
    }
    const club = await updateClub(ctx.db, ctx.club!.id, patch);
    const lead = club.announceLeadMinutes;
    const announce = lead === 0 ? 'posted at the meeting time' : `posted ${lead % 1440 === 0 ? plural(lead / 1440, 'day') : `${Math.round(lead / 60)} h`} before`;
    return privateReply(
      `Read emoji ${club.readEmoji} · ${plural(club.presentersPerMeeting, 'presenter')} a meeting · reminders ${club.reminderLeadMinutes / 60} h before · paper ${announce} · meetings ${describeSchedule(scheduleOf(club))}${club.meetingLink ? ` · meeting link ${club.meetingLink}` : ''}${club.meetingChannel ? ` · meetings in the ${club.meetingChannelKind} channel <#${club.meetingChannel}>` : ''}${club.paused ? ' · paused' : ''}`,
    );
  },
} satisfies Command;
