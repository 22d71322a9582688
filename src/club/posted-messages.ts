import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import type { PostedMessage } from './ports.ts';
import type { Platform } from './types.ts';

/** Message ids a platform has recorded for meeting posts: an adapter that names its own messages continues after them. */
export async function recordedMessageIds(db: Db, platform: Platform): Promise<string[]> {
  return await db.values(sql`SELECT message_id FROM meeting_posts WHERE platform = ${platform}`) as string[];
}

/** The club's most recent meeting post on a platform, also one made before a restart. */
export async function latestPostOf(db: Db, clubId: number, platform: Platform): Promise<PostedMessage | null> {
  const row = await db.first(sql`SELECT p.channel, p.message_id AS messageId FROM meeting_posts p JOIN meetings m ON m.id = p.meeting_id
       WHERE m.club_id = ${clubId} AND p.platform = ${platform} ORDER BY m.slot_at DESC, p.rowid DESC LIMIT 1`) as PostedMessage | undefined;
  return row ?? null;
}
