import type { Migration } from './migration.ts';

const HELD = `('posting', 'posted', 'done')`;

/**
 * Leaderboard counters: for each club and member, how many of the club's meetings-so-far papers the member has read
 * (what /leaderboard ranks), kept by triggers so that every path that writes read marks or meetings keeps them true.
 * - `club_papers_held`: the papers a club has met on (a paper counts once however many meetings it had), with the
 *   club's workspace so a read mark finds the clubs it counts for with one index lookup.
 * - `club_read_counts`: the counters. A read mark adds one for each club of the member's workspace that has met on
 *   the paper; a club meeting on a paper for the first time adds one for each reader of it in the workspace; the
 *   reverse on removal. Rows that fall to 0 stay (filtered out when read).
 * The counters are rebuilt from the marks and meetings here, so the migration also fills them for existing clubs.
 */
const migration: Migration = {
  name: '0009-read-counts',
  up(db) {
    db.exec(`
      CREATE TABLE club_papers_held (
        club_id   INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        paper_id  INTEGER NOT NULL,
        platform  TEXT NOT NULL,
        workspace TEXT NOT NULL,
        meetings  INTEGER NOT NULL,
        PRIMARY KEY (club_id, paper_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX club_papers_held_by_paper ON club_papers_held(platform, workspace, paper_id);

      -- Keyed member first: a mark changes the counters of every club of its workspace, and they sit together on one
      -- page; the club index holds no count, so changing a count never moves an index entry. (Keyed club first with
      -- a (club, read) index, a mark wrote ~20 scattered pages and read marks fell to a tenth.)
      CREATE TABLE club_read_counts (
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        club_id   INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        read      INTEGER NOT NULL,
        PRIMARY KEY (member_id, club_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX club_read_counts_club ON club_read_counts(club_id);

      INSERT INTO club_papers_held (club_id, paper_id, platform, workspace, meetings)
        SELECT m.club_id, m.paper_id, c.platform, c.workspace, count(*)
        FROM meetings m JOIN clubs c ON c.id = m.club_id
        WHERE m.paper_id IS NOT NULL AND m.status IN ${HELD}
        GROUP BY m.club_id, m.paper_id;
      INSERT INTO club_read_counts (club_id, member_id, read)
        SELECT h.club_id, r.member_id, count(*)
        FROM club_papers_held h
        JOIN read_marks r ON r.paper_id = h.paper_id
        JOIN members mb ON mb.id = r.member_id AND mb.platform = h.platform AND mb.workspace = h.workspace
        GROUP BY h.club_id, r.member_id;

    `);
    db.exec(readCountTriggers());
  },
};

/** The triggers that keep the counters (also re-created by 0017, which re-keys the counters by club). */
export function readCountTriggers(): string {
  return `
      -- A read mark counts for every club of the member's workspace that has met on the paper.
      CREATE TRIGGER read_marks_count_insert AFTER INSERT ON read_marks BEGIN
        INSERT INTO club_read_counts (club_id, member_id, read)
          SELECT h.club_id, NEW.member_id, 1 FROM members mb
          JOIN club_papers_held h ON h.platform = mb.platform AND h.workspace = mb.workspace AND h.paper_id = NEW.paper_id
          WHERE mb.id = NEW.member_id
          ON CONFLICT (member_id, club_id) DO UPDATE SET read = read + 1;
      END;
      CREATE TRIGGER read_marks_count_delete AFTER DELETE ON read_marks BEGIN
        UPDATE club_read_counts SET read = read - 1
          WHERE member_id = OLD.member_id AND club_id IN (
            SELECT h.club_id FROM members mb
            JOIN club_papers_held h ON h.platform = mb.platform AND h.workspace = mb.workspace AND h.paper_id = OLD.paper_id
            WHERE mb.id = OLD.member_id);
      END;

      -- A club meets on a paper for the first time: each reader of it in the workspace gains one; the last such
      -- meeting going away (skipped, missed, removed, paper changed): each loses one.
      CREATE TRIGGER meetings_held_insert AFTER INSERT ON meetings
        WHEN NEW.paper_id IS NOT NULL AND NEW.status IN ${HELD}
      BEGIN
        ${enter('NEW')}
      END;
      CREATE TRIGGER meetings_held_delete AFTER DELETE ON meetings
        WHEN OLD.paper_id IS NOT NULL AND OLD.status IN ${HELD}
      BEGIN
        ${leave('OLD')}
      END;
      CREATE TRIGGER meetings_held_update AFTER UPDATE OF paper_id, status ON meetings
        WHEN (OLD.paper_id IS NOT NEW.paper_id)
          OR ((OLD.paper_id IS NOT NULL AND OLD.status IN ${HELD}) <> (NEW.paper_id IS NOT NULL AND NEW.status IN ${HELD}))
      BEGIN
        ${leave('OLD', `OLD.paper_id IS NOT NULL AND OLD.status IN ${HELD}`)}
        ${enter('NEW', `NEW.paper_id IS NOT NULL AND NEW.status IN ${HELD}`)}
      END;
  `;
}

/** SQL run when meeting row `r` (NEW/OLD) starts holding its paper; `when` guards the update trigger's halves. */
function enter(r: string, when = '1'): string {
  return `
        INSERT INTO club_read_counts (club_id, member_id, read)
          SELECT c.id, rm.member_id, 1 FROM clubs c
          JOIN read_marks rm ON rm.paper_id = ${r}.paper_id
          JOIN members mb ON mb.id = rm.member_id AND mb.platform = c.platform AND mb.workspace = c.workspace
          WHERE c.id = ${r}.club_id AND (${when})
            AND NOT EXISTS (SELECT 1 FROM club_papers_held h WHERE h.club_id = ${r}.club_id AND h.paper_id = ${r}.paper_id)
          ON CONFLICT (member_id, club_id) DO UPDATE SET read = read + 1;
        INSERT INTO club_papers_held (club_id, paper_id, platform, workspace, meetings)
          SELECT c.id, ${r}.paper_id, c.platform, c.workspace, 1 FROM clubs c WHERE c.id = ${r}.club_id AND (${when})
          ON CONFLICT (club_id, paper_id) DO UPDATE SET meetings = meetings + 1;`;
}

function leave(r: string, when = '1'): string {
  return `
        UPDATE club_papers_held SET meetings = meetings - 1 WHERE club_id = ${r}.club_id AND paper_id = ${r}.paper_id AND (${when});
        UPDATE club_read_counts SET read = read - 1
          WHERE club_id = ${r}.club_id AND (${when})
            AND EXISTS (SELECT 1 FROM club_papers_held h WHERE h.club_id = ${r}.club_id AND h.paper_id = ${r}.paper_id AND h.meetings = 0)
            AND member_id IN (
              SELECT rm.member_id FROM read_marks rm JOIN members mb ON mb.id = rm.member_id
              JOIN clubs c ON c.id = ${r}.club_id AND mb.platform = c.platform AND mb.workspace = c.workspace
              WHERE rm.paper_id = ${r}.paper_id);
        DELETE FROM club_papers_held WHERE club_id = ${r}.club_id AND paper_id = ${r}.paper_id AND meetings = 0 AND (${when});`;
}

export default migration;
