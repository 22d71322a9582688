import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * SQL for Slack installs by OAuth (migration 0018). `sealed` is opaque here: sealing and opening are the caller's
 * (platforms/slack/installations.ts), so no key ever reaches the store.
 */

/** One workspace's row: who installed, when, and its sealed installation (null while uninstalled). */
export interface InstallationRow {
  teamId: string;
  enterpriseId: string | null;
  teamName: string | null;
  botUserId: string | null;
  installedBy: string | null;
  installedAt: number;
  sealed: string | null;
  uninstalledAt: number | null;
}

/** Records an install (first or again): new sealed tokens, and the workspace is no longer parked. */
export async function saveInstallation(db: Db, row: Omit<InstallationRow, 'uninstalledAt'> & { sealed: string }): Promise<void> {
  await db.run(sql`INSERT INTO slack_installations (team_id, enterprise_id, team_name, bot_user_id, installed_by, installed_at, sealed, uninstalled_at)
     VALUES (${row.teamId}, ${row.enterpriseId}, ${row.teamName}, ${row.botUserId}, ${row.installedBy}, ${row.installedAt}, ${row.sealed}, NULL)
     ON CONFLICT (team_id) DO UPDATE SET enterprise_id = excluded.enterprise_id, team_name = excluded.team_name,
       bot_user_id = excluded.bot_user_id, installed_by = excluded.installed_by, installed_at = excluded.installed_at,
       sealed = excluded.sealed, uninstalled_at = NULL`);
}

/** The workspace's row, installed or parked; undefined when it never installed. */
export async function installationRow(db: Db, teamId: string): Promise<InstallationRow | undefined> {
  return await db.first<InstallationRow>(sql`SELECT team_id AS "teamId", enterprise_id AS "enterpriseId", team_name AS "teamName",
       bot_user_id AS "botUserId", installed_by AS "installedBy", installed_at AS "installedAt", sealed, uninstalled_at AS "uninstalledAt"
     FROM slack_installations WHERE team_id = ${teamId}`);
}

/** Deletes the workspace's tokens and parks it (app_uninstalled, tokens_revoked). Returns false when it had none. */
export async function forgetTokens(db: Db, teamId: string, at: number): Promise<boolean> {
  const r = await db.run(sql`UPDATE slack_installations SET sealed = NULL, uninstalled_at = ${at} WHERE team_id = ${teamId} AND sealed IS NOT NULL`);
  return r.changes > 0;
}

/** The workspaces that have the app installed now. */
export async function installedTeamIds(db: Db): Promise<string[]> {
  return await db.values<string>(sql`SELECT team_id FROM slack_installations WHERE sealed IS NOT NULL ORDER BY team_id`);
}
