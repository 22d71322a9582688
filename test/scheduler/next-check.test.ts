import { afterEach, describe, expect, it } from 'vitest';
import { clubBot, HOUR, WED, WEEK, type ClubBot } from './harness.ts';
import { valueOf } from '../helpers/sql.ts';

let h: ClubBot;
const SCAN = Number(process.env.SCAN ?? 0);
afterEach(async () => h?.close());

const nextCheck = async (h: ClubBot) => await valueOf(h.bot.db, 'SELECT next_check_at FROM clubs WHERE id = ?', h.clubId) as number | null;

describe('when a sweep next looks at a club (clubs.next_check_at)', () => {
  it('GIVEN a club with nothing due THEN a sweep records its next check at the start of the reminder window, then at the meeting once reminded', async () => {
    h = await clubBot({ scanFrom: SCAN });
    const lead = (await h.club()).reminderLeadMinutes * 60_000;
    await h.at(WED - 3 * 24 * HOUR);
    expect(await nextCheck(h)).toBe(WED - lead);
    // Reminder window reached: the call for a presenter goes out, then the club waits for the meeting.
    const r = await h.at(WED - lead + 60_000);
    expect(r.reminders).toHaveLength(1);
    await h.at(WED - lead + 2 * 60_000);
    expect(await nextCheck(h)).toBe(WED);
    // The meeting (lead 0: announced at its time).
    expect((await h.at(WED + 60_000)).posted).toHaveLength(1);
  });

  it('GIVEN a recorded next check WHEN anything it depends on changes (sign-up, withdrawal, pause, skip, a club setting) THEN it is cleared and the next sweep acts on the change', async () => {
    h = await clubBot({ scanFrom: SCAN });
    const lead = (await h.club()).reminderLeadMinutes * 60_000;
    await h.at(WED - lead + 60_000); // call for a presenter sent
    await h.at(WED - lead + 2 * 60_000);
    expect(await nextCheck(h)).toBe(WED);
    const member = { userId: 'ada', displayName: 'Ada' };
    expect((await h.bot.run(member, 'signup', {}, 'c1')).error).toBeFalsy();
    expect(await nextCheck(h)).toBeNull();
    const dm = await h.at(WED - lead + 3 * 60_000);
    expect(dm.reminders).toEqual([{ clubId: h.clubId, slotAt: WED, kind: expect.stringMatching(/^presenter:/) }]);
    await h.at(WED - lead + 4 * 60_000);
    expect(await nextCheck(h)).toBe(WED);
    // A withdrawal inside the window owes the club a new call for a presenter… but one was already sent: idle again.
    expect((await h.bot.run(member, 'withdraw', {}, 'c1')).error).toBeFalsy();
    expect(await nextCheck(h)).toBeNull();
    await h.at(WED - lead + 5 * 60_000);
    expect(await nextCheck(h)).toBe(WED);
    for (const [command, args] of [['club pause', {}], ['club resume', {}], ['club settings', { reminder_hours: 12 }], ['club skip', { week: '2026-11-11' }]] as const) {
      expect((await h.admin(command, args)).error, command).toBeFalsy();
      expect(await nextCheck(h), command).toBeNull();
      await h.at(WED - lead + 6 * 60_000);
    }
    expect((await h.at(WED + 60_000)).posted).toHaveLength(1);
    // The skipped week has no post; the week after is announced.
    expect((await h.at(WED + WEEK + 60_000)).posted).toEqual([]);
    expect((await h.at(WED + 2 * WEEK + 60_000)).posted).toHaveLength(1);
  });

  it('GIVEN next checks written by an earlier process THEN a start looks at every club again', async () => {
    h = await clubBot({ scanFrom: SCAN });
    await h.at(WED - 3 * 24 * HOUR);
    expect(await nextCheck(h)).not.toBeNull();
    await h.downUntil(WED - 3 * 24 * HOUR + 60_000, { scanFrom: Infinity });
    expect(await nextCheck(h)).toBeNull();
  });
});
