/**
 * How the bot writes a meeting time: 'Wed 2 Dec 2026, 17:00 (Europe/London)', always naming the zone, and the local
 * calendar date of an instant. calendar/date-text.ts reads the same wording back when a member pastes it.
 */

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
