import Database from 'better-sqlite3';
import { importList } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import type { Where } from '../../src/club/types.ts';
import type { Args } from '../../src/commands/types.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { openDb, SqliteDb } from '../../src/store/db.ts';
import { rowsOf, valueOf, valuesOf } from '../helpers/sql.ts';

/**
 * The guard tables' world: two Discord servers ("ours" and "theirs"), each with a club following a small shared
 * list, each with its own list, and a shared list beside the club's; two papers in each (one linked to arXiv, one
 * to another web page). It is built once and copied (SQLite serialize) for every probe, so a probe that writes
 * (/suggest, /read, /club pick) never changes what the next one finds.
 */
export const OURS: Where = { platform: 'discord', workspace: 'guild-ours', channel: 'ours-club', channelName: 'ours-club' };
export const THEIRS: Where = { platform: 'discord', workspace: 'guild-theirs', channel: 'theirs-club', channelName: 'theirs-club' };
export const COMMUNITY = { ours: 'discord:guild-ours', theirs: 'discord:guild-theirs' } as const;

export const ADMIN: UserRef = { userId: 'admin-1', displayName: 'Ada Admin', isPlatformAdmin: true };
export const MEMBER: UserRef = { userId: 'member-1', displayName: 'Mo Member' };
export const OTHER: UserRef = { userId: 'member-2', displayName: 'Olga Other' };
/** A member our server's admin made a club admin (`/club admin`); no server permissions. */
export const CLUB_ADMIN: UserRef = { userId: 'club-admin-1', displayName: 'Cleo Clubadmin' };

/** A paper of the world, with each way a person may name it. */
export interface Fixture {
  /** Which list carries it: our community's own, the other community's own, a shared list. */
  home: 'own' | 'other' | 'shared';
  title: string;
  nickname: string;
  url: string;
  arxiv: string | null;
  /** A word only this paper's title has. */
  word: string;
  /** Its one-liner on its list: never shown where the paper is not found. */
  oneLiner: string;
}

const fixture = (home: Fixture['home'], nickname: string, rest: string, url: string, arxiv: string | null): Fixture => ({
  home,
  title: `${nickname}: ${nickname} ${rest}`,
  nickname,
  url,
  arxiv,
  word: nickname.toLowerCase(),
  oneLiner: `The ${nickname.toLowerCase()} one-liner of the ${home} list.`,
});

export const FIXTURES: readonly Fixture[] = [
  fixture('own', 'Quokka', 'Learning With Small Budgets', 'https://arxiv.org/abs/2401.10001', '2401.10001'),
  fixture('own', 'Wombat', 'Notes On Burrowing Networks', 'https://own.example.com/wombat', null),
  fixture('other', 'Narwhal', 'Signals In Deep Water', 'https://arxiv.org/abs/2401.20002', '2401.20002'),
  fixture('other', 'Axolotl', 'Internal Design Notes', 'https://internal.example.com/axolotl', null),
  fixture('shared', 'Pangolin', 'Scaling Armoured Models', 'https://arxiv.org/abs/2401.30003', '2401.30003'),
  fixture('shared', 'Okapi', 'Survey Of Forest Retrieval', 'https://shared.example.com/okapi', null),
];

const listOf = (title: string, papers: readonly Fixture[]) => `# ${title}\n\n${papers.map((p) => `- [${p.title}](${p.url}) — ${p.oneLiner}`).join('\n')}\n`;
const CLUB_LIST = `# Club list\n\n${['Alpha Baseline Paper One', 'Beta Baseline Paper Two', 'Gamma Baseline Paper Three', 'Delta Baseline Paper Four', 'Epsilon Baseline Paper Five', 'Zeta Baseline Paper Six']
  .map((t, i) => `${i + 1}. [${t}](https://arxiv.org/abs/2301.0000${i + 1}): ${t.split(' ')[0]} is all you need`)
  .join('\n')}\n`;

let base: Buffer | null = null;

async function build(): Promise<Buffer> {
  const db = openDb(':memory:');
  await importList(db, { slug: 'club-list', markdown: CLUB_LIST });
  await importList(db, { slug: 'shared-extra', markdown: listOf('Shared extra', FIXTURES.filter((f) => f.home === 'shared')) });
  await importList(db, { slug: 'ours-own', owner: COMMUNITY.ours, markdown: listOf('Our own', FIXTURES.filter((f) => f.home === 'own')) });
  await importList(db, { slug: 'theirs-own', owner: COMMUNITY.theirs, markdown: listOf('Their own', FIXTURES.filter((f) => f.home === 'other')) });
  const image = db.sqlite.serialize();
  await db.close();
  return image;
}

/** A fresh copy of the world: its own database and core, the clubs set up. */
export async function guardWorld() {
  if (!base) {
    base = (await build());
    // Clubs are set up through the command, as an admin would, then the whole world is frozen.
    const w = open(base);
    for (const where of [OURS, THEIRS]) {
      const r = await w.run(ADMIN, 'club setup', { list: 'club-list', when: '0 17 * * 3', timezone: 'UTC' }, where);
      if (r.error) throw new Error(`setup failed: ${r.text}`);
    }
    const made = await w.run(ADMIN, 'club admin', { member: { userId: CLUB_ADMIN.userId, displayName: CLUB_ADMIN.displayName }, action: 'add' }, OURS);
    if (made.error) throw new Error(`club admin not made: ${made.text}`);
    base = w.db.sqlite.serialize();
    await w.db.close();
  }
  return open(base);
}

function open(image: Buffer) {
  const sqlite = new Database(image);
  sqlite.pragma('foreign_keys = ON');
  const db = SqliteDb.of(sqlite);
  const clock = manualClock('2026-11-02T12:00:00Z');
  const logger = memoryLogger();
  const core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 0 }, calendarFeedUrl: 'https://feeds.example.com' });
  const run = (user: UserRef, command: string, args: Args = {}, where: Where = OURS) => core.execute({ where, user, command, args });
  const paperId = async (f: Fixture) => await valueOf(db, 'SELECT paper_id FROM list_entries WHERE title = ?', f.title) as number;
  const key = async (f: Fixture) => await valueOf(db, 'SELECT key FROM papers WHERE id = ?', await paperId(f)) as string;
  /** Every row of every table, to compare before and after a refused command. */
  const everything = async () => {
    const tables = await valuesOf(db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'papers_fts%' ORDER BY name`) as string[];
    const all: Record<string, unknown[]> = {};
    for (const t of tables) all[t] = await rowsOf(db, `SELECT * FROM "${t}"`);
    return all;
  };
  return { db, clock, logger, core, run, paperId, key, everything, club: async (where: Where = OURS) => (await core.clubFor(where))! };
}

export type GuardWorld = Awaited<ReturnType<typeof guardWorld>>;
