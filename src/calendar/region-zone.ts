/**
 * Time zones a club may use: IANA region zones (Europe/London) and UTC. Abbreviations (EST, CET, IST) and offsets
 * (UTC+2) are refused: they are ambiguous (IST is India, Ireland or Israel) and do not follow daylight saving time,
 * so a club set to "EST" would meet an hour off for half the year.
 */

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
  if (/^(utc|gmt)?\s*[+-]\s*\d{1,2}(:?\d{2})?$/i.test(tz) || /^etc\/gmt[+-]\d+$/i.test(tz)) {
    return { problem: `${tz.slice(0, 20)} is a fixed offset, which ignores daylight saving time; use a region such as Europe/Berlin or America/New_York.` };
  }
  // Region zones are Area/Location; single words the runtime knows (EST5EDT, CET, Cuba) are legacy names.
  if (!tz.includes('/') || /^etc\//i.test(tz) || !knownToRuntime(tz)) {
    const hint = knownToRuntime(tz) ? 'is not a region time zone' : 'is not a time zone I know';
    return { problem: `"${tz.slice(0, 40)}" ${hint}. Use an IANA region such as Europe/London or America/New_York.` };
  }
  return { zone: spelled(tz) };
}
