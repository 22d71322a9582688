import type { Migration } from './migration.ts';

/**
 * Issue 29: Slack workspaces that installed the app by OAuth. The tokens live only inside `sealed` (the whole
 * installation Slack's oauth.v2.access gave, as JSON, AES-256-GCM under PAPERCLUB_SECRET_KEY: secret-box.ts); the
 * other columns are what look-ups and operators need and hold no secret. An uninstall (or revoked bot token) clears
 * `sealed` and sets `uninstalled_at`: the row stays, so the workspace's clubs are known to be parked (their history
 * kept) until a reinstall seals new tokens and they resume.
 *
 * PostgreSQL: the same table without STRICT (team_id TEXT PRIMARY KEY, installed_at and uninstalled_at BIGINT,
 * the same CHECK: `(sealed IS NULL) = (uninstalled_at IS NOT NULL)` compares two booleans there too).
 */
const migration: Migration = {
  name: '0018-slack-installations',
  postgres: `
    CREATE TABLE slack_installations (
      team_id        text PRIMARY KEY,
      enterprise_id  text,
      team_name      text,
      bot_user_id    text,
      installed_by   text,
      installed_at   bigint NOT NULL,
      sealed         text,
      uninstalled_at bigint,
      CHECK ((sealed IS NULL) = (uninstalled_at IS NOT NULL))
    );`,
  up(db) {
    db.exec(`
      CREATE TABLE slack_installations (
        team_id        TEXT PRIMARY KEY,        -- T… (an org-wide install: its E… enterprise id)
        enterprise_id  TEXT,
        team_name      TEXT,
        bot_user_id    TEXT,
        installed_by   TEXT,                    -- the user who approved the install
        installed_at   INTEGER NOT NULL,        -- epoch ms of the latest install
        sealed         TEXT,                    -- the installation (tokens inside), sealed; NULL once uninstalled
        uninstalled_at INTEGER,                 -- set by app_uninstalled / tokens_revoked; NULL while installed
        CHECK ((sealed IS NULL) = (uninstalled_at IS NOT NULL))
      ) STRICT;
    `);
  },
};
export default migration;
