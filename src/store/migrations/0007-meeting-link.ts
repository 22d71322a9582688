import type { Migration } from './migration.ts';

/** A club's meeting link (Zoom, Meet, a voice channel): shown in the post, `/paper now` and the calendar. */
const migration: Migration = {
  name: '0007-meeting-link',
  up(db) {
    db.exec(`ALTER TABLE clubs ADD COLUMN meeting_link TEXT;  -- http(s) URL, or NULL when the club has none`);
  },
};
export default migration;
