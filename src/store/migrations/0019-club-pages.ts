import type { Migration } from './migration.ts';

/**
 * Issue 28: each club's web page (`GET /club/<token>`), switched on by `/club page on`.
 * - `club_pages`: a row means the page is on; `off` deletes it, so the old URL answers 404 at once and turning it on
 *   again makes a new one. `leaderboard` is the club's opt-in to show its leaderboard (public members only).
 * - `workspace_paper_readers`: how many members of a workspace have read each paper ("how many read it", shown for
 *   every held meeting on the page and by /paper now, history and show), kept by triggers on read marks so every
 *   path that writes marks keeps it true. Counting the marks instead walks every member of the workspace per paper:
 *   for a page of 100 meetings in a workspace of 1,000 members that was ~40 ms (bench/club-page.bench.ts).
 *   Members are never deleted by the bot; should one be, its marks are taken off first (the cascade that deletes
 *   them runs after the member row is gone, when their workspace can no longer be found).
 * The counters are filled from the existing marks here.
 *
 * On PostgreSQL: the same tables (`bytea`, `bigint`); the three triggers are row triggers calling one PL/pgSQL
 * function each, with the same statements.
 */
const migration: Migration = {
  name: '0019-club-pages',
  postgres: `
    CREATE TABLE club_pages (
      club_id     bigint PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
      token       text NOT NULL,
      token_hash  bytea NOT NULL UNIQUE,
      leaderboard integer NOT NULL DEFAULT 0 CHECK (leaderboard IN (0, 1)),
      created_at  bigint NOT NULL
    );

    CREATE TABLE workspace_paper_readers (
      platform  text NOT NULL,
      workspace text NOT NULL,
      paper_id  bigint NOT NULL,
      readers   integer NOT NULL,
      PRIMARY KEY (platform, workspace, paper_id)
    );
    INSERT INTO workspace_paper_readers (platform, workspace, paper_id, readers)
      SELECT m.platform, m.workspace, r.paper_id, count(*) FROM read_marks r JOIN members m ON m.id = r.member_id
      GROUP BY m.platform, m.workspace, r.paper_id;

    CREATE FUNCTION read_marks_readers() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO workspace_paper_readers (platform, workspace, paper_id, readers)
          SELECT platform, workspace, NEW.paper_id, 1 FROM members WHERE id = NEW.member_id
          ON CONFLICT (platform, workspace, paper_id) DO UPDATE SET readers = workspace_paper_readers.readers + 1;
      ELSE
        UPDATE workspace_paper_readers SET readers = readers - 1
          WHERE paper_id = OLD.paper_id AND (platform, workspace) = (SELECT platform, workspace FROM members WHERE id = OLD.member_id);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER read_marks_readers_insert AFTER INSERT ON read_marks FOR EACH ROW EXECUTE FUNCTION read_marks_readers();
    CREATE TRIGGER read_marks_readers_delete AFTER DELETE ON read_marks FOR EACH ROW EXECUTE FUNCTION read_marks_readers();

    CREATE FUNCTION members_readers_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE workspace_paper_readers SET readers = readers - 1
        WHERE platform = OLD.platform AND workspace = OLD.workspace AND paper_id IN (SELECT paper_id FROM read_marks WHERE member_id = OLD.id);
      RETURN OLD;
    END $$;
    CREATE TRIGGER members_readers_delete BEFORE DELETE ON members FOR EACH ROW EXECUTE FUNCTION members_readers_delete();
  `,
  up(db) {
    db.exec(`
      CREATE TABLE club_pages (
        club_id     INTEGER PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
        token       TEXT NOT NULL,                      -- 32 random bytes, base64url: shown to admins
        token_hash  BLOB NOT NULL UNIQUE,               -- SHA-256 of the token: requests are looked up by it
        leaderboard INTEGER NOT NULL DEFAULT 0 CHECK (leaderboard IN (0, 1)),
        created_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE workspace_paper_readers (
        platform  TEXT NOT NULL,
        workspace TEXT NOT NULL,
        paper_id  INTEGER NOT NULL,
        readers   INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace, paper_id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO workspace_paper_readers (platform, workspace, paper_id, readers)
        SELECT m.platform, m.workspace, r.paper_id, count(*) FROM read_marks r JOIN members m ON m.id = r.member_id
        GROUP BY m.platform, m.workspace, r.paper_id;

      CREATE TRIGGER read_marks_readers_insert AFTER INSERT ON read_marks BEGIN
        INSERT INTO workspace_paper_readers (platform, workspace, paper_id, readers)
          SELECT platform, workspace, NEW.paper_id, 1 FROM members WHERE id = NEW.member_id
          ON CONFLICT (platform, workspace, paper_id) DO UPDATE SET readers = workspace_paper_readers.readers + 1;
      END;
      CREATE TRIGGER read_marks_readers_delete AFTER DELETE ON read_marks BEGIN
        UPDATE workspace_paper_readers SET readers = readers - 1
          WHERE paper_id = OLD.paper_id AND (platform, workspace) = (SELECT platform, workspace FROM members WHERE id = OLD.member_id);
      END;
      CREATE TRIGGER members_readers_delete BEFORE DELETE ON members BEGIN
        UPDATE workspace_paper_readers SET readers = readers - 1
          WHERE platform = OLD.platform AND workspace = OLD.workspace AND paper_id IN (SELECT paper_id FROM read_marks WHERE member_id = OLD.id);
      END;
    `);
  },
};
export default migration;
