import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/clock.ts';
import { ClubCore, type UserRef } from '../src/dispatch/club-core.ts';
import { silentLogger } from '../src/logger.ts';
import type { SqliteDb } from '../src/store/db.ts';
import { migratePostgres, openPostgres, pgPool, type PgDb } from '../src/store/pg.ts';
import { clubPicker, generatedDb, rng } from './core.bench.ts';
import { round, timeIt, type BenchResult } from './stats.ts';

/**
 * The core's commands on PostgreSQL over loopback, on the same generated data as core.bench.ts (1,000 clubs,
 * 100,000 members, 1M read marks, 100k notes), copied from the SQLite file row for row. Each figure is next to the
 * floor measured in the same run: one indexed point query over the same pool (a round trip), and for marks the same
 * inserts and deletes committed 512 a transaction with the counters' triggers on.
 *
 * Needs `PAPERCLUB_BENCH_DATABASE_URL=postgres://…` (a server whose user may create databases; the bench makes its
 * own database and drops it). Without it this suite reports that it did not run.
 */
const CLUBS = 1_000;
const MEMBERS = 100_000;
const WORKSPACES = 100;
const MEETINGS_PER_CLUB = 40;
const BATCH = 5_000;

function urlOf(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Copies every table the two schemas share from the SQLite database into the (migrated, empty) PostgreSQL one, with
 * triggers and foreign-key checks off (session_replication_role = replica: the counters are copied, not recounted),
 * then moves each identity past the copied ids and analyzes.
 */
async function copyInto(sqlite: SqliteDb, pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  let rows = 0;
  try {
    await client.query('SET session_replication_role = replica');
    const tables = (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'`)).rows.map((r) => r.table_name as string);
    for (const table of tables) {
      const pgColumns = new Set((await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'`, [table])).rows.map((r) => r.column_name as string));
      const liteColumns = (sqlite.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) => pgColumns.has(c));
      if (!liteColumns.length) continue;
      await client.query(`TRUNCATE ${table} CASCADE`);
      const list = liteColumns.join(', ');
      let batch: Array<Record<string, unknown>> = [];
      const flush = async () => {
        if (!batch.length) return;
        await client.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(batch)]);
        rows += batch.length;
        batch = [];
      };
      for (const row of sqlite.sqlite.prepare(`SELECT ${list} FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
        for (const [k, v] of Object.entries(row)) if (Buffer.isBuffer(v)) row[k] = `\\x${v.toString('hex')}`;
        batch.push(row);
        if (batch.length === BATCH) await flush();
      }
      await flush();
      const identity = (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_identity = 'YES'`, [table])).rows[0]?.column_name as string | undefined;
      if (identity) await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max(${identity}) FROM ${table}), 1))`, [table, identity]);
    }
    await client.query('SET session_replication_role = DEFAULT');
    await client.query('ANALYZE');
  } finally {
    client.release();
  }
  return rows;
}

export async function benchPostgres(): Promise<BenchResult[]> {
  const url = process.env['PAPERCLUB_BENCH_DATABASE_URL'];
  if (!url) return [{ name: 'postgres: not run (set PAPERCLUB_BENCH_DATABASE_URL=postgres://… to a server whose user may create databases)' }];
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-bench-pg-'));
  const name = `paperclub_bench_${process.pid}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  let db: PgDb | undefined;
  try {
    const t0 = performance.now();
    const { db: lite, paperIds } = await generatedDb(join(dir, 'bench.db'));
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const loader = pgPool(urlOf(url, name), { max: 1 });
    let copied = 0;
    try {
      await migratePostgres(loader);
      copied = await copyInto(lite, loader);
    } finally {
      await loader.end();
      await lite.close();
    }
    const genMs = performance.now() - t0;
    db = await openPostgres(urlOf(url, name), { max: 10 });
    const core = new ClubCore({ db, clock: systemClock, logger: silentLogger });
    const rand = rng(7);
    const pick = clubPicker(rand);
    const out: BenchResult[] = [{ name: 'postgres: generate, copy and analyze the bench database', value: round(genMs / 1000, 1), unit: 's', runs: copied }];
    const point = await timeIt(2000, () => db!.pool.query({ text: 'SELECT display_name FROM members WHERE id = $1', values: [1 + Math.floor(rand() * MEMBERS)] }));
    out.push({ name: 'postgres floor: indexed point query (members by id), one round trip', median_ms: round(point.median), p99_ms: round(point.p99), runs: 2000 });
    for (const command of ['paper now', 'read', 'progress', 'leaderboard'] as const) {
      const { median, p99 } = await timeIt(2000, async () => {
        const { where, user } = pick();
        const r = await core.execute({ where, user, command, args: {} });
        if (r.error) throw new Error(`${command}: ${r.text}`);
      });
      out.push({ name: `postgres core: /${command}`, median_ms: round(median), p99_ms: round(p99), runs: 2000, goal: 'p99 < 5 ms', floor: round(point.p99) });
    }
    // Marks: 500 members of a workspace reacting to one weekly post, for 20 posts in turn, then taken back; the floor
    // is the same inserts and deletes, 512 a transaction, counters' triggers on.
    const posts = Array.from({ length: 20 }, () => 1 + Math.floor(rand() * CLUBS));
    const perPost = posts.flatMap((c) =>
      Array.from({ length: 500 }, (_, k) => {
        const m = (c % WORKSPACES) + WORKSPACES * (k * 7 % (MEMBERS / WORKSPACES - 1)) || WORKSPACES;
        return { c, user: { userId: `u${m}`, displayName: `user${m}` } as UserRef };
      }),
    );
    const floorPaper = paperIds[MEETINGS_PER_CLUB - 1]!;
    const floorIds = [...new Set(Array.from({ length: 10_240 }, () => 1 + Math.floor(rand() * MEMBERS)))];
    const tf = performance.now();
    for (const text of [
      `INSERT INTO read_marks (member_id, paper_id, club_id, via, marked_at) VALUES ($1, $2, NULL, 'reaction', 0) ON CONFLICT DO NOTHING`,
      'DELETE FROM read_marks WHERE member_id = $1 AND paper_id = $2',
    ]) {
      for (let g = 0; g < floorIds.length; g += 512) {
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          for (const id of floorIds.slice(g, g + 512)) await client.query({ text, values: [id, floorPaper] });
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    }
    const floorRate = Math.round((2 * floorIds.length) / ((performance.now() - tf) / 1000));
    let changed = 0;
    const t = performance.now();
    for (const added of [true, false]) {
      for (const { user, c } of perPost) {
        const r = await core.reaction({ platform: 'discord', workspace: `g${c % WORKSPACES}`, channel: `ch${c}`, messageId: `m${c}-39`, user, emoji: '✅', added });
        if (r.applied) changed++;
      }
      await core.flushWrites();
    }
    out.push({ name: 'postgres core: read marks through reactions, one post at a time (20 posts × 500)', value: Math.round(changed / ((performance.now() - t) / 1000)), unit: 'marks/s', runs: changed, floor: floorRate });
    out.push({ name: 'postgres floor: insert/delete of read marks, 512 a transaction', value: floorRate, unit: 'marks/s', runs: 2 * floorIds.length });
    return out;
  } finally {
    await db?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
