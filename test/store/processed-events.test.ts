import { describe, expect, it } from 'vitest';
import { CLAIM_KEEP_MS, claimOnce, forgetOldClaims } from '../../src/store/processed-events.ts';
import { openTestDb, openTwoHandles } from '../helpers/test-db.ts';

describe('claiming an event once across processes', () => {
  it('GIVEN two handles on one database claiming the same interaction at once THEN exactly one wins, and a later claim loses too', async () => {
    const { a, b, close } = await openTwoHandles();
    try {
      for (let i = 0; i < 20; i++) {
        const won = await Promise.all([claimOnce(a, 'discord:interaction', `i${i}`, 1_000), claimOnce(b, 'discord:interaction', `i${i}`, 1_000)]);
        expect(won.filter(Boolean)).toHaveLength(1);
      }
      expect(await claimOnce(a, 'discord:interaction', 'i0', 2_000)).toBe(false);
      // Another source with the same id is another event.
      expect(await claimOnce(a, 'slack', 'i0', 2_000)).toBe(true);
    } finally {
      await close();
    }
  });

  it('GIVEN claims older than two days THEN pruning forgets them and keeps the recent ones', async () => {
    const db = await openTestDb();
    try {
      const now = 10 * CLAIM_KEEP_MS;
      await claimOnce(db, 'slack', 'old', now - CLAIM_KEEP_MS - 1);
      await claimOnce(db, 'slack', 'recent', now - 60_000);
      expect(await forgetOldClaims(db, now)).toBe(1);
      expect(await claimOnce(db, 'slack', 'recent', now)).toBe(false);
      expect(await claimOnce(db, 'slack', 'old', now)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
