import { CALENDAR_MEETINGS, calendarFileName, clubCalendar } from '../../club/calendar-events.ts';
import { privateReply } from '../../render/replies.ts';
import { meetingMs, requireClub } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/paper calendar` — the club's next meetings as an .ics file to import into any calendar. */
export default {
  group: 'paper',
  name: 'calendar',
  description: 'The next meetings as a calendar file (.ics) for Google, Apple or Outlook',
  options: [],
  needsClub: true,
  async handle(ctx) {
    const club = requireClub(ctx);
    const content = await clubCalendar(ctx.db, club, ctx.clock().getTime(), meetingMs(ctx));
    return privateReply(
      `The next ${CALENDAR_MEETINGS} meetings of ${club.name}; your calendar shows them in your own time zone. ` +
        'Import the file again after changes: events keep their ids, so they update instead of doubling, and skipped meetings come as cancelled.',
      { file: { name: calendarFileName(club), content } },
    );
  },
} satisfies Command;
