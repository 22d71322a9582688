import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { PostedMessage } from './ports.ts';
import type { Platform } from './types.ts';

/** Message ids a platform has recorded for meeting posts: an adapter that names its own messages continues after them. */
export function recordedMessageIds(db: Db, platform: Platform): string[] {
  return stmt(db, 'SELECT message_id FROM meeting_posts WHERE platform = ?').pluck().all(platform) as string[];
}

/** The club's most recent meeting post on a platform, also one made before a restart, with its meeting's date. */
export function latestPostOf(db: Db, clubId: number, platform: Platform): (PostedMessage & { meetingAt: number }) | null {
  const row = stmt(db, 
      `SELECT p.channel, p.message_id AS messageId, m.slot_at AS meetingAt FROM meeting_posts p JOIN meetings m ON m.id = p.meeting_id
       WHERE m.club_id = ? AND p.platform = ? ORDER BY m.slot_at DESC, p.rowid DESC LIMIT 1`,
    )
    .get(clubId, platform) as (PostedMessage & { meetingAt: number }) | undefined;
  return row ?? null;
}
