import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../../config.ts';
/**
 * Registers the slash commands with Discord: globally (every server has them at once: the hour-long cache of global
 * commands went with Commands v2 in 2022, discord-api-docs #4896) or, with `--guild ID`, to one server only, for trying
 * a change there first. `--clear-guild ID` removes a server's own set again
 * (after trying with --guild and deploying globally, that server would otherwise show every command twice).
 * Start-up never does this.
 *   npm run deploy-commands [-- --guild ID | --clear-guild ID]
 * Env: DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL (optional REST base).
 */
import { REST, Routes } from 'discord.js';
import { fileURLToPath } from 'node:url';
import type { Command } from '../../commands/types.ts';
import { createLogger, type Logger } from '../../logger.ts';
import { commandData } from './command-data.ts';

export async function deployCommands(opts: {
  commands: readonly Command[];
  token: string;
  applicationId: string;
  apiUrl?: string;
  guildId?: string;
  /** With guildId: register no commands there (PUT an empty set), leaving the global set. */
  clear?: boolean;
  logger: Logger;
}): Promise<number> {
  if (opts.clear && !opts.guildId) throw new Error('clearing needs a server id (--clear-guild ID)');
  const rest = new REST(opts.apiUrl ? { api: opts.apiUrl } : {}).setToken(opts.token);
  const body = opts.clear ? [] : commandData(opts.commands);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  // PUT replaces the whole set, so removed commands disappear too.
  const result = (await rest.put(route, { body })) as unknown[];
  const scope = opts.guildId ? `guild ${opts.guildId}` : 'global';
  if (opts.clear) opts.logger.info('guild slash commands cleared', { scope });
  else opts.logger.info('slash commands registered', { count: result.length, scope, available: opts.guildId ? 'in that server now' : 'in every server the app is in, now' });
  return result.length;
}

async function main(): Promise<void> {
  const logger = createLogger({ base: { part: 'deploy-commands' } });
  // Same source of settings as the bot: .env when present, validated by src/config.ts.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    logger.error((err as Error).message);
    process.exitCode = 1;
    return;
  }
  const token = config.DISCORD_TOKEN;
  const applicationId = config.DISCORD_APPLICATION_ID;
  if (!token || !applicationId) {
    logger.error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set (see docs/discord.md)');
    process.exitCode = 1;
    return;
  }
  const at = process.argv.indexOf('--guild');
  const clearAt = process.argv.indexOf('--clear-guild');
  const flag = clearAt >= 0 ? '--clear-guild' : '--guild';
  const index = clearAt >= 0 ? clearAt : at;
  const guildId = index >= 0 ? process.argv[index + 1] : undefined;
  if ((index >= 0 && !/^\d{17,20}$/.test(guildId ?? '')) || (at >= 0 && clearAt >= 0)) {
    logger.error(`${flag} needs a server id (and only one of --guild, --clear-guild)`);
    process.exitCode = 1;
    return;
  }
  const { allCommands } = await import('../../commands/index.ts');
  try {
    await deployCommands({ commands: allCommands, token, applicationId, apiUrl: config.DISCORD_API_URL, guildId, clear: clearAt >= 0, logger });
  } catch (err) {
    // The error carries the route and Discord's message, never the token.
    logger.error('registering slash commands failed', { err });
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
