import type { Paper } from '../catalog/types.ts';
import { charCount, cutToChars } from './characters.ts';

const slotFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

// Building a formatter costs far more than using one; clubs share a handful of zones.
function cached(cache: Map<string, Intl.DateTimeFormat>, tz: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(tz);
  if (!f) {
    if (cache.size > 1000) cache.clear();
    cache.set(tz, (f = make()));
  }
  return f;
}

/** 'Wed 2 Dec 2026, 17:00 (Europe/London)': a time in a zone, always naming the zone. */
export function formatSlot(ms: number, tz: string): string {
  // Thousands of posts of one sweep show the same few meeting times; formatToParts costs ~20 µs each.
  const key = `${ms} ${tz}`;
  const known = recentSlots.get(key);
  if (known !== undefined) return known;
  const text = formatSlotNow(ms, tz);
  if (recentSlots.size >= 256) recentSlots.clear();
  recentSlots.set(key, text);
  return text;
}

const recentSlots = new Map<string, string>();

function formatSlotNow(ms: number, tz: string): string {
  const fmt = cached(slotFormats, tz, () =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  );
  const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${zoneLabel(tz)}`;
}

/** How a zone is named after a time: 'UTC', or the region name ('Europe/London'); never an ambiguous abbreviation. */
export function zoneLabel(tz: string): string {
  return tz === 'UTC' || tz === 'Etc/UTC' ? 'UTC' : `(${tz})`;
}

/** 'YYYY-MM-DD' of an instant in a time zone. */
export function localDate(ms: number, tz: string): string {
  return cached(dateFormats, tz, () => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })).format(new Date(ms));
}

/** A paper as a markdown link, with its nickname where the title doesn't start with it. */
export function paperLink(p: Pick<Paper, 'title' | 'url'>): string {
  return `[${escapeLinkText(p.title)}](${p.url})`;
}

function escapeLinkText(s: string): string {
  return s.replace(/[[\]]/g, (c) => `\\${c}`);
}

/** Cuts text to `max` characters (as the platforms count them) on a word boundary, with an ellipsis; never inside a character. */
export function truncate(s: string, max: number): string {
  if (charCount(s) <= max) return s;
  const cut = cutToChars(s, max - 1);
  const sp = cut.lastIndexOf(' ');
  return (sp > 0 && charCount(cut.slice(0, sp)) > max * 0.6 ? cut.slice(0, sp) : cut) + '…';
}

/**
 * What a list holds, said one way everywhere (/paper lists, /progress, the export, list switches): '46 entries
 * (44 papers, 2 other resources)', or '10 papers' when every entry is one.
 */
export function listSizeText(list: { entryCount: number; paperCount: number }): string {
  const others = list.entryCount - list.paperCount;
  if (others <= 0) return plural(list.paperCount, 'paper');
  return `${plural(list.entryCount, 'entry', 'entries')} (${plural(list.paperCount, 'paper')}, ${plural(others, 'other resource')})`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
