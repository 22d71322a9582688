import { readDateText } from '../calendar/date-text.ts';
import { UserError } from '../errors.ts';
import { takesReference } from './arguments.ts';
import { usageLine } from './help.ts';
import { textOptions, type Args, type Command, type MemberArg, type OptionSpec } from './types.ts';

interface Token {
  text: string;
  start: number;
  /** Where the token ends in the line (its quotes included). */
  end: number;
  quoted: boolean;
  /** A name:"quoted value" token: its value is taken as typed between the quotes. */
  quotedValue?: boolean;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

/** Splits a line into words; quotes group words ("0 17 * * 3") and keep their offsets for rest-of-line options. */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const close = QUOTES[line[i]!];
    if (close) {
      const end = line.indexOf(close, i + 1);
      if (end !== -1) {
        out.push({ text: line.slice(i + 1, end), start: i, end: end + 1, quoted: true });
        i = end + 1;
        continue;
      }
    }
    // name:"a quoted value" (as one types Discord's name:value with spaces): one name:value token, quotes dropped.
    const named = /^([a-z_]+):(["'“‘])/.exec(line.slice(i));
    if (named) {
      const valueAt = i + named[0].length;
      const end = line.indexOf(QUOTES[named[2]!]!, valueAt);
      if (end !== -1) {
        out.push({ text: `${named[1]}:${line.slice(valueAt, end)}`, start: i, end: end + 1, quoted: false, quotedValue: true });
        i = end + 1;
        continue;
      }
    }
    const start = i;
    while (i < line.length && !/\s/.test(line[i]!)) i++;
    out.push({ text: line.slice(start, i), start, end: i, quoted: false });
  }
  return out;
}

/** A member named in text: Slack `<@U1|name>`, Discord `<@123>`, or a plain `@name`. */
export function parseMember(text: string): MemberArg | null {
  const m = /^<@!?([A-Za-z0-9]+)(?:\|([^>]+))?>$/.exec(text);
  if (m) return { userId: m[1]!, displayName: m[2] ?? m[1]! };
  const plain = /^@?([\w.-]{1,64})$/.exec(text);
  return plain ? { userId: plain[1]!, displayName: plain[1]! } : null;
}

export type ParsedLine = { help: true | string; command: ''; args: Args } | { help: false; command: string; args: Args };

/** Parses 'paper now', '/signup 12', 'note lora "my text"', 'club schedule 0 17 * * 3 Europe/London'. */
export function parseCommandLine(line: string, commands: readonly Command[]): ParsedLine {
  const body = line.trim().replace(/^\/+/, '').replace(/^paperclub\b\s*/i, '');
  const tokens = tokenize(body);
  const first = tokens[0]?.text.toLowerCase();
  if (!first || first === 'help') return { help: tokens[1]?.text.toLowerCase() ?? true, command: '', args: {} };
  const groups = new Set(commands.map((c) => c.group).filter(Boolean));
  let cmd: Command | undefined;
  let next = 1;
  if (groups.has(first)) {
    const sub = tokens[1]?.text.toLowerCase();
    cmd = commands.find((c) => c.group === first && c.name === sub);
    if (!cmd) {
      if (!sub) return { help: first, command: '', args: {} };
      throw new UserError('unknown-command', `There is no /${first} ${sub}. Try help ${first}.`);
    }
    next = 2;
  } else {
    cmd = commands.find((c) => c.group === null && c.name === first);
    if (!cmd) throw new UserError('unknown-command', `Unknown command '${first}'. Try help.`);
  }
  const path = cmd.group ? `${cmd.group} ${cmd.name}` : cmd.name;
  return { help: false, command: path, args: assignArgs(body, tokens.slice(next), cmd) };
}

/** Whether a word starts another option of this command (`timezone:`, `timezone:UTC`). */
function isOptionName(t: Token, named: ReadonlyMap<string, unknown>): boolean {
  return !t.quoted && /^([a-z_]+):/.test(t.text) && named.has(t.text.slice(0, t.text.indexOf(':')));
}

function assignArgs(body: string, tokens: Token[], cmd: Command): Args {
  // Options only a picker fills (a voice channel) cannot be typed: unknown here, as on a platform without them.
  const options = textOptions(cmd);
  const args: Args = {};
  const named = new Map(options.map((o) => [o.name, o]));
  // name:value tokens (as Discord shows options) are taken first, wherever they stand.
  const positional: Token[] = [];
  const namedTokens: Token[] = [];
  for (let n = 0; n < tokens.length; n++) {
    const t = tokens[n]!;
    // `list: latent-space`, as Discord shows a filled-in option: the name alone, then its value as the next word (a
    // rest-of-line option takes the words up to the next such name).
    const bare = !t.quoted && /^([a-z_]+):$/.exec(t.text);
    const bareOpt = bare ? named.get(bare[1]!) : undefined;
    if (bareOpt && tokens[n + 1]) {
      let last = n + 1;
      if (bareOpt.rest) while (tokens[last + 1] && !isOptionName(tokens[last + 1]!, named)) last++;
      const words = tokens.slice(n + 1, last + 1);
      const only = words.length === 1 ? words[0]! : undefined;
      const value = only ? only.text : body.slice(words[0]!.start, words.at(-1)!.end).trim();
      args[bareOpt.name] = only?.quoted && takesReference(bareOpt) ? `"${value}"` : convert(bareOpt, value);
      namedTokens.push(t, ...words);
      n = last;
      continue;
    }
    const kv = !t.quoted && /^([a-z_]+):(.+)$/s.exec(t.text);
    const opt = kv ? named.get(kv[1]!) : undefined;
    if (kv && !opt && cmd.options.some((o) => o.name === kv[1])) {
      throw new UserError('picker-only', `${kv[1]} goes with Discord's channel picker and cannot be typed here.\nUsage: \`${usageLine(cmd, true)}\``);
    }
    if (kv && opt && opt.rest && !t.quotedValue && !/^(["']).*\1$/s.test(kv[2]!) && tokens[n + 1] && !isOptionName(tokens[n + 1]!, named)) {
      // `when:thu 18:30 timezone:Europe/Berlin`: a rest-of-line option's value goes on to the next option name, as
      // it does written `when: thu 18:30` (the value is what Discord's field would hold).
      let last = n + 1;
      while (tokens[last + 1] && !isOptionName(tokens[last + 1]!, named)) last++;
      args[opt.name] = convert(opt, body.slice(t.start + kv[1]!.length + 1, tokens[last]!.end).trim());
      namedTokens.push(t, ...tokens.slice(n + 1, last + 1));
      n = last;
      continue;
    }
    if (kv && opt) {
      // paper:"1984" names a paper called 1984: the quotes stay for the argument grammar (arguments.ts).
      const quoted = t.quotedValue || /^(["']).*\1$/s.test(kv[2]!);
      const value = t.quotedValue ? kv[2]! : kv[2]!.replace(/^["']|["']$/g, '');
      args[opt.name] = quoted && takesReference(opt) ? `"${value}"` : convert(opt, value);
      namedTokens.push(t);
    } else positional.push(t);
  }
  // `/club settings presenters 2`: an option's name as a word, then its value, as name:value would give it.
  if (cmd.namesBeforeValues) {
    for (let at = 0; at < positional.length - 1; at++) {
      const opt = !positional[at]!.quoted ? named.get(positional[at]!.text.toLowerCase()) : undefined;
      if (!opt || args[opt.name] !== undefined) continue;
      const [nameToken, valueToken] = positional.splice(at, 2) as [Token, Token];
      args[opt.name] = convert(opt, valueToken.text);
      namedTokens.push(nameToken, valueToken);
      at--;
    }
  }
  // A word that is one of an option's choices ('private') belongs to that option, wherever it stands.
  for (const opt of options) {
    if (!opt.choices || args[opt.name] !== undefined) continue;
    const at = positional.findIndex((t) => !t.quoted && opt.choices!.some((c) => c.value === t.text.toLowerCase()));
    if (at === -1) continue;
    const [choice] = positional.splice(at, 1) as [Token];
    args[opt.name] = choice.text.toLowerCase();
    // Taken, so never also part of a rest-of-line value (`/club schedule "thu 18:30" Europe/Berlin yes`).
    namedTokens.push(choice);
  }
  let i = 0;
  for (const opt of options) {
    if (args[opt.name] !== undefined) continue;
    const t = positional[i];
    if (!t) break;
    // `/note attention is all you need "my text"`: when the last word is quoted and only a rest-of-line option follows,
    // the unquoted words before it are this option's value (a paper title has spaces) and the quote is the rest.
    const restAfter = options.slice(options.indexOf(opt) + 1).filter((o) => args[o.name] === undefined);
    const last = positional[positional.length - 1];
    if (!opt.rest && restAfter.length === 1 && restAfter[0]!.rest && last?.quoted && positional.length - i > 2 && positional.slice(i, -1).every((x) => !x.quoted)) {
      args[opt.name] = convert(opt, positional.slice(i, -1).map((x) => x.text).join(' '));
      args[restAfter[0]!.name] = last.text;
      i = positional.length;
      break;
    }
    if (opt.rest) {
      const rest = withoutTokens(body.slice(t.start), namedTokens.filter((x) => x.start > t.start), t.start).trim();
      args[opt.name] = t.quoted && positional.length === i + 1 ? quotedValue(opt, t.text) : rest;
      i = positional.length;
      break;
    }
    // `/note toy models of superposition so good`: where the title ends is a question for the catalog, so the
    // words go on as typed (arguments.ts splits them at the longest title); the first word stands in meanwhile.
    if (opt.titleFirst && !t.quoted && restAfter.length === 1 && restAfter[0]!.rest && positional.length - i >= 2 && positional.slice(i).every((x) => !x.quoted)) {
      args.unquoted = withoutTokens(body.slice(t.start), namedTokens.filter((x) => x.start > t.start), t.start).trim();
    }
    // A date in words (`Dec 24`, `Thu 17 Dec 2026`, `next thu`) is one argument, also where one word is expected.
    const dateWords = (takesReference(opt) || opt.kind === 'date') && !t.quoted ? dateLength(positional, i) : 0;
    if (dateWords > 1) {
      args[opt.name] = positional.slice(i, i + dateWords).map((x) => x.text).join(' ');
      i += dateWords;
      continue;
    }
    if (opt.choices) continue;
    if (opt.words && !t.quoted) {
      args[opt.name] = positional.slice(i, i + opt.words).map((x) => x.text).join(' ');
      i += opt.words;
      continue;
    }
    args[opt.name] = t.quoted ? quotedValue(opt, t.text) : convert(opt, t.text);
    i++;
  }
  // A word left over goes to a choice option still unset ('/club admin @alice frobnicate'), so the validator can refuse
  // it by name; anything else left over is an error rather than silently dropped.
  const extra = positional.slice(i);
  const openChoice = options.find((o) => o.choices && args[o.name] === undefined);
  if (extra.length && openChoice) args[openChoice.name] = extra.shift()!.text;
  if (extra.length) {
    throw new UserError('extra-argument', `Unexpected '${extra[0]!.text.replace(/[`*_~|<>@]/g, '').slice(0, 30)}': this command takes ${options.length ? options.map((o) => o.name).join(', ') : 'no arguments'}.\nUsage: \`${usageLine(cmd, true)}\``);
  }
  return args;
}

/** A quoted value: a meeting-or-paper option keeps the quotes (`"1984"` is a paper by that name, not meeting 1984). */
function quotedValue(opt: OptionSpec, text: string): Args[string] {
  return takesReference(opt) ? `"${text}"` : convert(opt, text);
}

/** The most words from `at` on (up to 6, none quoted) that read as a date; 0 when they do not. */
function dateLength(tokens: Token[], at: number): number {
  for (let n = Math.min(6, tokens.length - at); n >= 2; n--) {
    const words = tokens.slice(at, at + n);
    // Any 'today' will do: only whether the words look like a date matters here.
    if (words.every((x) => !x.quoted) && readDateText(words.map((x) => x.text).join(' '), '2000-01-01') !== null) return n;
  }
  return 0;
}

/**
 * The rest of a line without the name:value words taken above (`/suggest some title new:yes`): cut out where they
 * stand, joined by one space. `offset` is where `text` starts in the line.
 */
function withoutTokens(text: string, taken: Token[], offset: number): string {
  let out = text;
  for (const x of [...taken].sort((a, b) => b.start - a.start)) {
    const from = x.start - offset;
    out = `${out.slice(0, from).trimEnd()} ${out.slice(x.end - offset).trimStart()}`;
  }
  return out;
}

/** Text -> the option's value type; text that does not convert is passed on as is, for the validator to refuse by name. */
function convert(opt: OptionSpec, text: string): Args[string] {
  switch (opt.type) {
    case 'integer': {
      const n = Number(text.replace(/^#/, ''));
      return /^#?[+-]?\d+$/.test(text) && Number.isSafeInteger(n) ? n : text;
    }
    case 'boolean':
      return /^(1|true|yes|on)$/i.test(text) ? true : /^(0|false|no|off)$/i.test(text) ? false : text;
    case 'member':
      return parseMember(text) ?? text;
    case 'attachment':
      return { name: text, content: '' };
    case 'voice-channel':
      return text; // text UIs cannot pick one: the validator says so
    default:
      return text;
  }
}
