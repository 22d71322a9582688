import type { Migration } from './migration.ts';

/**
 * Indexes for the scheduler's sweep, which looks at every club at once instead of one by one: the posts left
 * pending (a small partial index: almost no meeting is ever 'posting'), the reminders and sign-ups of one meeting
 * date across clubs (thousands of clubs share a date).
 */
const migration: Migration = {
  name: '0007-hot-path-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX meetings_posting ON meetings(club_id, slot_at) WHERE status = 'posting';
      CREATE INDEX reminders_slot ON reminders(slot_at);
      CREATE INDEX sign_ups_meeting_at ON sign_ups(meeting_at);
    `);
  },
};

export default migration;
