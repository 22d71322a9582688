import { getPaper } from '../catalog/catalog-store.ts';
import type { Db } from '../store/db.ts';
import { papersSoFar } from './progress.ts';
import { formatSlot } from '../render/format.ts';
import type { Club } from './types.ts';

/** All notes and read marks of the club's members on the club's papers, as markdown. */
export function exportClub(db: Db, club: Club): string {
  const out: string[] = [`# ${club.name} — paper club export`, '', `Sequence: ${club.sequenceSlug} · schedule \`${club.cron}\` (${club.timezone})`, ''];
  const meetings = db
    .prepare(`SELECT slot_at, week, paper_id FROM meetings WHERE club_id = ? AND paper_id IS NOT NULL AND status IN ('posting','posted','done') ORDER BY slot_at`)
    .all(club.id) as Array<{ slot_at: number; week: number | null; paper_id: number }>;
  const paperIds = new Set([...papersSoFar(db, club.id)]);
  // Papers members noted or marked outside meetings count too: the export loses nothing of theirs.
  const extra = db
    .prepare(
      `SELECT DISTINCT paper_id FROM (
         SELECT n.paper_id FROM notes n JOIN members m ON m.id = n.member_id WHERE m.platform = ? AND m.workspace = ? AND (n.club_id = ? OR n.club_id IS NULL)
         UNION SELECT r.paper_id FROM read_marks r JOIN members m ON m.id = r.member_id WHERE m.platform = ? AND m.workspace = ? AND (r.club_id = ? OR r.club_id IS NULL))`,
    )
    .pluck()
    .all(club.platform, club.workspace, club.id, club.platform, club.workspace, club.id) as number[];
  const order = [...meetings.map((m) => m.paper_id), ...extra.filter((id) => !paperIds.has(id))];
  const seen = new Set<number>();
  const readers = db.prepare(
    `SELECT m.display_name AS name, r.marked_at AS at, r.via FROM read_marks r JOIN members m ON m.id = r.member_id
     WHERE r.paper_id = ? AND m.platform = ? AND m.workspace = ? ORDER BY r.marked_at`,
  );
  const notes = db.prepare(
    `SELECT n.id, m.display_name AS name, n.body, n.created_at AS at FROM notes n JOIN members m ON m.id = n.member_id
     WHERE n.paper_id = ? AND m.platform = ? AND m.workspace = ? ORDER BY n.created_at, n.id`,
  );
  for (const pid of order) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    const p = getPaper(db, pid);
    if (!p) continue;
    const meeting = meetings.find((m) => m.paper_id === pid);
    out.push(`## ${meeting?.week ? `Week ${meeting.week}: ` : ''}[${p.title}](${p.url})`, '');
    if (meeting) out.push(`Meeting: ${formatSlot(meeting.slot_at, club.timezone)}`, '');
    const rs = readers.all(pid, club.platform, club.workspace) as Array<{ name: string; at: number; via: string }>;
    out.push(`Read by (${rs.length}): ${rs.map((r) => r.name).join(', ') || '—'}`, '');
    for (const n of notes.all(pid, club.platform, club.workspace) as Array<{ id: number; name: string; body: string; at: number }>) {
      out.push(`- **${n.name}** (${new Date(n.at).toISOString().slice(0, 10)}): ${n.body.replace(/\n/g, '\n  ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}
