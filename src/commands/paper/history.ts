import { mapInOrder } from '../../in-order.ts';
import { linksMarkdown } from '../../render/meeting-links.ts';
import { formatSlot, paperLink, plural } from '../../render/format.ts';
import { privateReply, publicReply } from '../../render/replies.ts';
import { requireClub } from '../shared.ts';
import type { Command } from '../types.ts';
import { pastMeetings } from '../../store/meetings.ts';
import { attendanceCount } from '../../store/attendance.ts';
import { presentersAt } from '../../store/sign-ups.ts';
import { readCount } from '../../store/marks.ts';
import { linksOf } from '../../store/club-life.ts';
import { getPaper } from '../../store/catalog.ts';

const PAGE = 10;

/** `/paper history` — past meetings: paper, presenter, and how many read it. */
export default {
  group: 'paper',
  name: 'history',
  description: 'Past meetings: paper, presenter, and how many read it',
  options: [{ name: 'page', description: 'Page number', type: 'integer', minValue: 1, maxValue: 1000 }],
  needsClub: true,
  async handle(ctx, args) {
    const club = requireClub(ctx);
    const db = ctx.db;
    const page = Math.max(1, Number(args.page ?? 1) || 1);
    const rows = await pastMeetings(db, club.id, PAGE + 1, (page - 1) * PAGE);
    const now = ctx.clock().getTime();
    if (!rows.length) return privateReply(page === 1 ? 'No meetings yet. The first post comes at the next scheduled slot.' : 'No more history.');
    const lines = await mapInOrder(rows.slice(0, PAGE), async (m) => {
      const p = await getPaper(db, m.paperId!);
      const presenters = (await presentersAt(db, club.id, m.slotAt)).map((x) => x.displayName);
      const reads = p ? await readCount(db, p.id, club.platform, club.workspace) : 0;
      // The time as it was announced, in the zone the meeting was held in.
      // Rotation & wrap-up: what the meeting left (slides, recording …) and how many said they were there.
      const links = await linksOf(db, club.id, m.slotAt);
      const there = await attendanceCount(db, club.id, m.slotAt);
      const wrapUp = `${there ? ` — ${there} there` : ''}${links.length ? ` — ${linksMarkdown(links)}` : ''}`;
      // An announced meeting is listed from its post on (its readers count already), but not as if it had been held.
      const coming = m.slotAt > now ? ' _(announced, not held yet)_' : '';
      return `- ${formatSlot(m.slotAt, m.timezone ?? club.timezone)} — **Meeting ${m.number ?? '?'}** ${p ? paperLink(p) : '(removed)'}${coming} — ${presenters.join(', ') || 'no presenter'} — ${plural(reads, 'reader')}${wrapUp}`;
    });
    return publicReply(lines.join('\n'), { title: `History — ${club.name}`, more: rows.length > PAGE ? `/paper history ${page + 1}` : undefined });
  },
} satisfies Command;
