import { currentMeeting, planUpcoming, plannedFromRow, withClubBlurb } from '../../club/planning.ts';
import type { Club, PlannedMeeting } from '../../club/types.ts';
import { formatSlot, plural } from '../../render/format.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import { meetingChannelOf } from '../../club/post-content.ts';
import { interestedText, meetingChannelText, paperButtons } from '../../render/weekly-post.ts';
import { pageOf, pageUrl } from '../../club/club-page.ts';
import type { Db } from '../../store/db.ts';
import { meetingMs, requireClub, presenterText } from '../shared.ts';
import type { Command } from '../types.ts';
import { latestPostedMeeting } from '../../store/meetings.ts';
import { readCount } from '../../store/marks.ts';
import { shownEvent } from '../../store/meeting-events.ts';

/**
 * `/paper now` — this week's paper: the latest announced meeting until it is over. Between a meeting and the next
 * announcement it shows the meeting just held (the paper /read marks) and what comes next; a skipped date says so.
 */
export default {
  group: 'paper',
  name: 'now',
  description: "This week's paper, who presents it, and how to mark it read",
  options: [],
  needsClub: true,
  // The interested count of the meeting's Discord event is fetched fresh before the card is drawn.
  refreshesEvents: true,
  async handle(ctx) {
    const club = requireClub(ctx);
    const db = ctx.db;
    const now = ctx.clock().getTime();
    // The club's web page (issue 28), when it is on and this bot serves pages.
    // Independent reads, asked together (one wait on PostgreSQL; SQLite runs them in turn).
    const [page, current, ahead] = await Promise.all([
      ctx.calendarFeedUrl ? pageOf(db, club.id) : null,
      currentMeeting(db, club, now, meetingMs(ctx)),
      planUpcoming(db, club, now, 6),
    ]);
    const pageLine = page && ctx.calendarFeedUrl ? `Club page (schedule, history, reading list): ${pageUrl(ctx.calendarFeedUrl, page.token)}` : null;
    const skipped = ahead[0]?.status === 'skipped' ? ahead[0] : null;
    const skipNote = skipped
      ? `No meeting on ${formatSlot(skipped.slotAt, club.timezone)}: ${skipped.skipReason === 'no-paper' ? 'no paper was left on the list' : 'it is skipped'}.`
      : null;
    const next = ahead.find((x) => x.paper && x.status !== 'posted' && x.status !== 'posting') ?? null;
    if (current) return await card(db, club, await plannedFromRow(db, club, current), 'Meeting', [skipNote, pageLine]);
    const last = await latestPostedMeeting(db, club.id);
    const nextLine = next
      ? `Next: meeting ${next.number} on ${formatSlot(next.slotAt, club.timezone)} — **${next.paper!.title}** (its post goes out ${formatSlot(next.slotAt - club.announceLeadMinutes * 60_000, club.timezone)}).`
      : "Next: no paper left on this club's list. An admin can /club pick one or switch lists with /club setup <list>.";
    if (last?.paperId) return await card(db, club, await plannedFromRow(db, club, last), 'Last meeting', [skipNote, nextLine, pageLine]);
    if (next) return await card(db, club, next, 'Next meeting', [skipNote, pageLine]);
    return privateReply(`${skipNote ? `${skipNote} ` : ''}There's no paper left on this club's list. An admin can /club pick one or switch lists with /club setup <list>.`);
  },
} satisfies Command;

async function card(db: Db, club: Club, m: PlannedMeeting, label: string, extra: Array<string | null>) {
  const [blurbed, reads, event] = await Promise.all([withClubBlurb(db, club, m), readCount(db, m.paper!.id, club.platform, club.workspace), shownEvent(db, club.id, m.slotAt)]);
  const p = blurbed.paper!;
  const announced = m.status === 'posted' || m.status === 'posting' || m.status === 'done';
  const channel = meetingChannelOf(club);
  const lines = [
    p.summary ? `> ${p.summary}${p.footnote ? '*' : ''}` : null,
    p.footnote ? `> _*${p.footnote}_` : null,
    `${label}: ${formatSlot(m.slotAt, club.timezone)}${announced ? '' : ' (not announced yet)'}`,
    `Presenting: ${presenterText(m.presenters.map((x) => x.displayName), label === 'Last meeting')}`,
    channel && label !== 'Last meeting' ? `Where: ${meetingChannelText(channel)}` : null,
    club.meetingLink && label !== 'Last meeting' ? `Join: ${club.meetingLink}` : null,
    event && label !== 'Last meeting' ? `Event: [${interestedText(event) ?? 'open it'}](${event.link}) — press Interested there for a reminder.` : null,
    `${plural(reads, 'member has', 'members have')} read it. Mark it with /read${announced ? ` or react ${club.readEmoji} on the post` : ''}.`,
    ...extra,
  ];
  return publicReply(lines.filter(Boolean).join('\n'), {
    title: `${m.number ? `Meeting ${m.number}: ` : ''}${p.title}`,
    url: p.url,
    // A meeting already held, or with all its presenters, takes no sign-ups: its card offers only Mark read.
    buttons: paperButtons(club.id, p.id, m.slotAt).slice(label === 'Last meeting' || m.presenters.length >= club.presentersPerMeeting ? 1 : 0),
  });
}
