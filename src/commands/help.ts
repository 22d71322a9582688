import { privateReply } from '../render/replies.ts';
import { commandPath, textOptions, type Command, type OptionSpec, type Reply } from './types.ts';

/**
 * One option as usage lines show it: `<paper>` required, `[count]` optional, a meeting argument as what it takes
 * (`meeting|date`), and choices as the words to type: `on|off` (required), `[yes]` (optional).
 */
function usage(o: OptionSpec): string {
  if (o.choices) {
    const words = o.choices.map((c) => c.value).join('|');
    return o.required ? words : `[${words}]`;
  }
  const label = o.shown ?? (o.kind === 'week' ? 'meeting|date' : o.name);
  return o.required ? `<${label}>` : `[${label}]`;
}

/**
 * The command as users type it, with its options: `/club assign <member> [week…]` (help and argument errors show
 * it). In a text UI, without the options only a picker can fill.
 */
export function usageLine(c: Command, textUi = false): string {
  const opts = (textUi ? textOptions(c) : c.options).map(usage).join(' ');
  return `/${commandPath(c)}${opts ? ` ${opts}` : ''}`;
}

/** `/club settings presenters 2`: a command's first numeric option, given as `name value`. */
function exampleOf(c: Command): string {
  const opt = textOptions(c).find((o) => o.type === 'integer') ?? textOptions(c)[0];
  return `/${commandPath(c)}${opt ? ` ${opt.name} ${opt.type === 'integer' ? (opt.minValue ?? 0) + 1 : 'value'}` : ''}`;
}

/** The command list (or the commands of one group) for text UIs, as a private reply; adapters rewrite `/x` to their own prefix. */
export function helpReply(commands: readonly Command[], group?: string): Reply {
  const shown = group ? commands.filter((c) => c.group === group || c.name === group) : commands;
  if (!shown.length) return privateReply(`No command '${group}'. Try help.`, { error: true });
  const lines = shown.map((c) => {
    const named = c.namesBeforeValues ? ` Give options as name:value or name value, e.g. \`${exampleOf(c)}\`.` : '';
    return `- \`${usageLine(c, true)}\` — ${c.description}${c.admin ? ' _(admins)_' : ''}${named}`;
  });
  return privateReply(lines.join('\n'), {
    title: group ? `Commands: ${group}` : 'Paper club commands',
    more: 'Quote arguments with spaces: `/club schedule "0 17 * * 3" Europe/London`.',
  });
}
