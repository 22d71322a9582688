import { mkdtempSync, rmSync } from 'node:fs';
import { schedulerOf } from '../helpers/scheduler-of.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importList } from '../../src/catalog/catalog-store.ts';
import type { Clock } from '../../src/clock.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import type { ClubDefaults } from '../../src/club/admin-actions.ts';
import type { Args } from '../../src/commands/types.ts';
import { memoryLogger } from '../../src/logger.ts';
import type { SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { MemoryDelivery, type MemoryPlatform } from './memory-platform.ts';

export const ADMIN: UserRef = { userId: 'admin', displayName: 'Admin', isPlatformAdmin: true };
export const where = (channel: string): Where => ({ platform: 'console', workspace: 'local', channel });

/** A seeded PRNG (mulberry32), so a "random" run can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A reading list long enough for a year of weekly meetings (the seed lists have < 52 papers). */
export function yearListMarkdown(n = 60): string {
  const items = Array.from({ length: n }, (_, i) => {
    const id = `2401.${String(10000 + i).padStart(5, '0')}`;
    return `${i + 1}. **[Paper ${i + 1}: A Study of Thing ${i + 1}](https://arxiv.org/abs/${id}):** What thing ${i + 1} is all you need for.`;
  });
  return `# A year of papers\n\n${items.join('\n\n')}\n`;
}

/** A temp-file database (so "restarts" reopen the same file), removed by `cleanup`. */
export async function tempDb(listSlug = 'year-list'): Promise<{ path: string; db: Db; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-scheduler-'));
  const path = join(dir, 'paperclub.db');
  const db = openDb(path);
  await importList(db, { slug: listSlug, markdown: yearListMarkdown(), now: 0 });
  return { path, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One bot process: db connection, core, platform connection and scheduler (cron off; the test drives runDue). */
export async function bootProcess(
  path: string,
  clock: Clock,
  world: MemoryPlatform,
  opts: Partial<SchedulerOptions> = {},
  /** Clubs post at the meeting time unless a test asks for a lead (the year simulation runs with the production default). */
  defaults: Partial<ClubDefaults> = { announceLeadMinutes: 0 },
) {
  const db = openDb(path);
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger, defaults });
  const delivery = new MemoryDelivery(world, clock);
  const scheduler = schedulerOf(core, { deliveries: [delivery],
    logger,
    clock,
    cron: false,
    sleep: async () => {},
    retry: { attempts: 3, baseMs: 1_000, maxMs: 4_000 },
    ...opts,
  });
  const startReport = await scheduler.start();
  const run = (user: UserRef, command: string, args: Args, channel: string) => core.execute({ where: where(channel), user, command, args });
  return { db, logger, core, delivery, scheduler, startReport, run };
}
export type BotProcess = Awaited<ReturnType<typeof bootProcess>>;
