import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine } from '../../src/calendar/ics.ts';
import { ADMIN, ALICE, clubFixture } from '../helpers/club-fixture.ts';

/** Events of an .ics text as Mozilla's ical.js reads them. */
function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return {
    cal,
    events: cal.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return {
        uid: e.uid,
        start: e.startDate.toJSDate(),
        end: e.endDate.toJSDate(),
        summary: e.summary,
        description: e.description,
        location: e.location,
        sequence: e.sequence,
        status: v.getFirstPropertyValue('status'),
        url: v.getFirstPropertyValue('url'),
      };
    }),
  };
}

const nyTime = (d: Date) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

describe('/paper calendar', () => {
  it('GIVEN a New York club meeting Wednesdays 17:00 across the 8 Mar 2026 DST change, with 4 Mar skipped THEN ical.js reads 17:00 local on both sides, a cancelled 4 Mar and the same UIDs on a second call', async () => {
    const f = await clubFixture('2026-02-20T12:00:00Z');
    expect((await f.setup({ when: 'wed 17:00', timezone: 'America/New_York' })).error).toBeFalsy();
    await f.run(ALICE, 'signup', { week: '1' });

    const before = await f.run(ALICE, 'paper calendar');
    expect(before.error).toBeFalsy();
    expect(before.file!.name).toMatch(/\.ics$/);
    const first = parse(before.file!.content);
    expect(first.cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(first.cal.getFirstPropertyValue('prodid')).toMatch(/paperclub/);
    expect(first.events).toHaveLength(12);
    // Every meeting is 17:00 in New York: 22:00 UTC before the change, 21:00 UTC after.
    for (const e of first.events) expect(nyTime(e.start)).toMatch(/Wed, .* 17:00$/);
    expect(first.events[0]!.start.toISOString()).toBe('2026-02-25T22:00:00.000Z');
    expect(first.events[2]!.start.toISOString()).toBe('2026-03-11T21:00:00.000Z');
    expect(first.events[0]!.end.getTime() - first.events[0]!.start.getTime()).toBe(60 * 60_000);
    expect(first.events[0]!.summary).toMatch(/meeting 1: /);
    expect(first.events[0]!.description).toMatch(/Presenting: Alice/);
    expect(first.events[0]!.description).toContain(first.events[0]!.url);
    expect(first.events[1]!.status).toBe('CONFIRMED');

    expect((await f.run(ADMIN, 'club skip', { week: '2026-03-04' })).error).toBeFalsy();
    const after = parse((await f.run(ALICE, 'paper calendar')).file!.content);
    expect(after.events.map((e) => e.uid)).toEqual(first.events.map((e) => e.uid));
    const skipped = after.events[1]!;
    expect(nyTime(skipped.start)).toBe('Wed, Mar 4, 17:00');
    expect(skipped.status).toBe('CANCELLED');
    expect(skipped.sequence).toBeGreaterThan(first.events[1]!.sequence);
    // The paper planned for 4 Mar moves to 11 Mar, after the clocks changed.
    expect(after.events[2]!.summary).toBe(first.events[1]!.summary);
    expect(nyTime(after.events[2]!.start)).toBe('Wed, Mar 11, 17:00');

    const again = parse((await f.run(ALICE, 'paper calendar')).file!.content);
    expect(again.events.map((e) => e.uid)).toEqual(after.events.map((e) => e.uid));
    expect(new Set(again.events.map((e) => e.uid)).size).toBe(12);
  });

  it('GIVEN a channel without a club THEN /paper calendar says how to start one', async () => {
    const f = await clubFixture();
    const r = await f.run(ALICE, 'paper calendar');
    expect(r.error).toBe(true);
    expect(r.file).toBeUndefined();
  });
});

describe('ics text', () => {
  it('GIVEN text with commas, semicolons, backslashes and new lines THEN it is escaped and ical.js reads it back unchanged', () => {
    const raw = 'LoRA; low-rank, fast\\cheap\nsecond line';
    expect(escapeText(raw)).toBe('LoRA\\; low-rank\\, fast\\\\cheap\\nsecond line');
    const text = buildIcs({ name: 'x', stamp: 0, events: [{ uid: 'u1', start: 0, end: 3_600_000, summary: raw, description: raw.repeat(5), location: raw, cancelled: false, sequence: 0 }] });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => !l.includes('\n') && Buffer.byteLength(l) <= 75)).toBe(true);
    const [e] = parse(text).events;
    expect([e!.summary, e!.description, e!.location]).toEqual([raw, raw.repeat(5), raw]);
  });

  it('GIVEN a line longer than 75 octets with multi-byte characters THEN each folded line is at most 75 octets and no character is split', () => {
    const line = `SUMMARY:${'Ünïcödé ✓ '.repeat(20)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  });
});
