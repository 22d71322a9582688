import { communityOf, getList, getPaper } from '../catalog/catalog-store.ts';
import { formatSlot, listSizeText, plural } from '../render/format.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import type { Club } from './types.ts';
import { flushReadMarks } from './read-mark-writer.ts';
import { describeSchedule } from '../calendar/meeting-schedule.ts';
import { scheduleOf } from './planning.ts';
import { linksMarkdown, linksOf } from './meeting-links.ts';
import { suggestionsOf } from './suggestions.ts';
import { candidatesOf, countsOf, votesOf } from './votes.ts';
import { attendanceCount, meetingsAttended } from './attendance.ts';
import { meetingsFrom } from './club-store.ts';
import { presentersAt } from './presenters.ts';
import { progressOf } from './progress.ts';

// Marks and notes belong to this club when made in it, or outside any club by members of its workspace.
const OF_CLUB = `m.platform = ? AND m.workspace = ? AND (x.club_id = ? OR x.club_id IS NULL)`;

/**
 * Everything the club's history shows, as markdown: its meetings (paper, date, presenters, how many were there,
 * links, who read it, notes), skipped dates, each member's reading, attendance and talks (what /paper history,
 * /progress and the leaderboard show), votes (counts only) and suggestions. Private members are counted, not named.
 */
export function exportClub(db: Db, club: Club): string {
  flushReadMarks(db);
  const scope = [club.platform, club.workspace, club.id] as const;
  const list = getList(db, club.sequenceSlug, communityOf(club));
  // The club's name is its channel ('#paper-club'): kept off the start of the heading, where '# #' reads as markup.
  const out: string[] = [
    `# Paper club export: ${club.name}`,
    '',
    `List: ${club.sequenceSlug}${list ? ` (${listSizeText(list)})` : ''} · meetings ${describeSchedule(scheduleOf(club))}`,
    '',
  ];
  const meetings = stmt(
    db,
    `SELECT slot_at AS slotAt, number, timezone, paper_id AS paperId FROM meetings
     WHERE club_id = ? AND paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done') ORDER BY slot_at`,
  ).all(club.id) as Array<{ slotAt: number; number: number | null; timezone: string | null; paperId: number }>;
  const touched = stmt(
    db,
    `SELECT DISTINCT paper_id FROM (
       SELECT x.paper_id FROM notes x JOIN members m ON m.id = x.member_id WHERE ${OF_CLUB}
       UNION SELECT x.paper_id FROM read_marks x JOIN members m ON m.id = x.member_id WHERE ${OF_CLUB})`,
  )
    .pluck()
    .all(...scope, ...scope) as number[];
  const inMeetings = new Set(meetings.map((m) => m.paperId));
  const order = [...new Set([...meetings.map((m) => m.paperId), ...touched.filter((id) => !inMeetings.has(id))])];
  const readers = stmt(
    db,
    `SELECT m.display_name AS name, m.private FROM read_marks x JOIN members m ON m.id = x.member_id
     WHERE x.paper_id = ? AND ${OF_CLUB} ORDER BY x.marked_at`,
  );
  const notes = stmt(
    db,
    `SELECT m.display_name AS name, x.body, x.created_at AS at FROM notes x JOIN members m ON m.id = x.member_id
     WHERE x.paper_id = ? AND ${OF_CLUB} ORDER BY x.created_at, x.id`,
  );
  for (const pid of order) {
    const p = getPaper(db, pid);
    if (!p) continue;
    const meeting = meetings.find((m) => m.paperId === pid);
    out.push(`## ${meeting?.number ? `Meeting ${meeting.number}: ` : ''}[${p.title}](${p.url})`, '');
    if (meeting) {
      out.push(`Meeting: ${formatSlot(meeting.slotAt, meeting.timezone ?? club.timezone)}`, '');
      const presenters = presentersAt(db, club.id, meeting.slotAt).map((m) => m.displayName);
      out.push(`Presented by: ${presenters.join(', ') || 'no presenter'}`, '');
      const there = attendanceCount(db, club.id, meeting.slotAt);
      if (there) out.push(`There: ${plural(there, 'member')}`, '');
    }
    // Rotation & wrap-up: the meeting's slides, recording, code, summary.
    const links = meeting ? linksOf(db, club.id, meeting.slotAt) : [];
    if (links.length) out.push(`Links: ${linksMarkdown(links)}`, '');
    const rs = readers.all(pid, ...scope) as Array<{ name: string; private: number }>;
    const hidden = rs.filter((r) => r.private === 1).length;
    const named = rs.filter((r) => r.private !== 1).map((r) => r.name);
    out.push(`Read by (${rs.length}): ${named.join(', ') || '—'}${hidden ? ` (+${hidden} private)` : ''}`, '');
    for (const n of notes.all(pid, ...scope) as Array<{ name: string; body: string; at: number }>) {
      out.push(`- **${n.name}** (${new Date(n.at).toISOString().slice(0, 10)}): ${n.body.replace(/\n/g, '\n  ')}`);
    }
    out.push('');
  }
  const skipped = meetingsFrom(db, club.id, 0).filter((m) => m.status === 'skipped');
  if (skipped.length) {
    out.push('## Skipped dates', '');
    for (const m of skipped) out.push(`- ${formatSlot(m.slotAt, m.timezone ?? club.timezone)}`);
    out.push('');
  }
  out.push(...membersSection(db, club, meetings));
  out.push(...votesSection(db, club));
  return out.join('\n');
}

/**
 * Each member's part, as /progress and the leaderboard show it: papers read of those posted, meetings they were at,
 * talks given. Members who keep their progress private are counted, not named.
 */
function membersSection(db: Db, club: Club, meetings: ReadonlyArray<{ slotAt: number }>): string[] {
  const ids = stmt(
    db,
    `SELECT DISTINCT id FROM (
       SELECT x.member_id AS id FROM read_marks x JOIN members m ON m.id = x.member_id WHERE ${OF_CLUB}
       UNION SELECT member_id FROM attendance WHERE club_id = ?
       UNION SELECT member_id FROM sign_ups WHERE club_id = ?)`,
  )
    .pluck()
    .all(club.platform, club.workspace, club.id, club.id, club.id) as number[];
  if (!ids.length) return [];
  const talks = new Map<number, number>();
  for (const m of meetings) for (const p of presentersAt(db, club.id, m.slotAt)) talks.set(p.id, (talks.get(p.id) ?? 0) + 1);
  const members = stmt(db, 'SELECT id, display_name AS name, private FROM members WHERE id IN (SELECT value FROM json_each(?)) ORDER BY display_name')
    .all(JSON.stringify(ids)) as Array<{ id: number; name: string; private: number }>;
  const out = ['## Members', ''];
  for (const m of members.filter((x) => x.private !== 1)) {
    const p = progressOf(db, club, m.id);
    const parts = [
      `read ${p.metRead} of the ${plural(p.met, 'paper')} posted${p.listTotal ? ` and ${p.listRead} of the ${plural(p.listTotal, 'paper')} on the list` : ''}`,
      `at ${plural(meetingsAttended(db, club.id, m.id), 'meeting')}`,
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
function votesSection(db: Db, club: Club): string[] {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const out: string[] = [];
  const votes = votesOf(db, club.id);
  if (votes.length) {
    out.push('## Votes', '');
    for (const v of votes) {
      const candidates = candidatesOf(db, v.id);
      const counts = countsOf(db, v.id, Math.max(0, ...candidates.map((c) => c.idx + 1)));
      const state =
        v.state === 'open' ? `open, closes ${day(v.closesAt)}` : v.state === 'cancelled' ? 'cancelled' : `closed ${day(v.closedAt ?? v.closesAt)}`;
      const winner = v.winnerPaperId !== null ? candidates.find((c) => c.paper.id === v.winnerPaperId) : undefined;
      out.push(`- Vote opened ${day(v.openedAt)} (${state})${winner ? `: **${winner.paper.title}** won` : ''}`);
      for (const c of candidates) out.push(`  - ${c.paper.title}: ${counts[c.idx] ?? 0}`);
    }
    out.push('');
  }
  const suggestions = suggestionsOf(db, club.id);
  if (suggestions.length) {
    out.push('## Suggestions', '');
    for (const s of suggestions) {
      const p = getPaper(db, s.paperId);
      if (p) out.push(`- [${p.title}](${p.url}) — ${s.by ?? 'a member'}, ${day(s.at)}`);
    }
    out.push('');
  }
  return out;
}
