/**
 * Bolt's InstallationStore on paperclub's database (issue 29): each workspace that installs the app by OAuth gets a
 * row whose tokens are sealed with PAPERCLUB_SECRET_KEY (secret-box.ts). Bolt calls storeInstallation after the
 * OAuth flow and fetchInstallation for every request (its `authorize`); the rest of the adapter asks for a
 * workspace's token through `botToken` and whether the workspace is installed (`has`, kept in memory for the
 * scheduler) and forgets it on app_uninstalled / tokens_revoked.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import type { SecretBox } from '../../secret-box.ts';
import type { Db } from '../../store/db.ts';
import { forgetTokens, installationRow, installedTeamIds, saveInstallation } from '../../store/slack-installations.ts';

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

/** The row an installation or query belongs to: the workspace, or for an org-wide install its enterprise. */
function keyOf(q: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }): string {
  const key = q.isEnterpriseInstall ? q.enterpriseId : q.teamId;
  if (!key) throw new Error('an installation without a workspace or enterprise id');
  return key;
}

export class SlackInstallations implements InstallationStore {
  /** Workspaces installed now, as far as this process knows (refreshed from the database: other processes install too). */
  private installed = new Set<string>();
  private readonly watchers: Array<(teamId: string, installed: boolean) => void> = [];
  private readonly logger: Logger;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.logger = logger.child({ part: 'slack-installations' });
  }

  /** Reads which workspaces are installed (start-up, and now and then: another process may have installed one). */
  async refresh(): Promise<void> {
    const now = new Set(await installedTeamIds(this.db));
    const added = [...now].filter((t) => !this.installed.has(t));
    const removed = [...this.installed].filter((t) => !now.has(t));
    this.installed = now;
    for (const team of added) this.tell(team, true);
    for (const team of removed) this.tell(team, false);
  }

  /** Whether the app is installed in the workspace (this process's view; see refresh). */
  has(teamId: string): boolean {
    return this.installed.has(teamId);
  }

  /** Called when a workspace is installed or parked (by this process or, seen at a refresh, another). */
  onChange(watch: (teamId: string, installed: boolean) => void): void {
    this.watchers.push(watch);
  }

  async storeInstallation(installation: AnyInstallation): Promise<void> {
    const teamId = keyOf({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall });
    const wasParked = (await installationRow(this.db, teamId))?.uninstalledAt != null;
    await saveInstallation(this.db, {
      teamId,
      enterpriseId: installation.enterprise?.id ?? null,
      teamName: installation.team?.name ?? null,
      botUserId: installation.bot?.userId ?? null,
      installedBy: installation.user?.id ?? null,
      installedAt: this.clock().getTime(),
      sealed: this.box.seal(JSON.stringify(installation), teamId),
    });
    this.logger.info(wasParked ? 'slack workspace installed the app again: its clubs resume' : 'slack workspace installed the app', { team: teamId, teamName: installation.team?.name });
    this.installed.add(teamId);
    this.tell(teamId, true);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    const teamId = keyOf(query);
    const row = await installationRow(this.db, teamId);
    if (!row?.sealed) throw new Error(`the app is not installed in workspace ${teamId}`);
    return JSON.parse(this.box.open(row.sealed, teamId)) as AnyInstallation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.forget(keyOf(query), 'deleted');
  }

  /** The workspace's bot token, or null when the app is not installed there. */
  async botToken(teamId: string): Promise<string | null> {
    const row = await installationRow(this.db, teamId);
    if (!row?.sealed) return null;
    return (JSON.parse(this.box.open(row.sealed, teamId)) as AnyInstallation).bot?.token ?? null;
  }

  /**
   * Deletes the workspace's tokens and parks its clubs (history kept; a reinstall resumes them): app_uninstalled,
   * the bot token revoked, or Slack answering that the token is dead. Returns false when nothing was installed.
   */
  async forget(teamId: string, why: string): Promise<boolean> {
    const forgotten = await forgetTokens(this.db, teamId, this.clock().getTime());
    if (forgotten) this.logger.info('slack workspace tokens deleted: its clubs are parked until it installs the app again', { team: teamId, why });
    this.installed.delete(teamId);
    if (forgotten) this.tell(teamId, false);
    return forgotten;
  }

  private tell(teamId: string, installed: boolean): void {
    for (const w of this.watchers) {
      try {
        w(teamId, installed);
      } catch (err) {
        this.logger.error('a watcher of slack installs failed', { team: teamId, err });
      }
    }
  }
}
