import { sql } from 'kysely';
import type { Db } from './db.ts';
const generations = new WeakMap<Db, number>();

/** Marks the papers of `db` changed (an import): the next lookup rebuilds the index. */
export function paperIndexChanged(db: Db): void {
  generations.set(db.root, (generations.get(db.root) ?? 0) + 1);
}

/**
 * Names the catalog's state: it changes when this connection imported (paperIndexChanged) or another connection
 * (the CLI's `import`) committed to the same file (data_version). Answers cached under one stamp stay true.
 */
export async function catalogStamp(db: Db): Promise<string> {
  const version = (await db.first(sql`PRAGMA data_version`) as { data_version: number }).data_version;
  return `${generations.get(db.root) ?? 0}:${version}`;
}
