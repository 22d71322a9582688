import { describe, expect, it } from 'vitest';
import { describeDate, readDateText } from '../../src/calendar/date-text.ts';

// Today in the club's zone: Monday 7 Dec 2026.
const TODAY = '2026-12-07';

describe('GIVEN a date typed in a common form, today being Mon 7 Dec 2026', () => {
  it.each([
    ['2026-12-17', '2026-12-17'],
    ['2026/12/17', '2026-12-17'],
    ['17 Dec', '2026-12-17'],
    ['17 dec', '2026-12-17'],
    ['17 December', '2026-12-17'],
    ['Dec 17', '2026-12-17'],
    ['December 17th', '2026-12-17'],
    ['Thu 17 Dec', '2026-12-17'],
    ['Thursday, December 17, 2026', '2026-12-17'],
    ['17 Dec 2026', '2026-12-17'],
    ['17.12.', '2026-12-17'],
    ['17.12.2026', '2026-12-17'],
    ['17.12.26', '2026-12-17'],
    ['12/17', '2026-12-17'],
    ['17/12', '2026-12-17'],
    ['12/17/2026', '2026-12-17'],
    ['24/12', '2026-12-24'],
    ['Dec 24', '2026-12-24'],
    ['14/01/2027', '2027-01-14'],
    ['14-01-2027', '2027-01-14'],
    ['14 Jan', '2027-01-14'], // nearer than 14 Jan 2026
    ['1 Dec', '2026-12-01'], // nearer than 1 Dec 2027
    ['6/6', '2027-06-06'], // one reading only, the same both ways; 181 days ahead is nearer than 184 back
    ['today', '2026-12-07'],
    ['tomorrow', '2026-12-08'],
    ['yesterday', '2026-12-06'],
    ['thu', '2026-12-10'],
    ['next thu', '2026-12-10'],
    ['next Thursday', '2026-12-10'],
    ['this thu', '2026-12-10'],
    ['mon', '2026-12-07'], // today is Monday: `mon` counts today
    ['next mon', '2026-12-14'], // `next` never means today
    ['Thu 17 Dec 2026, 18:30 (Europe/Berlin)', '2026-12-17'], // as the bot prints a meeting
    ['Wed 16 Dec 2026, 17:00 UTC', '2026-12-16'],
  ])('WHEN %s THEN it is %s', (text, date) => {
    expect(readDateText(text, TODAY)).toEqual({ date });
  });

  it.each([
    ['12/10', ['2026-12-10', '2026-10-12']],
    ['1/2', ['2027-01-02', '2027-02-01']],
    ['12/10/2026', ['2026-12-10', '2026-10-12']],
  ])('WHEN %s reads two ways THEN both readings come back, to be asked about', (text, both) => {
    expect(readDateText(text, TODAY)).toEqual({ ambiguous: both });
  });

  it.each([
    ['31 Feb', /'31 Feb' is not a date/],
    ['2026-02-30', /not a date/],
    ['13/13', /neither 13\/13 as month\/day nor as day\/month exists/],
    ['Wed 17 Dec', /17 Dec 2026 is a Thursday, not a Wednesday/],
    ['32.12.', /not a date/],
  ])('WHEN %s looks like a date but is none THEN it says why', (text, why) => {
    const r = readDateText(text, TODAY);
    expect(r && 'problem' in r ? r.problem : r).toMatch(why);
  });

  it.each(['lora', 'attention is all you need', '5', '#5', '2106.09685', 'gpt 2', 'AI 2027', '1.5', '17.12', 'llama 2', 'may'])(
    'WHEN %s THEN it is no date at all (a meeting number or a paper)',
    (text) => {
      expect(readDateText(text, TODAY)).toBeNull();
    },
  );

  it('WHEN a date is shown back THEN it carries its weekday', () => {
    expect(describeDate('2026-12-17')).toBe('Thu 17 Dec 2026');
    expect(describeDate('2026-10-12')).toBe('Mon 12 Oct 2026');
  });
});
