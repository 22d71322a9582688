import { privateReply } from '../render/replies.ts';
import { commandPath, textOptions, type Command, type OptionSpec, type Reply } from './types.ts';

function usage(o: OptionSpec): string {
  const name = o.choices ? o.choices.map((c) => c.value).join('|') : o.rest ? `${o.name}…` : o.name;
  return o.required ? `<${name}>` : `[${name}]`;
}

/**
 * The command as users type it, with its options: `/club assign <member> [week…]` (help and argument errors show
 * it). In a text UI, without the options only a picker can fill.
 */
export function usageLine(c: Command, textUi = false): string {
  const opts = (textUi ? textOptions(c) : c.options).map(usage).join(' ');
  return `/${commandPath(c)}${opts ? ` ${opts}` : ''}`;
}

/** The command list (or the commands of one group) for text UIs, as a private reply; adapters rewrite `/x` to their own prefix. */
export function helpReply(commands: readonly Command[], group?: string): Reply {
  const shown = group ? commands.filter((c) => c.group === group || c.name === group) : commands;
  if (!shown.length) return privateReply(`No command '${group}'. Try help.`, { error: true });
  const lines = shown.map((c) => {
    return `- \`${usageLine(c, true)}\` — ${c.description}${c.admin ? ' _(admins)_' : ''}`;
  });
  return privateReply(lines.join('\n'), {
    title: group ? `Commands: ${group}` : 'Paper club commands',
    more: 'Quote arguments with spaces: `/club schedule "0 17 * * 3" Europe/London`.',
  });
}
