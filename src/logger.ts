import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/** Structured logging on pino: one JSON line per event on stderr; child loggers carry context (part, club, command). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** The logger every part of the bot is handed; `child` adds fields to every line it writes. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

// Keys whose values are never written, whatever part logs them, at any depth. pino's own `redact` takes fixed
// paths, so a key anywhere (config.nested.authorization) is scrubbed here before pino serialises the line.
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

/**
 * Our interface over a pino logger: secrets scrubbed before pino sees them, nothing computed below the level. A
 * child is made on its first line: the scheduler makes one per club and post, and most never log (10,000 pino
 * children cost about 50 ms of a 10,000-post run).
 */
function wrap(make: () => PinoLogger, isLevelEnabled: (level: LogLevel) => boolean): Logger {
  let made: PinoLogger | undefined;
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (!isLevelEnabled(level)) return;
    (made ??= make())[level](fields ? scrub(fields) : {}, scrubValue(msg, 0) as string);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => wrap(() => (made ??= make()).child(scrub(fields)), isLevelEnabled),
  };
}

/** Where lines go: a caller's function, a person's terminal (pretty, via pino-pretty), or stderr as JSON. */
function destination(write?: (line: string) => void): DestinationStream {
  if (write) return { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) };
  if (process.stderr.isTTY) {
    // Loaded only when a person watches the terminal, so a deployed bot never pays for the prettifier.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (opts: object) => DestinationStream;
    return pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  }
  // Synchronous so the last lines before process.exit (a bad setting, shutdown) are never lost.
  return pino.destination({ dest: 2, sync: true });
}

/** A logger at `level` (default info); `write` receives each JSON line instead of stderr (tests, the bench). */
export function createLogger(opts: { level?: LogLevel | 'silent'; write?: (line: string) => void; base?: LogFields } = {}): Logger {
  const p = pino(
    {
      level: opts.level ?? 'info',
      base: opts.base ? scrub(opts.base) : null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination(opts.write),
  );
  return wrap(() => p, (level) => p.isLevelEnabled(level));
}

/** A logger that keeps its lines in memory; for tests that assert what was logged. */
export function memoryLogger(): Logger & { lines: Array<{ level: LogLevel; msg: string } & LogFields> } {
  const lines: Array<{ level: LogLevel; msg: string } & LogFields> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l)) });
  return Object.assign(logger, { lines });
}

/** A logger that writes nothing and computes nothing. */
export const silentLogger: Logger = createLogger({ level: 'silent', write: () => {} });
