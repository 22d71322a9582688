import cron from 'node-cron';
import { UserError } from '../errors.ts';
import { nextSlot } from './cron-slots.ts';
import { checkRegionZone } from './region-zone.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;

/** When a club meets: a cron (usually the weekly form `M H * * D`) in an IANA zone, every N weeks. */
export interface MeetingSchedule {
  cron: string;
  timezone: string;
  /** 1 = weekly; 2 = every other week … (weekly form only). */
  everyWeeks: number;
  /**
   * Local date (YYYY-MM-DD) of the series' first meeting: no meeting is before it, and it fixes which weeks count when
   * everyWeeks > 1. Set when the schedule is set (the first date after then, or later when that date would come too
   * soon after a meeting already announced or held).
   */
  anchorDate: string | null;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The parts of a weekly cron `M H * * D` (single values), or null for any other shape. */
export function weeklyParts(expr: string): { minute: number; hour: number; weekday: number } | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\d)$/.exec(expr.trim().replace(/\s+/g, ' '));
  if (!m) return null;
  const [minute, hour, wd] = [Number(m[1]), Number(m[2]), Number(m[3]) % 7];
  if (minute > 59 || hour > 23) return null;
  return { minute, hour, weekday: wd };
}

/**
 * Reads a schedule the way people say it — `wed 17:00`, `Wednesday 5:30pm`, `thursdays 18:00` — or a 5-field cron.
 * Returns the cron, or null when the text is neither.
 */
export function parseWhen(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t.split(' ').length === 5) return t;
  const m = /^([a-z]+?)s?(?: at)? (\d{1,2})(?::(\d{2}))? ?(am|pm)?$/.exec(t);
  if (!m) return null;
  const day = WEEKDAYS.findIndex((d) => d === m[1] || (m[1]!.length >= 3 && d.startsWith(m[1]!)));
  let hour = Number(m[2]);
  const minute = Number(m[3] ?? 0);
  if (day < 0 || minute > 59) return null;
  if (m[4]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[4] === 'pm' ? 12 : 0);
  }
  if (hour > 23) return null;
  return `${minute} ${hour} * * ${day}`;
}

// --- time zone arithmetic ------------------------------------------------------------------------------

const partFormats = new Map<string, Intl.DateTimeFormat>();
const QUARTER_HOUR = 15 * MINUTE;
const offsets = new Map<string, number>();

/**
 * The local calendar fields of an instant. Zones change offset only on quarter-hour boundaries, so the offset is
 * looked up once per zone and quarter hour (Intl is the slow part: a sweep over 10,000 clubs would spend seconds in it).
 */
function parts(ms: number, tz: string) {
  const key = `${tz}\u0000${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const p = intlParts(ms, tz);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / MINUTE) * MINUTE;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  const d = new Date(ms + offset);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

function intlParts(ms: number, tz: string) {
  let f = partFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    if (partFormats.size > 1000) partFormats.clear();
    partFormats.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    weekday: WEEKDAY_NAMES.indexOf(p.weekday!),
  };
}

/** The zone's offset from UTC at an instant, in ms (wall clock minus UTC). */
function offsetAt(ms: number, tz: string): number {
  const p = parts(ms, tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / MINUTE) * MINUTE;
}

/**
 * The instant of a local wall-clock time. A time that does not exist (clocks go forward) moves forward by the
 * gap, as people's calendars do; a time that happens twice (clocks go back) is the first of the two.
 */
export function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const before = wall - offsetAt(wall - DAY, tz);
  const after = wall - offsetAt(wall + DAY, tz);
  const exact = [before, after].filter((t) => offsetAt(t, tz) === wall - t).sort((a, b) => a - b);
  return exact[0] ?? before; // in a gap, the offset from before the change lands after it
}

/** The local wall-clock time of an instant as 'HH:MM'. */
export function localTime(ms: number, tz: string): string {
  const p = parts(ms, tz);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' of an instant in a zone. */
export function localDay(ms: number, tz: string): string {
  const p = parts(ms, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const dayNumber = (isoDay: string) => Math.round(Date.parse(`${isoDay}T00:00:00Z`) / DAY);

// --- meeting dates ------------------------------------------------------------------------------------

/** The first meeting strictly after `after` (and not before the series' first date). */
export function nextMeetingAt(s: MeetingSchedule, after: number): number {
  if (s.anchorDate) after = Math.max(after, seriesStart(s.anchorDate, s.timezone) - 1);
  const weekly = weeklyParts(s.cron);
  if (!weekly) return nextSlot(s.cron, s.timezone, after);
  const every = Math.max(1, s.everyWeeks);
  const anchor = s.anchorDate ? dayNumber(s.anchorDate) : null;
  const start = parts(after, s.timezone);
  let day = Date.UTC(start.year, start.month - 1, start.day) / DAY - 1; // the day before: a gap shift can cross midnight
  for (let i = 0; i < 7 * every + 9; i++, day++) {
    const date = new Date(day * DAY);
    if (date.getUTCDay() !== weekly.weekday) continue;
    if (every > 1 && anchor !== null && (((day - anchor) / 7) % every + every) % every !== 0) continue;
    const t = zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), weekly.hour, weekly.minute, s.timezone);
    if (t > after) return t;
  }
  throw new Error(`no meeting found after ${new Date(after).toISOString()} for ${s.cron} ${s.timezone}`);
}

const starts = new Map<string, number>();

/** The first instant of the anchor's local day: no meeting of the series is before it. */
function seriesStart(anchorDate: string, tz: string): number {
  const key = `${anchorDate}\u0000${tz}`;
  let at = starts.get(key);
  if (at === undefined) {
    const [y, m, d] = anchorDate.split('-').map(Number) as [number, number, number];
    at = zonedInstant(y, m, d, 0, 0, tz);
    if (starts.size > 10_000) starts.clear();
    starts.set(key, at);
  }
  return at;
}

/** The next `count` meetings strictly after `after`. */
export function nextMeetings(s: MeetingSchedule, after: number, count: number): number[] {
  const out: number[] = [];
  let t = after;
  for (let i = 0; i < count; i++) out.push((t = nextMeetingAt(s, t)));
  return out;
}

/**
 * Checks a schedule: 5 cron fields, an IANA region zone, at most one meeting a week (a cron that fires more often
 * would post a paper a slot and burn through the list), and every-N-weeks only for the weekly form.
 * Throws a UserError that says what to do.
 */
export function validateMeetingSchedule(s: MeetingSchedule, from = Date.now()): void {
  const expr = s.cron.trim();
  const fields = expr.split(/\s+/);
  if (fields.length !== 5 || !cron.validate(expr)) {
    throw new UserError(
      'bad-cron',
      `"${s.cron}" is not a schedule I can read. Say it as a weekday and a time, e.g. "wed 17:00", or as 5 cron fields, e.g. "0 17 * * 3".`,
    );
  }
  // Region zones only (one rule with the argument validator): abbreviations and offsets ignore daylight saving.
  const region = checkRegionZone(s.timezone);
  if ('problem' in region) throw new UserError('bad-timezone', region.problem);
  if (!Number.isInteger(s.everyWeeks) || s.everyWeeks < 1 || s.everyWeeks > 8) {
    throw new UserError('bad-every', 'Meet every 1 to 8 weeks.');
  }
  if (s.everyWeeks > 1 && !weeklyParts(expr)) {
    throw new UserError('bad-every', 'Every-N-weeks schedules need one weekday and time, e.g. "wed 17:00" every 2 weeks.');
  }
  // Two consecutive meetings closer than a week apart (an hour of slack for DST) means the club would meet more than weekly.
  const slots = nextMeetings({ ...s, cron: expr }, from, 12);
  for (let i = 1; i < slots.length; i++) {
    if (slots[i]! - slots[i - 1]! < WEEK - 2 * 60 * MINUTE) {
      throw new UserError(
        'too-often',
        `"${expr}" would meet more than once a week (e.g. ${new Date(slots[i - 1]!).toISOString().slice(0, 16).replace('T', ' ')} and ${new Date(slots[i]!).toISOString().slice(0, 16).replace('T', ' ')} UTC), and each meeting takes a paper. Use one weekday and time, e.g. "wed 17:00".`,
      );
    }
  }
}

/** Shortest time between two meetings of the schedule (bounds the announce lead: one announced meeting at a time). */
export function shortestGap(s: MeetingSchedule, from: number): number {
  const slots = nextMeetings(s, from, 12);
  let gap = Infinity;
  for (let i = 1; i < slots.length; i++) gap = Math.min(gap, slots[i]! - slots[i - 1]!);
  return gap;
}

/**
 * Meetings in the next year whose wall-clock time is not the one asked for (clocks go forward: the time does not
 * exist) or is ambiguous (clocks go back: it happens twice), so the club can be told instead of surprised.
 */
export function dstNotes(s: MeetingSchedule, from: number, count = 53): Array<{ at: number; kind: 'gap' | 'overlap'; asked: string; actual: string }> {
  const weekly = weeklyParts(s.cron);
  if (!weekly) return [];
  const asked = `${String(weekly.hour).padStart(2, '0')}:${String(weekly.minute).padStart(2, '0')}`;
  const out: Array<{ at: number; kind: 'gap' | 'overlap'; asked: string; actual: string }> = [];
  for (const at of nextMeetings(s, from, count)) {
    const actual = localTime(at, s.timezone);
    if (actual !== asked) out.push({ at, kind: 'gap', asked, actual });
    else if (localTime(at + 60 * MINUTE, s.timezone) === asked) out.push({ at, kind: 'overlap', asked, actual });
  }
  return out;
}

/**
 * Splits what an admin typed after `/club schedule` or `/club setup` — `wed 17:00 Europe/London every 2 weeks`,
 * `"0 17 * * 3" UTC`, `thursday 6pm` — into the schedule's parts. Parts not given are left out.
 */
export function parseScheduleText(text: string): { cron?: string; timezone?: string; everyWeeks?: number; error?: string } {
  let t = text.trim();
  const out: { cron?: string; timezone?: string; everyWeeks?: number; error?: string } = {};
  // A quoted time ("0 17 * * 3") stands apart from what follows it (the zone, every N weeks).
  const quoted = /^["']([^"']*)["']\s*(.*)$/.exec(t);
  if (quoted) {
    const rest = parseScheduleText(quoted[2]!);
    const when = parseWhen(quoted[1]!);
    if (!when) return { error: `"${quoted[1]}" is not a meeting time I can read. Say a weekday and a time, e.g. "wed 17:00", or 5 cron fields.` };
    return { ...rest, cron: when, ...(rest.error && !rest.timezone ? { error: rest.error } : {}) };
  }
  const every = /\s*\b(?:every\s+(\d+)\s*weeks?|every\s+(other)\s+week|(fortnightly|biweekly))\s*$/i.exec(t);
  if (every) {
    out.everyWeeks = every[1] ? Number(every[1]) : 2;
    t = t.slice(0, every.index).trim();
  } else if (/\bweekly\s*$/i.test(t)) {
    out.everyWeeks = 1;
    t = t.replace(/\s*\bweekly\s*$/i, '');
  }
  const words = t.split(/\s+/).filter(Boolean);
  const last = words[words.length - 1];
  if (last && (/\//.test(last) || /^(utc|gmt|[A-Z]{2,5}|[+-]\d)/i.test(last)) && words.length !== 5 && !/^\d/.test(last) && !/^(am|pm)$/i.test(last) && !isWeekdayWord(last)) {
    out.timezone = last === 'utc' ? 'UTC' : last;
    words.pop();
  } else if (last && words.length === 6) {
    out.timezone = last;
    words.pop();
  }
  if (words.length) {
    const cron = parseWhen(words.join(' '));
    if (!cron) out.error = `"${words.join(' ')}" is not a meeting time I can read. Say a weekday and a time, e.g. "wed 17:00", or 5 cron fields.`;
    else out.cron = cron;
  }
  return out;
}

function isWeekdayWord(w: string): boolean {
  const x = w.toLowerCase().replace(/s$/, '');
  return x.length >= 3 && WEEKDAYS.some((d) => d.startsWith(x));
}

/** 'Wednesdays at 17:00 (Europe/London)', 'every 2 weeks on Wednesday at 17:00 (UTC)', or the cron for other shapes. */
export function describeSchedule(s: MeetingSchedule): string {
  const w = weeklyParts(s.cron);
  const zone = s.timezone;
  if (!w) return `\`${s.cron}\` (${zone})`;
  const day = WEEKDAYS[w.weekday]!;
  const dayName = day.charAt(0).toUpperCase() + day.slice(1);
  const time = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  return s.everyWeeks > 1 ? `every ${s.everyWeeks} weeks on ${dayName} at ${time} (${zone})` : `${dayName}s at ${time} (${zone})`;
}

/**
 * The weekly cron that fires `minutes` before a weekly meeting cron, on the local wall clock (Wednesday 17:00 minus
 * six days is Thursday 17:00). Other cron shapes are returned unchanged (the scheduler's sweep covers them).
 */
export function shiftWeeklyCron(expr: string, minutes: number): string {
  const w = weeklyParts(expr);
  if (!w || minutes <= 0) return expr;
  const week = 7 * 24 * 60;
  const at = (((w.weekday * 24 * 60 + w.hour * 60 + w.minute - minutes) % week) + week) % week;
  return `${at % 60} ${Math.floor(at / 60) % 24} * * ${Math.floor(at / (24 * 60))}`;
}
