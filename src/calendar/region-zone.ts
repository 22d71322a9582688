/**
 * Time zones a club may use: IANA region zones (Europe/London) and UTC. Abbreviations (EST, CET, IST) and offsets
 * (UTC+2) are refused: they are ambiguous (IST is India, Ireland or Israel) and do not follow daylight saving time,
 * so a club set to "EST" would meet an hour off for half the year.
 */
import { osaDistance } from '../catalog/edit-distance.ts';

/** Regions to suggest for common abbreviations. */
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  AKST: 'America/Anchorage', HST: 'Pacific/Honolulu',
  GMT: 'Europe/London', BST: 'Europe/London', WET: 'Europe/Lisbon',
  CET: 'Europe/Berlin', CEST: 'Europe/Berlin', MET: 'Europe/Berlin', EET: 'Europe/Athens', EEST: 'Europe/Athens', MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata', PKT: 'Asia/Karachi', SGT: 'Asia/Singapore', HKT: 'Asia/Hong_Kong', JST: 'Asia/Tokyo', KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney', ACST: 'Australia/Adelaide', AWST: 'Australia/Perth', NZST: 'Pacific/Auckland', NZDT: 'Pacific/Auckland',
  BRT: 'America/Sao_Paulo', ART: 'America/Argentina/Buenos_Aires',
};

function knownToRuntime(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

let canonical: Map<string, string> | null = null;
/** The zone spelled as the runtime lists it (europe/london -> Europe/London); the input when not listed. */
function spelled(tz: string): string {
  canonical ??= new Map((typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []).map((z) => [z.toLowerCase(), z]));
  return canonical.get(tz.toLowerCase()) ?? tz;
}

/** A region zone (or UTC) as the club should store it, or the reason the text is not one (with a hint). */
export function checkRegionZone(text: string): { zone: string } | { problem: string } {
  const tz = text.trim();
  if (/^(utc|etc\/utc|z|zulu)$/i.test(tz)) return { zone: 'UTC' };
  const abbr = ABBREVIATIONS[tz.toUpperCase()];
  if (abbr) return { problem: `${tz.toUpperCase()} is an abbreviation; use a region such as ${abbr}.` };
  const offset = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(tz) ?? /^etc\/gmt([+-])(\d{1,2})$/i.exec(tz);
  if (offset) {
    // Etc/GMT+2 is two hours *behind* UTC (POSIX signs); UTC+2 and GMT+2 are ahead.
    const sign = (offset[1] === '-' ? -1 : 1) * (/^etc\//i.test(tz) ? -1 : 1);
    const minutes = sign * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
    return { problem: `${tz.slice(0, 20)} is a fixed offset, which ignores daylight saving time; use the region you meet in${regionsAt(minutes)}.` };
  }
  // Region zones are Area/Location; single words the runtime knows (EST5EDT, CET, Cuba) are legacy names.
  if (!tz.includes('/') || /^etc\//i.test(tz) || !knownToRuntime(tz)) {
    const near = nearestZone(tz);
    if (near) return { problem: `"${tz.slice(0, 40)}" is not a time zone I know. Did you mean ${near}? Zones are IANA regions such as Europe/London or America/New_York.` };
    const hint = knownToRuntime(tz) ? 'is not a region time zone' : 'is not a time zone I know';
    return { problem: `"${tz.slice(0, 40)}" ${hint}. Use an IANA region such as Europe/London or America/New_York.` };
  }
  return { zone: spelled(tz) };
}

/** Region zones to match against: the common modern names (ICU lists some by old names, Asia/Calcutta), then all the runtime lists. */
function regionZones(): string[] {
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...COMMON_REGIONS.filter(knownToRuntime), ...listed])].filter((z) => z.includes('/') && !/^etc\//i.test(z));
}

/**
 * The region zone someone most likely meant: a city alone (`Berlin`, `new york` → Europe/Berlin, America/New_York),
 * else the nearest spelling (`Europe/Berln`), allowing about one typo in four letters. Null when nothing is close.
 */
export function nearestZone(text: string): string | null {
  const typed = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (typed.length < 3) return null;
  const zones = regionZones();
  const city = (z: string) => z.slice(z.lastIndexOf('/') + 1).toLowerCase();
  const preferred = (a: string, b: string) => Number(!COMMON_REGIONS.includes(a)) - Number(!COMMON_REGIONS.includes(b));
  const byCity = zones.filter((z) => city(z) === typed).sort(preferred);
  if (byCity.length) return byCity[0]!;
  const allowed = Math.max(1, Math.floor(typed.length / 4));
  let best: { zone: string; distance: number } | null = null;
  for (const z of zones) {
    const full = z.toLowerCase();
    const d = Math.min(osaDistance(full, typed, allowed + 1), typed.includes('/') ? Infinity : osaDistance(city(z), typed, allowed + 1));
    if (d <= allowed && (!best || d < best.distance || (d === best.distance && preferred(z, best.zone) < 0))) best = { zone: z, distance: d };
  }
  return best?.zone ?? null;
}

/** Well-known regions, offered first for an offset and preferred between equally near spellings. */
const COMMON_REGIONS = [
  'Europe/London', 'Europe/Lisbon', 'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Africa/Lagos', 'Europe/Athens', 'Europe/Helsinki', 'Africa/Cairo',
  'Africa/Johannesburg', 'Europe/Moscow', 'Europe/Istanbul', 'Asia/Dubai', 'Asia/Karachi', 'Asia/Kolkata', 'Asia/Dhaka', 'Asia/Bangkok', 'Asia/Singapore',
  'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Seoul', 'Australia/Brisbane', 'Australia/Sydney', 'Pacific/Auckland', 'America/Sao_Paulo', 'America/Argentina/Buenos_Aires',
  'America/Halifax', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu',
];

/** UTC offset of a zone, in minutes, at an instant. */
function offsetMinutes(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** ', e.g. Europe/Berlin (UTC+1 in winter, UTC+2 in summer) or Europe/Paris': common regions at that offset part of the year. */
function regionsAt(minutes: number): string {
  const year = new Date().getUTCFullYear();
  const jan = new Date(Date.UTC(year, 0, 15));
  const jul = new Date(Date.UTC(year, 6, 15));
  const label = (m: number) => `UTC${m >= 0 ? '+' : '-'}${Math.floor(Math.abs(m) / 60)}${Math.abs(m) % 60 ? `:${String(Math.abs(m) % 60).padStart(2, '0')}` : ''}`;
  const hits = COMMON_REGIONS.filter((z) => knownToRuntime(z))
    .map((z) => ({ z, jan: offsetMinutes(z, jan), jul: offsetMinutes(z, jul) }))
    .filter((x) => x.jan === minutes || x.jul === minutes)
    // Regions at that offset in (northern) winter first: that is the offset people name.
    .sort((a, b) => Number(a.jan !== minutes) - Number(b.jan !== minutes));
  if (!hits.length) return ', such as Europe/Berlin or America/New_York';
  const [first, second] = hits;
  const swings = first!.jan === first!.jul ? '' : ` (${label(first!.jan)} in January, ${label(first!.jul)} in July)`;
  return `, e.g. ${first!.z}${swings}${second ? ` or ${second.z}` : ''}`;
}
