/** `/paperclub help`: the core's commands as Slack users type them (one slash command, subcommands after it). */
import { commandPath, type Command, type OptionSpec } from '../../commands/types.ts';
import type { Reply } from '../../commands/types.ts';

function usage(o: OptionSpec): string {
  const name = o.rest ? `${o.name}…` : o.name;
  return o.required ? `<${name}>` : `[${name}]`;
}

/** One line per command, grouped; admin-only commands are marked. */
export function slackHelp(commands: readonly Command[], topic?: string): Reply {
  const wanted = topic ? commands.filter((c) => c.group === topic || commandPath(c) === topic) : commands;
  const list = wanted.length ? wanted : commands;
  const lines = list.map((c) => {
    const opts = c.options.map(usage).join(' ');
    return `- \`/paperclub ${commandPath(c)}${opts ? ' ' + opts : ''}\` — ${c.description}${c.admin ? ' _(admins)_' : ''}`;
  });
  return {
    private: true,
    title: 'paperclub commands',
    text: lines.join('\n'),
    more: 'Quote arguments with spaces: `/paperclub club schedule "0 17 * * 3" Europe/London`.',
  };
}
