import { sql } from 'kysely';
import { idList, type Db } from './db.ts';

/**
 * Club leases (migration 0020): which process works on a club now. `claimClubs` takes every lease of these clubs
 * that is free, run out, or already this owner's, and returns the clubs this owner holds after it; a lease another
 * process holds and that is still good is left alone. One statement for the lot, so two processes that ask for
 * overlapping clubs at once each get a disjoint part (PostgreSQL: the upsert takes each row's lock; SQLite: one writer).
 */
export async function claimClubs(db: Db, clubIds: readonly number[], owner: string, now: number, leaseMs: number): Promise<Set<number>> {
  if (!clubIds.length) return new Set();
  return await db.transaction(async (tx) => {
    await tx.run(sql`INSERT INTO club_leases (club_id, owner, until)
      SELECT id, ${owner}, ${now + leaseMs} FROM clubs WHERE id IN ${idList(tx, clubIds)}
      ON CONFLICT (club_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
      WHERE club_leases.until <= ${now} OR club_leases.owner = excluded.owner`);
    return new Set(await tx.values<number>(sql`SELECT club_id FROM club_leases WHERE owner = ${owner} AND club_id IN ${idList(tx, clubIds)}`));
  });
}

/** Gives back this owner's leases of these clubs (its run of them is over). */
export async function releaseClubs(db: Db, clubIds: readonly number[], owner: string): Promise<void> {
  if (!clubIds.length) return;
  await db.run(sql`DELETE FROM club_leases WHERE owner = ${owner} AND club_id IN ${idList(db, clubIds)}`);
}
