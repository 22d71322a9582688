import { addMeetingLink, announcedMeeting, mayAddLinks } from '../../club/meeting-links.ts';
import { linksMarkdown, newLinkText } from '../../render/meeting-links.ts';
import { UserError } from '../../errors.ts';
import { privateReply } from '../../render/replies.ts';
import { requireClub, str } from '../shared.ts';
import { MAX_MEETING_NUMBER } from '../validate-args.ts';
import type { Command } from '../types.ts';
import { linksOf } from '../../store/club-life.ts';
import { getPaper } from '../../store/catalog.ts';

/** `/paper links <meeting> [url] [label]` — a meeting's slides, recording, code, summary: add one, or list them. */
export default {
  group: 'paper',
  name: 'links',
  description: "A meeting's slides, recording, code or summary: add a link (presenters, admins), or list them",
  options: [
    { name: 'meeting', description: 'Meeting number (see /paper history)', type: 'integer', required: true, minValue: 1, maxValue: MAX_MEETING_NUMBER },
    { name: 'url', description: 'The link (http or https); leave out to list the links', type: 'string', maxLength: 500 },
    { name: 'label', description: 'slides, recording, code, summary, or your own words (guessed from the link if left out)', type: 'string', maxLength: 80, rest: true },
  ],
  needsClub: true,
  async handle(ctx, args) {
    const club = requireClub(ctx);
    const meeting = await announcedMeeting(ctx.db, club, Number(args.meeting));
    const title = (await getPaper(ctx.db, meeting.paperId!))?.title ?? 'its paper';
    const url = str(args.url);
    if (!url) {
      const links = await linksOf(ctx.db, club.id, meeting.slotAt);
      return privateReply(
        links.length
          ? `Meeting ${meeting.number}, **${title}**: ${linksMarkdown(links)}`
          : `Meeting ${meeting.number} has no links yet. Its presenters or an admin add one: /paper links ${meeting.number} <url> [label]`,
      );
    }
    if (!(await mayAddLinks(ctx.db, club, meeting.slotAt, ctx.member, ctx.isAdmin))) {
      throw new UserError('not-presenter', `Only meeting ${meeting.number}'s presenters or a club admin can add its links.`);
    }
    const link = await addMeetingLink(ctx.db, club, meeting, { url, label: str(args.label), memberId: ctx.member.id, now: ctx.clock().getTime() });
    return privateReply(`Added ${link.label} to meeting ${meeting.number} (${title}): ${link.url}. It is posted under the meeting's post.`, {
      announce: { text: newLinkText(club, meeting, link, title), meetingAt: meeting.slotAt },
    });
  },
} satisfies Command;
