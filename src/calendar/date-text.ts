/**
 * Calendar dates as people type them, read in the club's own calendar: `2026-12-17`, `17 Dec`, `Dec 17`,
 * `Thu 17 Dec 2026`, `17.12.`, `17.12.2026`, `12/17`, `14/01/2027`, `next thu`, `tomorrow`, and the bot's own
 * `Thu 17 Dec 2026, 18:30 (Europe/Berlin)` pasted back. A numeric date that reads two ways (`12/10`: 10 Dec or
 * 12 Oct) is not guessed: both readings are returned so the user can be asked.
 */

/** What text says as a date: one date (YYYY-MM-DD), two possible ones, or why it is no date although it looks like one. */
export type DateReading = { date: string } | { ambiguous: [string, string] } | { problem: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY_WORD = '(sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';

const DAY_MONTH = new RegExp(`^(?:${WEEKDAY_WORD},?\\s+)?${DAY}\\s+${MONTH_WORD},?(?:\\s+${YEAR})?$`);
const MONTH_DAY = new RegExp(`^(?:${WEEKDAY_WORD},?\\s+)?${MONTH_WORD}\\s+${DAY},?(?:\\s+${YEAR})?$`);
const RELATIVE_WEEKDAY = new RegExp(`^(?:(this|next|coming)\\s+)?${WEEKDAY_WORD}$`);

/** 'Thu 17 Dec 2026' for YYYY-MM-DD. */
export function describeDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAY_NAMES[weekday]!.slice(0, 3)} ${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

/**
 * Reads `text` as a date, `today` (YYYY-MM-DD) being today in the club's time zone; null when the text does not
 * look like a date at all (then it may be a meeting number or a paper). A date written without a year is the one
 * nearest to today. `next thu` is the first Thursday after today; `thu` / `this thu` the first from today on.
 */
export function readDateText(text: string, today: string): DateReading | null {
  // The bot's own way of writing a meeting, pasted back: the time and zone after the date add nothing.
  const t = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/,?\s*(?:at\s+)?\d{1,2}:\d{2}(?:\s*(?:utc|\([^)]*\)|[a-z]+\/[a-z_/+-]+))?$/, '')
    .trim();
  if (!t) return null;
  const base = parseIso(today);
  if (!base) throw new Error(`today must be YYYY-MM-DD, not ${today}`);

  if (t === 'today' || t === 'tonight') return { date: today };
  if (t === 'tomorrow') return { date: addDays(today, 1) };
  if (t === 'yesterday') return { date: addDays(today, -1) };

  const rel = RELATIVE_WEEKDAY.exec(t);
  if (rel) {
    const want = weekdayIndex(rel[2]!);
    const from = weekdayOf(today);
    let ahead = (want - from + 7) % 7;
    if (rel[1] === 'next' && ahead === 0) ahead = 7;
    return { date: addDays(today, ahead) };
  }

  // 2026-12-17, 2026/12/17
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]), text);

  // 17.12. or 17.12.2026 (17.12.26): day first, as everywhere dots are used.
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(?:(\d{4}|\d{2}))?$/.exec(t);
  if (dotted) {
    const d = Number(dotted[1]);
    const m = Number(dotted[2]);
    return dotted[3] ? checked(fullYear(dotted[3]), m, d, text) : nearest(m, d, base, text);
  }

  // 12/17, 17/12, 12/10 (two readings), 14/01/2027, 14-01-2027
  const numeric = /^(\d{1,2})([/-])(\d{1,2})(?:\2(\d{4}|\d{2}))?$/.exec(t);
  if (numeric && (numeric[2] === '/' || numeric[4])) {
    const a = Number(numeric[1]);
    const b = Number(numeric[3]);
    const year = numeric[4] ? fullYear(numeric[4]) : null;
    const readings = [
      [a, b], // month/day, as in the US
      [b, a], // day/month, as in most of the world
    ]
      .map(([m, d]) => (year === null ? nearest(m!, d!, base, text) : checked(year, m!, d!, text)))
      .filter((r): r is { date: string } => 'date' in r);
    const dates = [...new Set(readings.map((r) => r.date))];
    if (dates.length === 1) return { date: dates[0]! };
    if (dates.length === 2) return { ambiguous: [dates[0]!, dates[1]!] };
    return { problem: `'${clean(text)}' is not a date: neither ${a}/${b} as month/day nor as day/month exists.` };
  }

  const dm = DAY_MONTH.exec(t);
  const md = dm ? null : MONTH_DAY.exec(t);
  if (dm || md) {
    const weekday = (dm ?? md)![1];
    const day = Number(dm ? dm[2] : md![3]);
    const month = monthIndex(dm ? dm[3]! : md![2]!) + 1;
    const yearText = dm ? dm[4] : md![4];
    const reading = yearText ? checked(Number(yearText), month, day, text) : nearest(month, day, base, text);
    if ('date' in reading && weekday && weekdayOf(reading.date) !== weekdayIndex(weekday)) {
      return { problem: `${describeDate(reading.date).slice(4)} is a ${WEEKDAY_NAMES[weekdayOf(reading.date)]}, not a ${WEEKDAY_NAMES[weekdayIndex(weekday)]}.` };
    }
    return reading;
  }
  return null;
}

function clean(text: string): string {
  return text.trim().replace(/[`*_~|<>@]/g, '').slice(0, 30);
}

function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function parseIso(iso: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function exists(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checked(y: number, m: number, d: number, text: string): DateReading {
  return exists(y, m, d) ? { date: isoOf(y, m, d) } : { problem: `'${clean(text)}' is not a date.` };
}

/** The date with this month and day nearest to today (last year's, this year's or next year's). */
function nearest(m: number, d: number, today: { y: number; m: number; d: number }, text: string): DateReading {
  const now = Date.UTC(today.y, today.m - 1, today.d);
  let best: { at: number; iso: string } | null = null;
  for (const y of [today.y, today.y + 1, today.y - 1]) {
    if (!exists(y, m, d)) continue;
    const at = Date.UTC(y, m - 1, d);
    // Ties (never more than a day apart in practice) go to the date ahead: meetings are mostly ahead.
    if (!best || Math.abs(at - now) < Math.abs(best.at - now)) best = { at, iso: isoOf(y, m, d) };
  }
  return best ? { date: best.iso } : { problem: `'${clean(text)}' is not a date.` };
}

function addDays(iso: string, days: number): string {
  const p = parseIso(iso)!;
  const date = new Date(Date.UTC(p.y, p.m - 1, p.d + days));
  return isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function weekdayOf(iso: string): number {
  const p = parseIso(iso)!;
  return new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
}

function weekdayIndex(word: string): number {
  return WEEKDAYS.indexOf(word.slice(0, 3).toLowerCase());
}

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase());
}
