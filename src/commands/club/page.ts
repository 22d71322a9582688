import { feedToken } from '../../club/calendar-feed.ts';
import { pageOf, pageUrl, rotatePageToken, turnPageOff, turnPageOn } from '../../club/club-page.ts';
import { currentMeeting } from '../../club/planning.ts';
import { postUpdateFacts } from '../../club/posting.ts';
import { renderPostUpdate } from '../../render/reply.ts';
import { UserError } from '../../errors.ts';
import { privateReply } from '../../render/replies.ts';
import { meetingMs, requireClub } from '../shared.ts';
import type { Command, CommandContext, PostUpdate } from '../types.ts';

/**
 * `/club page on|off|rotate [leaderboard]` — the club's web page (issue 28): its secret URL, answered privately;
 * `rotate` replaces the URL and `off` takes the page down (the old URL answers 404 either way). Only when the
 * operator serves HTTP (PAPERCLUB_HTTP_PORT + PAPERCLUB_PUBLIC_URL), as for calendar feeds.
 */
export default {
  group: 'club',
  name: 'page',
  description: "The club's web page: on (gives its URL), off, or rotate (a new URL)",
  options: [
    {
      name: 'mode',
      description: 'on, off or rotate',
      type: 'string',
      required: true,
      choices: [
        { name: 'on', value: 'on' },
        { name: 'off', value: 'off' },
        { name: 'rotate', value: 'rotate' },
      ],
    },
    { name: 'leaderboard', description: 'With on: show the leaderboard (public members only)', type: 'boolean' },
  ],
  admin: true,
  needsClub: true,
  changesHome: 'nothing',
  async handle(ctx, args) {
    const club = requireClub(ctx);
    const base = ctx.calendarFeedUrl;
    if (!base) {
      return privateReply('Club pages are not turned on for this bot (its operator sets PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL). /paper upcoming and /paper history show the same meanwhile.', {
        error: true,
      });
    }
    const now = ctx.clock().getTime();
    const mode = String(args.mode);
    if (args.leaderboard !== undefined && mode !== 'on') {
      throw new UserError('leaderboard-with-on', 'leaderboard goes with on: /club page on leaderboard:yes (or leaderboard:no).');
    }
    if (mode === 'off') {
      const was = await turnPageOff(ctx.db, club.id);
      return privateReply(was ? `The page of ${club.name} is off: its link no longer opens anything. /club page on makes a new one.` : 'The club page is already off.', {
        postUpdate: await currentPostUpdate(ctx),
      });
    }
    if (mode === 'rotate') {
      const token = await rotatePageToken(ctx.db, club.id, now);
      if (!token) throw new UserError('page-off', 'The club page is off: /club page on makes its link.');
      return privateReply(`New link for the page of ${club.name} (the old one no longer works):\n${pageUrl(base, token)}\n${SHARE}`, { postUpdate: await currentPostUpdate(ctx) });
    }
    const leaderboard = args.leaderboard === undefined ? undefined : args.leaderboard === true;
    const before = await pageOf(ctx.db, club.id);
    const page = await turnPageOn(ctx.db, club.id, now, leaderboard === undefined ? {} : { leaderboard });
    // The page's "add to calendar" is the club's feed: made now, as /club calendar-link would.
    await feedToken(ctx.db, club.id, now);
    const board = page.leaderboard
      ? 'It shows the leaderboard (members who set /progress private are never named); leaderboard:no hides it.'
      : 'The leaderboard is not shown; /club page on leaderboard:yes adds it (members who set /progress private are never named).';
    return privateReply(
      `${page.created ? 'The page' : before?.leaderboard !== page.leaderboard ? 'Updated: the page' : 'The page'} of ${club.name}:\n${pageUrl(base, page.token)}\n` +
        `It shows the next meeting, the plan ahead, every meeting held with its slides and recordings, reading and attendance, and the reading list. ${board}\n${SHARE}`,
      { postUpdate: page.created ? await currentPostUpdate(ctx) : undefined },
    );
  },
} satisfies Command;

const SHARE =
  'Anyone with the link can open the page (it is kept out of search engines): share it with people you would invite. /paper now and the weekly post link it. ' +
  '/club page rotate replaces the link; /club page off takes the page down.';

/** The announced meeting's post, rebuilt so it links the page as it is now (or no longer). */
async function currentPostUpdate(ctx: CommandContext): Promise<PostUpdate | undefined> {
  const club = requireClub(ctx);
  const current = await currentMeeting(ctx.db, club, ctx.clock().getTime(), meetingMs(ctx));
  return current ? renderPostUpdate(await postUpdateFacts(ctx.db, club, current.slotAt)) : undefined;
}
