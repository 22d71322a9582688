import type { Migration } from './migration.ts';

/**
 * Members choose the next paper: suggestions (`/suggest`), votes (`/club vote`), their candidates and ballots.
 * New tables only, so the migration depends on no other migration's columns.
 *
 * A vote names its meeting by the place in the club's sequence that meeting takes (`seq_index`), not by date:
 * a skip hands that place to the following date and a schedule change re-dates it, so the vote follows its
 * meeting through both without being rewritten.
 */
const migration: Migration = {
  name: '0008-votes',
  up(db) {
    db.exec(`
      CREATE TABLE suggestions (
        id           INTEGER PRIMARY KEY,
        club_id      INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        paper_id     INTEGER NOT NULL REFERENCES papers(id),
        member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        suggested_at INTEGER NOT NULL,
        UNIQUE (club_id, paper_id, member_id)                 -- one suggestion per member per paper
      ) STRICT;
      CREATE INDEX suggestions_club ON suggestions(club_id, suggested_at);

      CREATE TABLE votes (
        id              INTEGER PRIMARY KEY,
        club_id         INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
        seq_index       INTEGER NOT NULL,                     -- the sequence place the winner takes (its meeting)
        state           TEXT NOT NULL CHECK (state IN ('open', 'closed', 'cancelled')),
        opened_by       TEXT,                                 -- platform user id of the admin
        opened_at       INTEGER NOT NULL,
        closes_at       INTEGER NOT NULL,                     -- epoch ms
        platform        TEXT,                                 -- where its message is; NULL until published
        channel         TEXT,
        message_id      TEXT,
        winner_paper_id INTEGER REFERENCES papers(id),
        closed_at       INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX votes_one_open ON votes(club_id) WHERE state = 'open';
      CREATE INDEX votes_open_due ON votes(state, closes_at);

      CREATE TABLE vote_candidates (
        vote_id  INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        idx      INTEGER NOT NULL,                            -- 0-based; Discord answer id is idx + 1
        paper_id INTEGER NOT NULL REFERENCES papers(id),
        source   TEXT NOT NULL CHECK (source IN ('list', 'suggestion', 'admin')),
        PRIMARY KEY (vote_id, idx)
      ) STRICT;

      -- One changeable ballot per member and vote.
      CREATE TABLE vote_ballots (
        vote_id   INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        idx       INTEGER NOT NULL,
        cast_at   INTEGER NOT NULL,
        PRIMARY KEY (vote_id, member_id)
      ) STRICT;
    `);
  },
};
export default migration;
