/** A small structured logger: one JSON line per event, child loggers carry context (part, club, command). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Keys whose values are never written, whatever part logs them, at any depth.
const SECRET_KEY = /token|secret|password|authorization|cookie/i;
// Values that look like Slack tokens or a Discord bot token, wherever they appear in text.
const SECRET_VALUE = /\b(?:xox[abpres]-[\w-]+|xapp-[\w-]+|[\w-]{24,}\.[\w-]{6}\.[\w-]{27,})/g;

function scrubValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return v.replace(SECRET_VALUE, '[redacted]');
  if (v instanceof Error) {
    return { name: v.name, message: scrubValue(v.message, depth), stack: scrubValue(v.stack?.split('\n').slice(0, 4).join('\n'), depth) };
  }
  if (v && typeof v === 'object' && depth < 4) {
    if (Array.isArray(v)) return v.slice(0, 50).map((x) => scrubValue(x, depth + 1));
    return scrub(v as LogFields, depth + 1);
  }
  return v;
}

function scrub(fields: LogFields, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrubValue(v, depth);
  return out;
}

export function createLogger(opts: { level?: LogLevel; write?: (line: string) => void; base?: LogFields } = {}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = opts.base ?? {};
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg: scrubValue(msg, 0), ...scrub({ ...base, ...fields }) }));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}

/** A logger that keeps its lines in memory; for tests that assert what was logged. */
export function memoryLogger(): Logger & { lines: Array<{ level: LogLevel; msg: string } & LogFields> } {
  const lines: Array<{ level: LogLevel; msg: string } & LogFields> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l)) });
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = createLogger({ write: () => {} });
