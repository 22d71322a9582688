import { openTestDb } from '../helpers/test-db.ts';
import { describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { MetadataService } from '../../src/catalog/metadata/metadata-service.ts';
import { memoryLogger } from '../../src/logger.ts';
import { valuesOf } from '../helpers/sql.ts';

describe('look-ups at shutdown', () => {
  it('GIVEN a request under way WHEN the service stops and the database closes THEN the request asks nothing more and does not throw', async () => {
    const db = await openTestDb();
    await loadDefaultLists(db, 'config/lists.json');
    const ids = (await valuesOf(db, 'SELECT id FROM papers ORDER BY id')) as number[];
    expect(ids.length).toBeGreaterThan(50);
    // Nothing listens at these addresses: nothing may be sent anyway.
    const service = new MetadataService(db, memoryLogger(), { arxivUrl: 'http://127.0.0.1:9/', s2Url: 'http://127.0.0.1:9/' });
    const asked = service.request(ids);
    // Shutdown as main.ts does it, while the request is between two of its store reads.
    await Promise.resolve();
    service.stop();
    await db.close();
    await expect(asked).resolves.toMatchObject({ pending: false });
    expect(service.requestCounts()).toEqual({ arxiv: 0, s2: 0 });
  });
});
