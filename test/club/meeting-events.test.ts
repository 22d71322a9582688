import { describe, expect, it } from 'vitest';
import { meetingEventSpec, syncMeetingEvents, type MeetingEventPort, type MeetingEventSpec } from '../../src/club/meeting-events.ts';
import type { Club } from '../../src/club/types.ts';
import { memoryLogger } from '../../src/logger.ts';
import { ADMIN, clubFixture } from '../helpers/club-fixture.ts';

/** A platform's events kept in memory: what the sync sees of Discord. */
function memoryEvents() {
  const events = new Map<string, MeetingEventSpec & { cancelled: boolean }>();
  let n = 0;
  const port: MeetingEventPort = {
    async create(_c: Club, spec) {
      const id = `ev${++n}`;
      events.set(id, { ...spec, cancelled: false });
      return id;
    },
    async find(_c, spec) {
      return [...events].find(([, e]) => !e.cancelled && e.name === spec.name && e.startAt === spec.startAt)?.[0] ?? null;
    },
    async edit(_c, id, spec) {
      const e = events.get(id);
      if (!e || e.cancelled) return false;
      events.set(id, { ...spec, cancelled: false });
      return true;
    },
    async cancel(_c, id) {
      const e = events.get(id);
      if (e) e.cancelled = true;
    },
  };
  return { events, port, live: () => [...events.values()].filter((e) => !e.cancelled) };
}

describe('meeting events (domain sync)', () => {
  it('GIVEN an announced meeting WHEN the schedule moves to another weekday THEN the announced meeting keeps its date and its one event', async () => {
    const f = await clubFixture('2026-11-02T12:00:00Z', { announceLeadMinutes: 6 * 24 * 60 });
    await f.setup({ when: 'wed 17:00', timezone: 'UTC' });
    const club = async () => (await f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' }))!;
    const next = (await f.core.nextAnnouncement(await club()))!;
    f.clock.set(next.slotAt - (await club()).announceLeadMinutes * 60_000);
    await f.core.beginPost((await club()).id, next.slotAt);
    await f.core.completePost((await club()).id, next.slotAt, { channel: 'club-1', messageId: 'm1' });
    const mem = memoryEvents();
    const sync = async () => syncMeetingEvents(f.db, await club(), f.clock().getTime(), 3_600_000, mem.port, memoryLogger());
    await sync();
    expect(mem.live()).toHaveLength(1);
    expect(mem.live()[0]!.startAt).toBe(next.slotAt);

    // Thursday is the day after the announced Wednesday: the change asks first, and changes nothing until confirmed.
    const asked = await f.run(ADMIN, 'club schedule', { when: 'thu 18:00' });
    expect(asked.error).toBe(true);
    expect(asked.text).toMatch(/too soon after it[\s\S]*confirm:yes/);
    expect((await club()).cron).toBe('0 17 * * 3');
    expect((await f.run(ADMIN, 'club schedule', { when: 'thu 18:00', confirm: 'yes' })).error).toBeFalsy();
    await sync();
    // The announced meeting keeps its date (it is still this week's meeting), so its event stays, unmoved and single.
    expect((await f.core.memberHome({ platform: 'console', workspace: 'local' }, 'nobody')).clubs[0]!.next!.slotAt).toBe(next.slotAt);
    expect(mem.live().map((e) => e.startAt)).toEqual([next.slotAt]);
    expect(mem.events.size).toBe(1);
  });

  it('GIVEN a very long title and one-liner THEN the event name is at most 100 and the description at most 1,000 characters', async () => {
    const f = await clubFixture();
    const long = 'x'.repeat(3000);
    const spec = meetingEventSpec(
      { meetingLink: null } as Club,
      { clubId: 1, slotAt: 0, number: 7, status: 'posted', presenters: [], uid: 'u', revision: 0, paper: { id: 1, key: 'k', title: long, url: 'https://arxiv.org/abs/1', summary: long, footnote: null } as never },
      3_600_000,
    );
    expect(spec.name.length).toBeLessThanOrEqual(100);
    expect(spec.name.startsWith('Meeting 7: ')).toBe(true);
    expect(spec.description.length).toBeLessThanOrEqual(1000);
    await f.db.close();
  });
});
