import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../../src/platforms/slack/listeners/commands.ts';

const manifest = parse(readFileSync(new URL('../../../slack/manifest.yml', import.meta.url), 'utf8'));

describe('slack manifest', () => {
  it('GIVEN the manifest THEN it declares the one slash command the app listens to', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
  });

  it('GIVEN the manifest THEN it asks for exactly the bot scopes the adapter uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['channels:history', 'channels:read', 'chat:write', 'commands', 'files:read', 'files:write', 'groups:history', 'groups:read', 'im:write', 'reactions:read', 'reactions:write', 'users:read'].sort(),
    );
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('GIVEN the manifest THEN reaction, Home tab and uninstall events, interactivity and Socket Mode are on', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(
      ['app_home_opened', 'app_uninstalled', 'message.channels', 'message.groups', 'reaction_added', 'reaction_removed', 'tokens_revoked'].sort(),
    );
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
