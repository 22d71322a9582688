import { privateReply } from '../render/replies.ts';
import { commandPath, type Command, type Reply } from './types.ts';

function usage(c: Command): string {
  const opts = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
  return `/${commandPath(c)}${opts ? ` ${opts}` : ''}`;
}

/** The command list (or the commands of one group), as a private reply. */
export function helpReply(commands: readonly Command[], group?: string): Reply {
  const shown = group ? commands.filter((c) => c.group === group || c.name === group) : commands;
  if (!shown.length) return privateReply(`No command '${group}'. Try help.`, { error: true });
  const lines = shown.map((c) => `- \`${usage(c)}\` — ${c.description}${c.admin ? ' _(admins)_' : ''}`);
  return privateReply(lines.join('\n'), { title: group ? `Commands: ${group}` : 'Paper club commands' });
}
