import {
  ApplicationCommandOptionType,
  ChannelType,
  ApplicationCommandType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, OptionSpec } from '../../commands/types.ts';
import { maxLengthOf } from '../../commands/validate-args.ts';
import { LIMITS, clip } from './limits.ts';

export type SlashCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Descriptions of the top-level commands that hold subcommands (the core describes only leaves). */
const GROUP_DESCRIPTIONS: Record<string, string> = {
  paper: 'Papers: this week, upcoming, history, search and reading lists',
  club: 'Set up and run the paper club in this channel',
};

/**
 * Core commands -> Discord slash command JSON. A group becomes one command with subcommands
 * (`/paper now`); others stay top-level. No command has a default permission gate: club admins added
 * with `/club admin` need not have Manage Server, so `/club` must be visible to them, and the core checks
 * every admin command itself (a member who is neither gets a private "for club admins" answer).
 */
export function commandData(commands: readonly Command[]): SlashCommandJson[] {
  const out: SlashCommandJson[] = [];
  const groups = new Map<string, Command[]>();
  for (const c of commands) {
    if (c.group) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
    else out.push(base(c.name, c.description, options(c.options)));
  }
  for (const [group, subs] of groups) {
    const subcommands: APIApplicationCommandSubcommandOption[] = subs.slice(0, LIMITS.options).map((c) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: slashName(c.name),
      description: clip(c.description, LIMITS.commandDescription),
      options: options(c.options),
    }));
    out.push(base(group, GROUP_DESCRIPTIONS[group] ?? `${group} commands`, subcommands));
  }
  return out;
}

function base(name: string, description: string, opts: SlashCommandJson['options']): SlashCommandJson {
  return {
    type: ApplicationCommandType.ChatInput,
    name: slashName(name),
    description: clip(description, LIMITS.commandDescription),
    options: opts,
    default_member_permissions: null,
    // Clubs live in server channels: no DMs, no user-installed contexts.
    dm_permission: false,
    contexts: [InteractionContextType.Guild],
  };
}

/** Options in Discord's order (required first), at most 25. A `long` option is optional: left out, it opens a modal. */
function options(specs: OptionSpec[]): APIApplicationCommandBasicOption[] {
  const mapped = specs.map((o) => option(o));
  return [...mapped.filter((o) => o.required), ...mapped.filter((o) => !o.required)].slice(0, LIMITS.options);
}

function option(o: OptionSpec): APIApplicationCommandBasicOption {
  const common = { name: slashName(o.name), description: clip(o.description, LIMITS.commandDescription), required: Boolean(o.required && !o.long) };
  switch (o.type) {
    case 'integer':
      return {
        ...common,
        type: ApplicationCommandOptionType.Integer,
        ...(o.minValue !== undefined ? { min_value: o.minValue } : {}),
        ...(o.maxValue !== undefined ? { max_value: o.maxValue } : {}),
        ...(o.autocomplete ? { autocomplete: true as const } : o.choices ? { choices: o.choices.slice(0, LIMITS.choices).map((c) => ({ name: c.name, value: Number(c.value) })) } : {}),
      };
    case 'boolean':
      return { ...common, type: ApplicationCommandOptionType.Boolean };
    case 'member':
      return { ...common, type: ApplicationCommandOptionType.User };
    case 'attachment':
      return { ...common, type: ApplicationCommandOptionType.Attachment };
    case 'voice-channel':
      // Discord's picker offers only voice and stage channels.
      return { ...common, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildVoice, ChannelType.GuildStageVoice] };
    case 'string':
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        // The core's limit, so Discord refuses what the core would; slash options take at most 6,000 characters.
        max_length: Math.min(maxLengthOf(o), 6000),
        ...(o.autocomplete ? { autocomplete: true as const } : o.choices ? { choices: o.choices.slice(0, LIMITS.choices) } : {}),
      };
    default:
      throw new Error(`unknown option type ${String((o as OptionSpec).type)}`);
  }
}

/** Discord command and option names: lowercase, 1-32 of letters, digits, - and _. */
export function slashName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, LIMITS.commandName);
}
