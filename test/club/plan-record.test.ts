import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, clubFixture, WHERE } from '../helpers/club-fixture.ts';
import { planUpcoming } from '../../src/club/planning.ts';
import { clubCalendar } from '../../src/club/calendar-events.ts';
import ICAL from 'ical.js';
import { runSql } from '../helpers/sql.ts';

/** The plan as a member reads it: date, number, paper title, presenters, status. */
async function planOf(f: Awaited<ReturnType<typeof clubFixture>>, count = 8) {
  const club = (await f.core.clubFor(WHERE))!;
  return (await planUpcoming(f.db, club, f.clock().getTime(), count)).map((m) => ({
    at: new Date(m.slotAt).toISOString().slice(0, 16),
    number: m.number,
    paper: m.paper?.title ?? null,
    presenters: m.presenters.map((p) => p.displayName),
    status: m.status,
    uid: m.uid,
  }));
}

/** UID → (start, status, SEQUENCE) of the club's calendar file, as a calendar app reads it. */
async function calendarOf(f: Awaited<ReturnType<typeof clubFixture>>) {
  const club = (await f.core.clubFor(WHERE))!;
  const vcal = new ICAL.Component(ICAL.parse((await clubCalendar(f.db, club, f.clock().getTime(), 3_600_000))));
  return new Map(
    vcal.getAllSubcomponents('vevent').map((e) => [
      String(e.getFirstPropertyValue('uid')),
      { start: (e.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString().slice(0, 16), status: String(e.getFirstPropertyValue('status')), sequence: Number(e.getFirstPropertyValue('sequence')) },
    ]),
  );
}

describe('GIVEN a club whose plan is a record (issue 22)', () => {
  it('THEN a schedule change and back restores every date, paper, presenter and calendar UID; the calendar moves events instead of doubling them', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ALICE, 'signup', { week: '2' });
    const before = await planOf(f);
    const calBefore = await calendarOf(f);
    expect((await f.run(ADMIN, 'club schedule', { when: 'fri 18:00', timezone: 'UTC' })).error).toBeFalsy();
    const moved = await planOf(f);
    // Same meetings (UIDs) in the same order, each on the next Friday, with its paper and presenter.
    expect(moved.map((m) => [m.uid, m.number, m.paper, m.presenters])).toEqual(before.map((m) => [m.uid, m.number, m.paper, m.presenters]));
    expect(moved.every((m) => m.at.endsWith('T18:00') && new Date(m.at + 'Z').getUTCDay() === 5)).toBe(true);
    const calMoved = await calendarOf(f);
    for (const [uid, e] of calBefore) {
      expect(calMoved.get(uid)?.start, uid).not.toBe(e.start);
      expect(calMoved.get(uid)!.sequence).toBeGreaterThan(e.sequence);
    }
    expect(calMoved.size).toBe(calBefore.size);
    expect((await f.run(ADMIN, 'club schedule', { when: 'wed 17:00', timezone: 'UTC' })).error).toBeFalsy();
    expect(await planOf(f)).toEqual(before);
    await f.db.close();
  });

  it('THEN skip then unskip is the identity: papers, presenters, and the calendar (the date cancelled, then confirmed again under the same UID)', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ALICE, 'signup', { week: '2' });
    await f.run(BOB, 'signup', { week: '3' });
    const before = await planOf(f);
    const skip = await f.run(ADMIN, 'club skip', { week: '2' });
    expect(skip.error).toBeFalsy();
    const skipped = await planOf(f);
    expect(skipped[1]).toMatchObject({ status: 'skipped', paper: null, presenters: [], uid: before[1]!.uid });
    // Meeting 2's paper goes to the next date (Bob's), whose presenter stays; later papers each move one meeting later.
    expect(skipped[2]).toMatchObject({ number: 2, paper: before[1]!.paper, presenters: ['Bob'] });
    expect(skipped[3]).toMatchObject({ number: 3, paper: before[2]!.paper });
    expect((await calendarOf(f)).get(before[1]!.uid)).toMatchObject({ status: 'CANCELLED' });
    const date = before[1]!.at.slice(0, 10);
    const unskip = await f.run(ADMIN, 'club unskip', { date });
    expect(unskip.error, unskip.text).toBeFalsy();
    // Alice presents again; Bob's paper changes back: both are told.
    expect(unskip.text).toContain('Told privately: Alice, Bob.');
    const after = await planOf(f);
    expect(after.map(({ uid, number, paper, presenters, status }) => ({ uid, number, paper, presenters, status }))).toEqual(
      before.map(({ uid, number, paper, presenters, status }) => ({ uid, number, paper, presenters, status })),
    );
    const cal = (await calendarOf(f)).get(before[1]!.uid)!;
    expect(cal.status).toBe('CONFIRMED');
    expect(cal.sequence).toBeGreaterThanOrEqual(2);
    await f.db.close();
  });

  it('THEN picks, moves and vote winners stay on their meetings through a list switch and back; the rest follow the list', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.line(ADMIN, '/club pick bert');
    await f.line(ADMIN, '/club move lora 4');
    const pinned = (await planOf(f)).filter((m) => m.paper === 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding' || /LoRA/.test(m.paper ?? ''));
    expect(pinned.map((m) => m.number)).toEqual([1, 4]);
    const ask = await f.run(ADMIN, 'club setup', { list: 'mlcs-research-journal' });
    expect(ask.error).toBe(true);
    expect(ask.text).toContain('It would change:');
    expect((await f.run(ADMIN, 'club setup', { list: 'mlcs-research-journal', confirm: 'yes' })).error).toBeFalsy();
    const switched = await planOf(f);
    expect(switched[0]!.paper).toBe(pinned[0]!.paper);
    expect(switched[3]!.paper).toBe(pinned[1]!.paper);
    expect((await f.run(ADMIN, 'club setup', { list: 'latent-space', confirm: 'yes' })).error).toBeFalsy();
    const back = await planOf(f);
    expect(back[0]!.paper).toBe(pinned[0]!.paper);
    expect(back[3]!.paper).toBe(pinned[1]!.paper);
    // The list resumes where it was: its first papers fill the meetings around the pins, in order.
    expect(back[1]!.paper).toBe('Attention Is All You Need');
    await f.db.close();
  });

  it('THEN a paper already discussed is only scheduled again after a yes that names its meeting; a typo is asked about, never guessed', async () => {
    const f = await clubFixture();
    await f.setup();
    const first = await f.post();
    const ask = await f.line(ADMIN, '/club pick attention');
    expect(ask.error).toBe(true);
    expect(ask.text).toContain('**Attention Is All You Need** was already discussed at meeting 1 on');
    expect(ask.text).toContain('To go ahead, run /club pick attention confirm:yes');
    expect((await f.line(ADMIN, '/club pick attention confirm:yes')).error).toBeFalsy();
    expect((await planOf(f))[0]!.paper).toBe(first.post.title);
    const typo = await f.line(ADMIN, '/club vote flash attenton, bert');
    expect(typo.error).toBe(true);
    expect(typo.text).toMatch(/No paper matches 'flash attenton' — did you mean .*FlashAttention/);
    await f.db.close();
  });

  it('THEN a club from before stored plans gets, at its first look, exactly the plan it showed then', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.post();
    await f.run(ADMIN, 'club skip', { week: '3' });
    await f.run(ALICE, 'signup', { week: '2' });
    const shown = await planOf(f, 12);
    // As a database from before the upgrade holds it: no planned rows, the list place of the next paper, and the
    // skipped date as a bare record.
    const club = (await f.core.clubFor(WHERE))!;
    await runSql(f.db, 'DELETE FROM planned_meetings');
    await runSql(f.db, 'UPDATE clubs SET plan_version = 0, position = 1 WHERE id = ?', club.id);
    await runSql(f.db, "UPDATE meetings SET skipped_paper_id = NULL, skipped_origin = NULL, skipped_status = NULL WHERE status = 'skipped'");
    expect(await planOf(f, 12)).toEqual(shown);
    await f.db.close();
  });
});
