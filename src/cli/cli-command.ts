import type { Db } from '../store/db.ts';

/** What a command gets: its parsed arguments, a lazily opened database, and where to write. */
export interface CliContext {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
  json: boolean;
  /** Opens the database on first call (loading the default lists into an empty one). */
  db(): Promise<Db>;
  /** The environment the CLI was started with (read through config.ts's loadConfig). */
  env: Record<string, string | undefined>;
  out(line: string): void;
  /** Progress and notes, beside the result on stdout (a progress bar on a terminal). */
  err(text: string): void;
}

/** One CLI command: its name, usage line, options, and what it does. Returns the exit code. */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options?: Record<string, { type: 'string' | 'boolean' }>;
  /** The exit code; a command that works over the network returns a promise of it. */
  run(ctx: CliContext): number | Promise<number>;
}

/** Wrong use of the CLI (unknown command, missing argument): usage is printed, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
