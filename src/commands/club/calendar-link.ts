import { feedToken, feedUrl, rotateFeedToken } from '../../club/calendar-feed.ts';
import { privateReply } from '../../render/replies.ts';
import { requireClub } from '../shared.ts';
import type { Command } from '../types.ts';

/**
 * `/club calendar-link [rotate]` — the club's subscribable calendar URL (private: whoever has it sees the meetings),
 * or a new one that replaces it. Only when the operator serves feeds (PAPERCLUB_HTTP_PORT + PAPERCLUB_PUBLIC_URL).
 */
export default {
  group: 'club',
  name: 'calendar-link',
  description: "The club's calendar subscription URL (private); rotate:yes replaces it",
  options: [{ name: 'rotate', description: 'Make a new URL; the old one stops working', type: 'boolean' }],
  admin: true,
  needsClub: true,
  changesHome: 'nothing',
  async handle(ctx, args) {
    const club = requireClub(ctx);
    if (!ctx.calendarFeedUrl) {
      return privateReply(
        'Calendar subscriptions are not turned on for this bot (its operator sets PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL). /paper calendar gives a file to import meanwhile.',
        { error: true },
      );
    }
    const now = ctx.clock().getTime();
    const rotate = args.rotate === true;
    const url = feedUrl(ctx.calendarFeedUrl, rotate ? await rotateFeedToken(ctx.db, club.id, now) : await feedToken(ctx.db, club.id, now));
    return privateReply(
      `${rotate ? 'New calendar link (the old one no longer works)' : 'Calendar link'} for ${club.name}:\n${url}\n` +
        'Add it in Google Calendar (Other calendars → From URL), Apple Calendar (New Calendar Subscription) or Outlook (Subscribe from web): ' +
        'meetings then update by themselves. Anyone with the link sees the meetings: share it with members only; /club calendar-link rotate:yes replaces it.',
    );
  },
} satisfies Command;
