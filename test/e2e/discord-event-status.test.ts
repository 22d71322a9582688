/**
 * Discord changes a scheduled event's status by itself and keeps some statuses final (guild-scheduled-event docs:
 * "Status Update Automation", "Valid Guild Scheduled Event Status Transitions"). Through real discord.js against the
 * stand-in, which does the same: the bot's event sync copes with an event that started on its own, and with one
 * someone ended or cancelled by hand.
 */
import { describe, expect, it } from 'vitest';
import { discordEventWorld, EVENT_ADMIN as ADMIN } from './discord-event-world.ts';
import { valueOf } from '../helpers/sql.ts';

describe('Discord scheduled events that Discord or a member changed (real discord.js, local stand-in)', () => {
  it('GIVEN a removed club whose meeting\'s event has started on its own (ACTIVE: cancelling is refused) THEN one sync pass removes it and forgets it, and later passes send nothing', async () => {
    const w = await discordEventWorld({ name: 'orphan-active' });
    try {
      expect((await w.setupClub()).error).toBeFalsy();
      const { next } = await w.announceNext();
      await w.sync.syncNow();
      expect(w.events().map((e) => e.status)).toEqual([1]);
      expect((await w.core.execute({ where: w.where, user: ADMIN, command: 'club remove', args: { confirm: 'yes' } })).error).toBeFalsy();
      // The bot was down over the meeting's start: Discord started the external event meanwhile.
      w.clock.set(next.slotAt + 10 * 60_000);
      expect(w.events().map((e) => e.status)).toEqual([2]);
      await w.sync.syncNow();
      expect(w.events()).toEqual([]);
      expect(await valueOf(w.db, 'SELECT count(*) FROM orphan_meeting_events')).toBe(0);
      const since = w.fake.mark();
      await w.sync.syncNow();
      expect(w.fake.requests.slice(since).filter((r) => r.path.includes('/scheduled-events/') && r.method !== 'GET')).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('GIVEN a moderator cancelled the meeting\'s event by hand WHEN the meeting changes THEN the sync pass completes: a new event replaces the final one, naming the new presenter, once', async () => {
    const w = await discordEventWorld({ name: 'hand-cancelled' });
    try {
      expect((await w.setupClub()).error).toBeFalsy();
      const { next } = await w.announceNext();
      await w.sync.syncNow();
      const [byHand] = w.events();
      byHand!.status = 4; // a moderator pressed Cancel Event in Discord: final
      const signup = await w.core.execute({ where: w.where, user: { userId: '200', displayName: 'alice' }, command: 'signup', args: {} });
      expect(signup.error, signup.text).toBeFalsy();
      await w.sync.syncNow();
      const scheduled = w.events().filter((e) => e.status === 1);
      expect(scheduled).toHaveLength(1);
      expect(scheduled[0]!.scheduled_start_time).toBe(new Date(next.slotAt).toISOString());
      expect(scheduled[0]!.description).toContain('Presenting: alice');
      expect(w.logger.lines.some((l) => l.msg === 'meeting events not synced')).toBe(false);
      const since = w.fake.mark();
      await w.sync.syncNow();
      expect(w.fake.requests.slice(since).filter((r) => r.path.includes('/scheduled-events') && r.method !== 'GET')).toEqual([]);
      expect(w.fake.refusals.filter((r) => r.path.includes('/scheduled-events')).map((r) => r.code)).toEqual([180000]);
    } finally {
      await w.close();
    }
  });
});
