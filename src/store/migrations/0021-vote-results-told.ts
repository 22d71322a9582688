import type { Migration } from './migration.ts';

/**
 * Issue 29: a vote's result is told in its channel exactly once, even when the process that closed it dies before it
 * could tell it. Telling is recorded like a reminder (kind `vote-result:<vote id>`, at the vote's closing time), and
 * a run tells the result of every closed vote without that record. Votes closed before this release had theirs told
 * already: they are recorded here, so none is told twice after the upgrade. No table changes.
 */
const recordTold = `
  INSERT INTO reminders (club_id, slot_at, kind, sent_at)
  SELECT club_id, closes_at, 'vote-result:' || id, COALESCE(closed_at, closes_at) FROM votes WHERE state = 'closed'
  ON CONFLICT DO NOTHING;`;

const migration: Migration = {
  name: '0021-vote-results-told',
  postgres: recordTold,
  up(db) {
    db.exec(recordTold);
  },
};
export default migration;
