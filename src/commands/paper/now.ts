import { paperButtons } from '../../render/weekly-post.ts';
import { currentMeeting, planUpcoming, plannedFromRow } from '../../club/planning.ts';
import { readCount } from '../../club/read-marks.ts';
import { formatSlot, plural } from '../../render/format.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import { meetingMs, requireClub, presenterText } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/paper now` — this week's paper (the latest announced meeting until it is over, then the next), who presents it. */
export default {
  group: 'paper',
  name: 'now',
  description: "This week's paper, who presents it, and how to mark it read",
  options: [],
  needsClub: true,
  handle(ctx) {
    const club = requireClub(ctx);
    const db = ctx.db;
    const now = ctx.clock().getTime();
    const current = currentMeeting(db, club, now, meetingMs(ctx));
    const ahead = planUpcoming(db, club, now, 6);
    const skippedNext = !current && ahead[0]?.status === 'skipped' ? ahead[0] : null;
    const m = current ? plannedFromRow(db, club, current) : ahead.find((x) => x.paper);
    const skipNote = skippedNext ? `No meeting on ${formatSlot(skippedNext.slotAt, club.timezone)} (skipped).` : null;
    if (!m?.paper) {
      const why = skipNote ? `${skipNote} ` : '';
      return privateReply(`${why}There's no paper left on this club's list. An admin can /club pick one or switch lists with /club setup <list>.`);
    }
    const p = m.paper;
    const reads = readCount(db, p.id, club.platform, club.workspace);
    const announced = m.status === 'posted' || m.status === 'posting';
    const when = `${announced ? 'Meeting' : 'Next meeting'}: ${formatSlot(m.slotAt, club.timezone)}${announced ? '' : ' (not announced yet)'}`;
    const lines = [
      skipNote,
      p.summary ? `> ${p.summary}${p.footnote ? '*' : ''}` : null,
      p.footnote ? `> _*${p.footnote}_` : null,
      when,
      `Presenting: ${presenterText(m.presenters.map((x) => x.displayName))}`,
      `${plural(reads, 'member has', 'members have')} read it. Mark it with /read${announced ? ` or react ${club.readEmoji} on the post` : ''}.`,
    ];
    return publicReply(lines.filter(Boolean).join('\n'), {
      title: `${m.number ? `Meeting ${m.number}: ` : ''}${p.title}`,
      url: p.url,
      buttons: paperButtons(club.id, p.id, m.slotAt),
    });
  },
} satisfies Command;
