import type { Db } from '../store/db.ts';

/** What a command gets: its parsed arguments, a lazily opened database, and where to write. */
export interface CliContext {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
  json: boolean;
  /** Opens the database on first call (loading the default lists into an empty one). */
  db(): Promise<Db>;
  out(line: string): void;
}

/** One CLI command: its name, usage line, options, and what it does. Returns the exit code. */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options?: Record<string, { type: 'string' | 'boolean' }>;
  run(ctx: CliContext): Promise<number>;
}

/** Wrong use of the CLI (unknown command, missing argument): usage is printed, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
