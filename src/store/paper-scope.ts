import { sql } from 'kysely';
import type { Db } from './db.ts';
import { catalogStamp } from './catalog-version.ts';

/**
 * Which papers a community (a Discord server, a Slack workspace) cannot find by name or search: a community's own
 * list is its own business, and so is a title its members put forward. Hidden from a community are the papers that
 * are only on other communities' own lists, and the papers in no list at all (titles added by /suggest) that only
 * other communities' clubs suggested — unless one of its clubs has used the paper (its sequence, a meeting, a
 * suggestion). Everything else (the shared lists, its own, papers no list carries any more) is found as before.
 * The operator's CLI sees every paper (no community). Applied in one place, paper-finder.ts, which every look-up
 * by what people type goes through.
 */
const cache = new WeakMap<Db, Map<string, { stamp: string; hidden: ReadonlySet<number> }>>();
const generations = new WeakMap<Db, number>();

/** A club of the database suggested a paper: what its community may find can change (see hiddenFrom). */
export function scopeChanged(db: Db): void {
  generations.set(db.root, (generations.get(db.root) ?? 0) + 1);
}

/** Ids of the papers `community` does not find (see above); null for no community or when none is hidden. */
export async function hiddenFrom(db: Db, community: string | undefined): Promise<ReadonlySet<number> | null> {
  if (community === undefined) return null;
  const stamp = `${await catalogStamp(db)}:${generations.get(db.root) ?? 0}`;
  let byCommunity = cache.get(db.root);
  if (!byCommunity) cache.set(db.root, (byCommunity = new Map()));
  const cached = byCommunity.get(community);
  if (cached && cached.stamp === stamp) return cached.hidden.size ? cached.hidden : null;
  const at = community.indexOf(':');
  const [platform, workspace] = [community.slice(0, at), community.slice(at + 1)];
  const ids = await db.values<number>(sql`SELECT e.paper_id FROM list_entries e JOIN lists l ON l.id = e.list_id WHERE l.owner NOT IN ('', ${community})
     UNION
     SELECT g.paper_id FROM suggestions g JOIN clubs c ON c.id = g.club_id
       WHERE NOT (c.platform = ${platform} AND c.workspace = ${workspace}) AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.paper_id = g.paper_id)
     EXCEPT
     SELECT e.paper_id FROM list_entries e JOIN lists l ON l.id = e.list_id WHERE l.owner IN ('', ${community})
     EXCEPT
     SELECT s.paper_id FROM club_sequence s JOIN clubs c ON c.id = s.club_id WHERE c.platform = ${platform} AND c.workspace = ${workspace}
     EXCEPT
     SELECT m.paper_id FROM meetings m JOIN clubs c ON c.id = m.club_id WHERE c.platform = ${platform} AND c.workspace = ${workspace} AND m.paper_id IS NOT NULL
     EXCEPT
     SELECT g.paper_id FROM suggestions g JOIN clubs c ON c.id = g.club_id WHERE c.platform = ${platform} AND c.workspace = ${workspace}`);
  const hidden = new Set(ids);
  byCommunity.set(community, { stamp, hidden });
  return hidden.size ? hidden : null;
}
