import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type SqliteDb } from '../../src/store/db.ts';
import { forgetTokens, installationRow, installedTeamIds, saveInstallation } from '../../src/store/slack-installations.ts';
import { runSql } from '../helpers/sql.ts';

/** The store of Slack installs (migration 0018): an uninstall keeps the row and parks it; a reinstall resumes it. */
describe('the Slack installations store', () => {
  let db: SqliteDb;
  const install = (teamId: string, sealed: string, at: number) =>
    saveInstallation(db, { teamId, enterpriseId: null, teamName: `Team ${teamId}`, botUserId: 'UBOT', installedBy: 'UADMIN', installedAt: at, sealed });

  beforeEach(() => {
    db = openDb(':memory:');
  });
  afterEach(async () => {
    await db.close();
  });

  it('GIVEN two installs and one uninstall THEN only the other is installed, the parked row keeps who and when, and a second uninstall changes nothing', async () => {
    await install('TA', 'sealed-a', 1_000);
    await install('TB', 'sealed-b', 2_000);
    expect(await installedTeamIds(db)).toEqual(['TA', 'TB']);
    expect(await forgetTokens(db, 'TB', 3_000)).toBe(true);
    expect(await installedTeamIds(db)).toEqual(['TA']);
    expect(await installationRow(db, 'TB')).toEqual({
      teamId: 'TB',
      enterpriseId: null,
      teamName: 'Team TB',
      botUserId: 'UBOT',
      installedBy: 'UADMIN',
      installedAt: 2_000,
      sealed: null,
      uninstalledAt: 3_000,
    });
    expect(await forgetTokens(db, 'TB', 4_000)).toBe(false);
    expect((await installationRow(db, 'TB'))?.uninstalledAt).toBe(3_000);
    expect(await forgetTokens(db, 'TNEVER', 4_000)).toBe(false);
    expect(await installationRow(db, 'TNEVER')).toBeUndefined();
  });

  it('GIVEN a parked workspace installs again THEN its row holds the new sealed tokens and is no longer parked', async () => {
    await install('TA', 'sealed-old', 1_000);
    await forgetTokens(db, 'TA', 2_000);
    await install('TA', 'sealed-new', 5_000);
    const row = await installationRow(db, 'TA');
    expect([row?.sealed, row?.installedAt, row?.uninstalledAt]).toEqual(['sealed-new', 5_000, null]);
    expect(await installedTeamIds(db)).toEqual(['TA']);
  });

  it('GIVEN a row both without tokens and not uninstalled THEN the table refuses it', async () => {
    await expect(runSql(db, 'INSERT INTO slack_installations (team_id, installed_at, sealed, uninstalled_at) VALUES (?, ?, NULL, NULL)', 'TX', 1)).rejects.toThrow(
      /CHECK constraint/,
    );
  });
});
