import { sql } from 'kysely';
import { formatSlot } from '../render/format.ts';
import type { Db } from '../store/db.ts';
import type { Club } from './types.ts';
import { describeSchedule } from '../calendar/meeting-schedule.ts';
import { scheduleOf } from './planning.ts';
import { linksMarkdown } from './meeting-links.ts';
import { candidatesOf, countsOf, votesOf } from '../store/votes.ts';
import { suggestionsOf } from '../store/votes.ts';
import { linksOf } from '../store/club-life.ts';
import { getPaper } from '../store/catalog.ts';
import { flushReadMarks } from '../store/mark-writer.ts';

// Marks and notes belong to this club when made in it, or outside any club by members of its workspace.
/** The rows of the club's workspace: its own, and those made outside any club (`x` is the row, `m` its member). */
const ofClub = (club: Club) => sql`m.platform = ${club.platform} AND m.workspace = ${club.workspace} AND (x.club_id = ${club.id} OR x.club_id IS NULL)`;

/** The club's meetings, read marks and notes as markdown; private members are counted, not named. */
export async function exportClub(db: Db, club: Club): Promise<string> {
  await flushReadMarks(db);
  const out: string[] = [`# ${club.name} — paper club export`, '', `List: ${club.sequenceSlug} · meetings ${describeSchedule(scheduleOf(club))}`, ''];
  const meetings = await db.all(sql`SELECT slot_at AS slotAt, number, timezone, paper_id AS paperId FROM meetings
     WHERE club_id = ${club.id} AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done') ORDER BY slot_at`) as Array<{ slotAt: number; number: number | null; timezone: string | null; paperId: number }>;
  const touched = await db.values<number>(sql`SELECT DISTINCT paper_id FROM (
       SELECT x.paper_id FROM notes x JOIN members m ON m.id = x.member_id WHERE ${ofClub(club)}
       UNION SELECT x.paper_id FROM read_marks x JOIN members m ON m.id = x.member_id WHERE ${ofClub(club)}) t`);
  const inMeetings = new Set(meetings.map((m) => m.paperId));
  const order = [...new Set([...meetings.map((m) => m.paperId), ...touched.filter((id) => !inMeetings.has(id))])];
  for (const pid of order) {
    const p = await getPaper(db, pid);
    if (!p) continue;
    const meeting = meetings.find((m) => m.paperId === pid);
    out.push(`## ${meeting?.number ? `Meeting ${meeting.number}: ` : ''}[${p.title}](${p.url})`, '');
    if (meeting) out.push(`Meeting: ${formatSlot(meeting.slotAt, meeting.timezone ?? club.timezone)}`, '');
    // Rotation & wrap-up: the meeting's slides, recording, code, summary.
    const links = meeting ? await linksOf(db, club.id, meeting.slotAt) : [];
    if (links.length) out.push(`Links: ${linksMarkdown(links)}`, '');
    const rs = await db.all<{ name: string; private: number }>(sql`SELECT m.display_name AS name, m.private FROM read_marks x JOIN members m ON m.id = x.member_id
       WHERE x.paper_id = ${pid} AND ${ofClub(club)} ORDER BY x.marked_at`);
    const hidden = rs.filter((r) => r.private === 1).length;
    const named = rs.filter((r) => r.private !== 1).map((r) => r.name);
    out.push(`Read by (${rs.length}): ${named.join(', ') || '—'}${hidden ? ` (+${hidden} private)` : ''}`, '');
    const notes = await db.all<{ name: string; body: string; at: number }>(sql`SELECT m.display_name AS name, x.body, x.created_at AS at FROM notes x JOIN members m ON m.id = x.member_id
       WHERE x.paper_id = ${pid} AND ${ofClub(club)} ORDER BY x.created_at, x.id`);
    for (const n of notes) {
      out.push(`- **${n.name}** (${new Date(n.at).toISOString().slice(0, 10)}): ${n.body.replace(/\n/g, '\n  ')}`);
    }
    out.push('');
  }
  out.push(...await votesSection(db, club));
  return out.join('\n');
}

/** The club's votes (counts only, never voters) and suggestions (private members unnamed). */
async function votesSection(db: Db, club: Club): Promise<string[]> {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const out: string[] = [];
  const votes = await votesOf(db, club.id);
  if (votes.length) {
    out.push('## Votes', '');
    for (const v of votes) {
      const candidates = await candidatesOf(db, v.id);
      const counts = await countsOf(db, v.id, Math.max(0, ...candidates.map((c) => c.idx + 1)));
      const state =
        v.state === 'open' ? `open, closes ${day(v.closesAt)}` : v.state === 'cancelled' ? 'cancelled' : `closed ${day(v.closedAt ?? v.closesAt)}`;
      const winner = v.winnerPaperId !== null ? candidates.find((c) => c.paper.id === v.winnerPaperId) : undefined;
      out.push(`- Vote opened ${day(v.openedAt)} (${state})${winner ? `: **${winner.paper.title}** won` : ''}`);
      for (const c of candidates) out.push(`  - ${c.paper.title}: ${counts[c.idx] ?? 0}`);
    }
    out.push('');
  }
  const suggestions = await suggestionsOf(db, club.id);
  if (suggestions.length) {
    out.push('## Suggestions', '');
    for (const s of suggestions) {
      const p = await getPaper(db, s.paperId);
      if (p) out.push(`- [${p.title}](${p.url}) — ${s.by ?? 'a member'}, ${day(s.at)}`);
    }
    out.push('');
  }
  return out;
}
