import cron from 'node-cron';

/** Checks an IANA time zone name the way the runtime will use it (node-cron accepts bad zones and fails later). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

interface Matcher {
  getNextMatch(d: Date): Date;
}

const matchers = new Map<string, Matcher>();

// node-cron's own matcher walks cron fields with DST handled; we reuse it so planning and firing agree exactly.
function matcherFor(expr: string, tz: string): Matcher {
  const key = `${expr}\u0000${tz}`;
  let m = matchers.get(key);
  if (!m) {
    const task = cron.createTask(expr, () => {}, { timezone: tz });
    const inner = (task as unknown as { timeMatcher?: Matcher }).timeMatcher;
    void task.destroy();
    if (!inner || typeof inner.getNextMatch !== 'function') throw new Error('node-cron internals changed: no timeMatcher');
    m = inner;
    if (matchers.size > 10_000) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/** The first slot strictly after `after`. */
export function nextSlot(expr: string, tz: string, after: Date | number): number {
  return matcherFor(expr, tz).getNextMatch(new Date(after)).getTime();
}

/** The next `count` slots strictly after `after`. */
export function nextSlots(expr: string, tz: string, after: Date | number, count: number): number[] {
  const out: number[] = [];
  let t = new Date(after).getTime();
  for (let i = 0; i < count; i++) {
    t = nextSlot(expr, tz, t);
    out.push(t);
  }
  return out;
}
