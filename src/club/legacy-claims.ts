import type { Db } from '../store/db.ts';
import { planUpcoming } from './planning.ts';
import { allClubs } from '../store/clubs.ts';
import { addPresenter } from '../store/sign-ups.ts';
import { legacyClaims, forgetLegacyClaims } from '../store/sign-ups.ts';

/**
 * Databases from before dated meetings held claims on papers; migration 0003 kept those not yet posted aside.
 * Each becomes a sign-up for the date its paper is planned for now (claims on papers no longer planned are dropped).
 * Runs once at start-up; a no-op when nothing is left.
 */
export async function placeLegacyClaims(db: Db, now: number): Promise<number> {
  const claims = await legacyClaims(db);
  if (!claims.length) return 0;
  let placed = 0;
  await db.transaction(async (db) => {
        for (const club of await allClubs(db)) {
          const mine = claims.filter((c) => c.clubId === club.id);
          if (!mine.length) continue;
          const plan = await planUpcoming(db, club, now, 104);
          for (const c of mine) {
            const m = plan.find((x) => x.paper?.id === c.paperId);
            if (m && (await addPresenter(db, club.id, m.slotAt, c.memberId, c.at))) placed++;
          }
        }
        await forgetLegacyClaims(db);
      });
  return placed;
}
