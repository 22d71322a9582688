import { paperButtons } from '../../render/weekly-post.ts';
import { currentMeeting, planUpcoming, plannedFromRow } from '../../club/planning.ts';
import { readCount } from '../../club/read-marks.ts';
import { formatSlot, plural } from '../../render/format.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import { requireClub, presenterText } from '../shared.ts';
import type { Command } from '../types.ts';

/** `/paper now` — this week's paper, who presents it, and how to mark it read. */
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
    const current = currentMeeting(db, club);
    const m = current ? plannedFromRow(db, club, current) : planUpcoming(db, club, now, 1).find((x) => x.paper);
    if (!m?.paper) return privateReply("There's no paper scheduled: the sequence is finished. An admin can /club pick one.");
    const p = m.paper;
    const reads = readCount(db, p.id, club.platform, club.workspace);
    const when = current ? `Meeting: ${formatSlot(m.slotAt, club.timezone)}` : `Next meeting: ${formatSlot(m.slotAt, club.timezone)}`;
    return publicReply([p.summary ? `> ${p.summary}${p.footnote ? '*' : ''}` : null, p.footnote ? `> _*${p.footnote}_` : null, when, `Presenting: ${presenterText(m.presenters.map((x) => x.displayName))}`, `${plural(reads, 'member has', 'members have')} read it. Mark it with /read${current ? ` or react ${club.readEmoji} on the post` : ''}.`].filter(Boolean).join('\n'), {
      title: `${m.week ? `Week ${m.week}: ` : ''}${p.title}`,
      url: p.url,
      buttons: paperButtons(club.id, p.id),
    });
  },
} satisfies Command;
