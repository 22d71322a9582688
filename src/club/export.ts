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
import { heldMeetingsOf, notesIn, papersTouchedIn, readersIn } from '../store/export.ts';

/** The club's meetings, read marks and notes as markdown; private members are counted, not named. */
export async function exportClub(db: Db, club: Club): Promise<string> {
  await flushReadMarks(db);
  const out: string[] = [`# ${club.name} — paper club export`, '', `List: ${club.sequenceSlug} · meetings ${describeSchedule(scheduleOf(club))}`, ''];
  const meetings = await heldMeetingsOf(db, club.id);
  const touched = await papersTouchedIn(db, club);
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
    const rs = await readersIn(db, club, pid);
    const hidden = rs.filter((r) => r.private === 1).length;
    const named = rs.filter((r) => r.private !== 1).map((r) => r.name);
    out.push(`Read by (${rs.length}): ${named.join(', ') || '—'}${hidden ? ` (+${hidden} private)` : ''}`, '');
    const notes = await notesIn(db, club, pid);
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
