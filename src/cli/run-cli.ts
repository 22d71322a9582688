import { parseArgs } from 'node:util';
import type { Db } from '../store/db.ts';
import { openDb } from '../store/db.ts';
import { loadDefaultLists } from '../catalog/catalog-store.ts';
import { isUserError } from '../errors.ts';
import type { CliCommand, CliContext } from './cli-command.ts';
import { UsageError } from './cli-command.ts';
import lists from './commands/lists.ts';
import papers from './commands/papers.ts';
import paper from './commands/paper.ts';
import search from './commands/search.ts';
import importCommand from './commands/import.ts';
import { allLists } from '../store/catalog.ts';
import enrich from './commands/enrich.ts';

/** Every command by name: adding one is a file plus a line here, no switch. */
export const commands: ReadonlyMap<string, CliCommand> = new Map([lists, papers, paper, search, importCommand, enrich].map((c) => [c.name, c]));

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The default-list config; defaults to the package's config/lists.json. */
  listsConfig?: string;
}

/**
 * Runs `paperclub <argv>` and returns the exit code: 0 ok, 1 expected failure, 2 usage, 3 unexpected. A command that
 * works over the network (`enrich`) returns a promise of it; the others answer at once, as before.
 */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = commands.get(name);
  if (!command) {
    io.stderr(`paperclub: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  let db: Db | null = null;
  const close = () => (db as Db | null)?.close();
  const fail = (err: unknown): number => {
    if (isUserError(err)) {
      io.stderr(`paperclub: ${err.message}\n`);
      return 1;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`paperclub: ${(err as Error).message}\nusage: paperclub ${command.usage}\n`);
      return 2;
    }
    io.stderr(`paperclub: unexpected error in ${name}: ${(err as Error)?.message ?? String(err)}\n`);
    return 3;
  };
  let result: number | Promise<number>;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(`usage: paperclub ${command.usage}\n  ${command.summary}\n`);
      close();
      return 0;
    }
    const ctx: CliContext = {
      positionals,
      options: values as Record<string, string | boolean | undefined>,
      json: values.json === true,
      async db() {
        if (!db) {
          db = openDb(io.env['PAPERCLUB_DB'] || './data/paperclub.db');
          // First use: an empty catalog gets the default lists, so every command has something to show.
          if ((await allLists(db)).length === 0) await loadDefaultLists(db, io.listsConfig);
        }
        return db;
      },
      env: io.env,
      out: (line) => io.stdout(line + '\n'),
      err: (text) => io.stderr(text),
    };
    result = command.run(ctx);
  } catch (err) {
    close();
    return fail(err);
  }
  if (typeof result === 'number') {
    close();
    return result;
  }
  return result.catch(fail).finally(close);
}

function usage(): string {
  const lines = [...commands.values()].map((c) => `  paperclub ${c.usage.padEnd(52)} ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n\nThe database is $PAPERCLUB_DB (default ./data/paperclub.db).\n`;
}
