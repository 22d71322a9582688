import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import type { ClubDefaults } from '../../src/club/admin-actions.ts';
import type { Args } from '../../src/commands/types.ts';
import { memoryLogger } from '../../src/logger.ts';
import { openDb } from '../../src/store/db.ts';

export const WHERE: Where = { platform: 'console', workspace: 'local', channel: 'club-1', channelName: 'paper-club' };
export const ADMIN: UserRef = { userId: 'ada', displayName: 'Ada', isPlatformAdmin: true };
export const ALICE: UserRef = { userId: 'alice', displayName: 'Alice' };
export const BOB: UserRef = { userId: 'bob', displayName: 'Bob' };

/**
 * A core over a fresh in-memory database with the seed lists, at a fixed time (Mon 2 Nov 2026 12:00 UTC). Clubs
 * post at the meeting time unless `defaults` says otherwise (test/club/semester.test.ts runs the announce lead).
 */
export async function clubFixture(start = '2026-11-02T12:00:00Z', defaults: Partial<ClubDefaults> = { announceLeadMinutes: 0 }) {
  const db = openDb(':memory:');
  await loadDefaultLists(db, 'config/lists.json');
  const clock = manualClock(start);
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger, defaults });
  const run = (user: UserRef, command: string, args: Args = {}, where: Where = WHERE) => core.execute({ where, user, command, args });
  const line = (user: UserRef, text: string, where: Where = WHERE) => core.executeLine({ where, user, line: text });
  const setup = (args: Args = {}) => run(ADMIN, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC', ...args });
  /** Posts the meeting of the club's next slot, as the scheduler would. */
  const post = async (messageId = `msg-${Math.random().toString(36).slice(2)}`) => {
    const club = (await core.clubFor(WHERE))!;
    const slot = nextMeetingAt(club, clock().getTime());
    const begun = await core.beginPost(club.id, slot);
    if (!begun) throw new Error('nothing to post');
    clock.set(slot);
    await core.completePost(club.id, slot, { channel: WHERE.channel, messageId });
    return { ...begun, messageId };
  };
  const react = async (user: UserRef, messageId: string, added = true, emoji = '✅', eventId?: string) =>
    await core.reaction({ platform: 'console', workspace: WHERE.workspace, channel: WHERE.channel, messageId, user, emoji, added, eventId });
  return { db, clock, logger, core, run, line, setup, post, react };
}

