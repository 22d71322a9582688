import { privateReply } from '../render/replies.ts';
import { commandPath, type Command, type OptionSpec, type Reply } from './types.ts';

function usage(o: OptionSpec): string {
  const name = o.rest ? `${o.name}…` : o.name;
  return o.required ? `<${name}>` : `[${name}]`;
}

/** The command list (or the commands of one group), as a private reply; adapters rewrite `/x` to their own prefix. */
export function helpReply(commands: readonly Command[], group?: string): Reply {
  const shown = group ? commands.filter((c) => c.group === group || c.name === group) : commands;
  if (!shown.length) return privateReply(`No command '${group}'. Try help.`, { error: true });
  const lines = shown.map((c) => {
    const opts = c.options.map(usage).join(' ');
    return `- \`/${commandPath(c)}${opts ? ` ${opts}` : ''}\` — ${c.description}${c.admin ? ' _(admins)_' : ''}`;
  });
  return privateReply(lines.join('\n'), {
    title: group ? `Commands: ${group}` : 'Paper club commands',
    more: 'Quote arguments with spaces: `/club schedule "0 17 * * 3" Europe/London`.',
  });
}
