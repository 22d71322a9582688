/**
 * The bot scopes the install flow asks for: exactly those of slack/manifest.yml (a test keeps the two equal), so an
 * app installed by OAuth can do what one installed from the manifest can.
 */
export const BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'files:write',
  'files:read',
  'reactions:read',
  'reactions:write',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'users:read',
  'im:write',
];
