import { clubMemberIds, heldMeetingsOf, membersByName, notesIn, papersTouchedIn, readersIn } from '../../store/export.ts';
import { flushReadMarks } from '../../store/mark-writer.ts';
import { formatSlot, listSizeText, plural } from '../../render/format.ts';
import type { Db } from '../../store/db.ts';
import type { Club } from '../../club/types.ts';
import { describeSchedule } from '../../calendar/meeting-schedule.ts';
import { scheduleOf } from '../../club/planning.ts';
import { linksMarkdown } from '../../render/meeting-links.ts';
import { progressOf } from '../../club/progress.ts';
import { communityOf } from '../../store/catalog.ts';
import { getList } from '../../store/catalog.ts';
import { getPaper } from '../../store/catalog.ts';
import { linksOf } from '../../store/club-life.ts';
import { suggestionsOf } from '../../store/votes.ts';
import { countsOf } from '../../store/votes.ts';
import { votesOf } from '../../store/votes.ts';
import { attendanceCount } from '../../store/attendance.ts';
import { meetingsAttended } from '../../store/attendance.ts';
import { meetingsFrom } from '../../store/meetings.ts';
import { presentersAt } from '../../store/sign-ups.ts';
import { candidatesOf } from '../../store/votes.ts';

// Marks and notes belong to this club when made in it, or outside any club by members of its workspace.

/**
 * Everything the club's history shows, as markdown: its meetings (paper, date, presenters, how many were there,
 * links, who read it, notes), skipped dates, each member's reading, attendance and talks (what /paper history,
 * /progress and the leaderboard show), votes (counts only) and suggestions. Private members are counted, not named.
 */
export async function exportClub(db: Db, club: Club): Promise<string> {
  await flushReadMarks(db);
  const list = await getList(db, club.sequenceSlug, communityOf(club));
  // The club's name is its channel ('#paper-club'): kept off the start of the heading, where '# #' reads as markup.
  const out: string[] = [
    `# Paper club export: ${club.name}`,
    '',
    `List: ${club.sequenceSlug}${list ? ` (${listSizeText(list)})` : ''} · meetings ${describeSchedule(scheduleOf(club))}`,
    '',
  ];
  const meetings = await heldMeetingsOf(db, club.id);
  const touched = await papersTouchedIn(db, club);
  const inMeetings = new Set(meetings.map((m) => m.paperId));
  const order = [...new Set([...meetings.map((m) => m.paperId), ...touched.filter((id) => !inMeetings.has(id))])];
  for (const pid of order) {
    const p = await getPaper(db, pid);
    if (!p) continue;
    const meeting = meetings.find((m) => m.paperId === pid);
    out.push(`## ${meeting?.number ? `Meeting ${meeting.number}: ` : ''}[${p.title}](${p.url})`, '');
    if (meeting) {
      out.push(`Meeting: ${formatSlot(meeting.slotAt, meeting.timezone ?? club.timezone)}`, '');
      const presenters = (await presentersAt(db, club.id, meeting.slotAt)).map((m) => m.displayName);
      out.push(`Presented by: ${presenters.join(', ') || 'no presenter'}`, '');
      const there = await attendanceCount(db, club.id, meeting.slotAt);
      if (there) out.push(`There: ${plural(there, 'member')}`, '');
    }
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
  const skipped = (await meetingsFrom(db, club.id, 0)).filter((m) => m.status === 'skipped');
  if (skipped.length) {
    out.push('## Skipped dates', '');
    for (const m of skipped) out.push(`- ${formatSlot(m.slotAt, m.timezone ?? club.timezone)}`);
    out.push('');
  }
  out.push(...await membersSection(db, club, meetings));
  out.push(...await votesSection(db, club));
  return out.join('\n');
}

/**
 * Each member's part, as /progress and the leaderboard show it: papers read of those posted, meetings they were at,
 * talks given. Members who keep their progress private are counted, not named.
 */
async function membersSection(db: Db, club: Club, meetings: ReadonlyArray<{ slotAt: number }>): Promise<string[]> {
  const ids = await clubMemberIds(db, club);
  if (!ids.length) return [];
  const talks = new Map<number, number>();
  for (const m of meetings) for (const p of await presentersAt(db, club.id, m.slotAt)) talks.set(p.id, (talks.get(p.id) ?? 0) + 1);
  const members = await membersByName(db, ids);
  const out = ['## Members', ''];
  for (const m of members.filter((x) => x.private !== 1)) {
    const p = await progressOf(db, club, m.id);
    const parts = [
      `read ${p.metRead} of the ${plural(p.met, 'paper')} posted${p.listTotal ? ` and ${p.listRead} of the ${plural(p.listTotal, 'paper')} on the list` : ''}`,
      `at ${plural((await meetingsAttended(db, club.id, m.id)), 'meeting')}`,
      ...(talks.get(m.id) ? [`presented ${plural(talks.get(m.id)!, 'meeting')}`] : []),
    ];
    out.push(`- **${m.name}**: ${parts.join(', ')}`);
  }
  const hidden = members.filter((x) => x.private === 1).length;
  if (hidden) out.push(`- ${plural(hidden, 'member')} keep${hidden === 1 ? 's' : ''} their progress private`);
  out.push('');
  return out;
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
