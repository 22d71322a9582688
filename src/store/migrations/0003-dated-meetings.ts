import type { Migration } from './migration.ts';

/**
 * Meetings become dated events: a schedule every N weeks, an announce lead (the post goes out ahead of the
 * meeting), meeting numbers that count the club's meetings (not list places), the zone a meeting was held in,
 * and sign-ups for a meeting date instead of a paper.
 */
const migration: Migration = {
  name: '0003-dated-meetings',
  up(db) {
    db.exec(`
      ALTER TABLE clubs ADD COLUMN every_weeks INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE clubs ADD COLUMN anchor_date TEXT;                       -- local date of one meeting of the series
      -- Clubs from before keep posting at meeting time (0); new clubs get the configured lead.
      ALTER TABLE clubs ADD COLUMN announce_lead_minutes INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE clubs ADD COLUMN setup_by TEXT;                          -- user id of the admin who set the club up

      ALTER TABLE meetings RENAME COLUMN week TO number;                   -- the club's 1st, 2nd … meeting
      ALTER TABLE meetings ADD COLUMN timezone TEXT;                       -- the zone it was held in (history keeps it)
      UPDATE meetings SET timezone = (SELECT timezone FROM clubs WHERE clubs.id = meetings.club_id);
      UPDATE meetings SET number = NULL WHERE paper_id IS NULL OR status NOT IN ('posting', 'posted', 'done');
      UPDATE meetings SET number = (
        SELECT count(*) FROM meetings m2
        WHERE m2.club_id = meetings.club_id AND m2.paper_id IS NOT NULL
          AND m2.status IN ('posting', 'posted', 'done') AND m2.slot_at <= meetings.slot_at
      ) WHERE paper_id IS NOT NULL AND status IN ('posting', 'posted', 'done');

      -- Presenters sign up for a meeting (its date), and keep it whatever paper ends up on it.
      CREATE TABLE sign_ups (
        club_id      INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        meeting_at   INTEGER NOT NULL,                                     -- epoch ms of the meeting
        member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        signed_up_at INTEGER NOT NULL,
        PRIMARY KEY (club_id, meeting_at, member_id)
      ) STRICT;
      CREATE INDEX sign_ups_member ON sign_ups(member_id);
    `);
    // Claims on papers already posted keep that meeting's date.
    db.exec(`
      INSERT OR IGNORE INTO sign_ups (club_id, meeting_at, member_id, signed_up_at)
      SELECT p.club_id, m.slot_at, p.member_id, p.signed_up_at
      FROM presenters p JOIN meetings m ON m.club_id = p.club_id AND m.paper_id = p.paper_id
      WHERE m.status IN ('posting', 'posted', 'done');
    `);
    // Claims on papers not posted yet become claims on the date that paper was planned for. Dates need the club's
    // schedule, which is domain code; the rows wait in legacy_paper_claims until the club code places them
    // (placeLegacyClaims, run at start-up).
    db.exec(`
      CREATE TABLE legacy_paper_claims (
        club_id      INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        paper_id     INTEGER NOT NULL,
        member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        signed_up_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO legacy_paper_claims
      SELECT p.club_id, p.paper_id, p.member_id, p.signed_up_at FROM presenters p
      WHERE NOT EXISTS (
        SELECT 1 FROM meetings m WHERE m.club_id = p.club_id AND m.paper_id = p.paper_id AND m.status IN ('posting', 'posted', 'done')
      );
      DROP TABLE presenters;
    `);
  },
};
export default migration;
