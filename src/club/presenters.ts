import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Member } from './types.ts';

/** Presenters claim a paper of a club's sequence (they follow it when weeks are skipped). */

export function presentersOf(db: Db, clubId: number, paperId: number): Member[] {
  return (
    stmt(db, 
        `SELECT m.id, m.platform, m.workspace, m.user_id AS userId, m.display_name AS displayName, m.private
         FROM presenters p JOIN members m ON m.id = p.member_id
         WHERE p.club_id = ? AND p.paper_id = ? ORDER BY p.signed_up_at, m.id`,
      )
      .all(clubId, paperId) as Array<Omit<Member, 'private'> & { private: number }>
  ).map((m) => ({ ...m, private: m.private === 1 }));
}

export function addPresenter(db: Db, clubId: number, paperId: number, memberId: number, at: number): boolean {
  return (
    stmt(db, 'INSERT OR IGNORE INTO presenters (club_id, paper_id, member_id, signed_up_at) VALUES (?, ?, ?, ?)')
      .run(clubId, paperId, memberId, at).changes === 1
  );
}

export function removePresenter(db: Db, clubId: number, paperId: number, memberId: number): boolean {
  return stmt(db, 'DELETE FROM presenters WHERE club_id = ? AND paper_id = ? AND member_id = ?').run(clubId, paperId, memberId).changes === 1;
}

export function clearPresenters(db: Db, clubId: number, paperId: number): number {
  return stmt(db, 'DELETE FROM presenters WHERE club_id = ? AND paper_id = ?').run(clubId, paperId).changes;
}
