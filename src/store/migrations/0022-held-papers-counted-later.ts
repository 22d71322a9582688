import type { Migration } from './migration.ts';

const HELD = `('posting', 'posted', 'done')`;

/**
 * Issue 24: a meeting's first post no longer walks the paper's readers. A club meeting on a paper for the first time
 * used to add one to the counter of every reader of it in the workspace inside the posting transaction (2.27 ms a
 * new meeting on the bench database: 20 s for 10,000 posts in a minute). Now the paper is recorded held and not yet
 * counted (`counted = 0`); its readers are counted later, off the posting path, by `countHeldPapers`
 * (store/marks.ts): after the scheduler's posts, and before anything reads the counters (/leaderboard, the club
 * page). Until then a read mark on that paper does not touch the counters either, so each mark is counted once:
 * by the trigger when the paper was counted already, else by the walk. Papers held before this release were
 * counted by the old triggers: they start counted.
 */
function hold(r: string, when = '1'): string {
  return `
        INSERT INTO club_papers_held (club_id, paper_id, platform, workspace, meetings, counted)
          SELECT c.id, ${r}.paper_id, c.platform, c.workspace, 1, 0 FROM clubs c WHERE c.id = ${r}.club_id AND (${when})
          ON CONFLICT (club_id, paper_id) DO UPDATE SET meetings = meetings + 1;`;
}

/** The last meeting on the paper going: its readers lose one, if they had gained it (the paper was counted). */
function release(r: string, when = '1'): string {
  return `
        UPDATE club_papers_held SET meetings = meetings - 1 WHERE club_id = ${r}.club_id AND paper_id = ${r}.paper_id AND (${when});
        UPDATE club_read_counts SET read = read - 1
          WHERE club_id = ${r}.club_id AND (${when})
            AND EXISTS (SELECT 1 FROM club_papers_held h WHERE h.club_id = ${r}.club_id AND h.paper_id = ${r}.paper_id AND h.meetings = 0 AND h.counted = 1)
            AND member_id IN (
              SELECT rm.member_id FROM read_marks rm JOIN members mb ON mb.id = rm.member_id
              JOIN clubs c ON c.id = ${r}.club_id AND mb.platform = c.platform AND mb.workspace = c.workspace
              WHERE rm.paper_id = ${r}.paper_id);
        DELETE FROM club_papers_held WHERE club_id = ${r}.club_id AND paper_id = ${r}.paper_id AND meetings = 0 AND (${when});`;
}

const postgres = `
ALTER TABLE club_papers_held ADD COLUMN counted integer NOT NULL DEFAULT 1;
CREATE INDEX club_papers_held_uncounted ON club_papers_held(club_id, paper_id) WHERE counted = 0;

CREATE OR REPLACE FUNCTION read_marks_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO club_read_counts (club_id, member_id, read)
      SELECT h.club_id, NEW.member_id, 1 FROM members mb
      JOIN club_papers_held h ON h.platform = mb.platform AND h.workspace = mb.workspace AND h.paper_id = NEW.paper_id
      WHERE mb.id = NEW.member_id AND h.counted = 1
      ON CONFLICT (club_id, member_id) DO UPDATE SET read = club_read_counts.read + 1;
  ELSE
    UPDATE club_read_counts SET read = read - 1
      WHERE member_id = OLD.member_id AND club_id IN (
        SELECT h.club_id FROM members mb
        JOIN club_papers_held h ON h.platform = mb.platform AND h.workspace = mb.workspace AND h.paper_id = OLD.paper_id
        WHERE mb.id = OLD.member_id AND h.counted = 1);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_held() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.paper_id IS NOT NULL AND OLD.status IN ${HELD} THEN
    UPDATE club_papers_held SET meetings = meetings - 1 WHERE club_id = OLD.club_id AND paper_id = OLD.paper_id;
    UPDATE club_read_counts SET read = read - 1
      WHERE club_id = OLD.club_id
        AND EXISTS (SELECT 1 FROM club_papers_held h WHERE h.club_id = OLD.club_id AND h.paper_id = OLD.paper_id AND h.meetings = 0 AND h.counted = 1)
        AND member_id IN (
          SELECT rm.member_id FROM read_marks rm JOIN members mb ON mb.id = rm.member_id
          JOIN clubs c ON c.id = OLD.club_id AND mb.platform = c.platform AND mb.workspace = c.workspace
          WHERE rm.paper_id = OLD.paper_id);
    DELETE FROM club_papers_held WHERE club_id = OLD.club_id AND paper_id = OLD.paper_id AND meetings = 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.paper_id IS NOT NULL AND NEW.status IN ${HELD} THEN
    INSERT INTO club_papers_held (club_id, paper_id, platform, workspace, meetings, counted)
      SELECT c.id, NEW.paper_id, c.platform, c.workspace, 1, 0 FROM clubs c WHERE c.id = NEW.club_id
      ON CONFLICT (club_id, paper_id) DO UPDATE SET meetings = club_papers_held.meetings + 1;
  END IF;
  RETURN NULL;
END $$;
`;

const migration: Migration = {
  name: '0022-held-papers-counted-later',
  postgres,
  up(db) {
    db.exec(`
      ALTER TABLE club_papers_held ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX club_papers_held_uncounted ON club_papers_held(club_id, paper_id) WHERE counted = 0;
      DROP TRIGGER read_marks_count_insert;
      DROP TRIGGER read_marks_count_delete;
      DROP TRIGGER meetings_held_insert;
      DROP TRIGGER meetings_held_delete;
      DROP TRIGGER meetings_held_update;

      -- A read mark counts for every club of the member's workspace that has met on the paper and counted it.
      CREATE TRIGGER read_marks_count_insert AFTER INSERT ON read_marks BEGIN
        INSERT INTO club_read_counts (club_id, member_id, read)
          SELECT h.club_id, NEW.member_id, 1 FROM members mb
          JOIN club_papers_held h ON h.platform = mb.platform AND h.workspace = mb.workspace AND h.paper_id = NEW.paper_id
          WHERE mb.id = NEW.member_id AND h.counted = 1
          ON CONFLICT (club_id, member_id) DO UPDATE SET read = read + 1;
      END;
      CREATE TRIGGER read_marks_count_delete AFTER DELETE ON read_marks BEGIN
        UPDATE club_read_counts SET read = read - 1
          WHERE member_id = OLD.member_id AND club_id IN (
            SELECT h.club_id FROM members mb
            JOIN club_papers_held h ON h.platform = mb.platform AND h.workspace = mb.workspace AND h.paper_id = OLD.paper_id
            WHERE mb.id = OLD.member_id AND h.counted = 1);
      END;

      CREATE TRIGGER meetings_held_insert AFTER INSERT ON meetings
        WHEN NEW.paper_id IS NOT NULL AND NEW.status IN ${HELD}
      BEGIN
        ${hold('NEW')}
      END;
      CREATE TRIGGER meetings_held_delete AFTER DELETE ON meetings
        WHEN OLD.paper_id IS NOT NULL AND OLD.status IN ${HELD}
      BEGIN
        ${release('OLD')}
      END;
      CREATE TRIGGER meetings_held_update AFTER UPDATE OF paper_id, status ON meetings
        WHEN (OLD.paper_id IS NOT NEW.paper_id)
          OR ((OLD.paper_id IS NOT NULL AND OLD.status IN ${HELD}) <> (NEW.paper_id IS NOT NULL AND NEW.status IN ${HELD}))
      BEGIN
        ${release('OLD', `OLD.paper_id IS NOT NULL AND OLD.status IN ${HELD}`)}
        ${hold('NEW', `NEW.paper_id IS NOT NULL AND NEW.status IN ${HELD}`)}
      END;
    `);
  },
};
export default migration;
