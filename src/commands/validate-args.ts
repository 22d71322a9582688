import { describeDate, readDateText } from '../calendar/date-text.ts';
import { checkRegionZone } from '../calendar/region-zone.ts';
import { UserError } from '../errors.ts';
import { charCount } from '../characters.ts';
import { usageLine } from './help.ts';
import { canonical, MAX_MEETING_NUMBER, readReference, takesReference } from './arguments.ts';
import { parseMember } from './parse-line.ts';
import { textOptions, type ArgValue, type Args, type Command, type OptionSpec } from './types.ts';

export { MAX_MEETING_NUMBER };

/** Longest free-text argument we take when an option sets no limit of its own. */
const DEFAULT_MAX_LENGTH = 500;

/** The longest text an option takes (its own maxLength, else a default); Discord registers the same limit. */
export function maxLengthOf(opt: OptionSpec): number {
  return opt.maxLength ?? DEFAULT_MAX_LENGTH;
}

type Checked = { value: ArgValue } | { problem: string };

/** User text shown back in an error: short, one line, no markdown that could break the reply. */
const echo = (v: unknown) => (typeof v === 'object' || typeof v === 'function' ? 'that value' : `'${String(v).replace(/\s+/g, ' ').replace(/[`*_~|<>@]/g, '').slice(0, 30)}'`);

/**
 * Checks and normalises a command's arguments against its option specs, before the handler runs. Discord sends typed
 * values (numbers, members), Slack and the console send text: both shapes are accepted. Blank text counts as missing.
 * Throws a UserError naming the first bad argument, with the command's usage line; returns the cleaned arguments.
 */
export function validateArgs(cmd: Command, args: Args, textUi = false, today: string = new Date().toISOString().slice(0, 10)): Args {
  // A mistyped option name (typed in the playground or Slack text) would otherwise be dropped silently, and the
  // command run with its default: `/club skip date:…` skipping the next meeting instead of the one named.
  const unknown = Object.keys(args).find((name) => args[name] !== undefined && !cmd.options.some((o) => o.name === name) && !cmd.internalArgs?.includes(name));
  if (unknown !== undefined) {
    const known = (textUi ? textOptions(cmd) : cmd.options).map((o) => o.name);
    throw refusal(cmd, `/${path(cmd)} has no option ${echo(unknown)}${known.length ? ` (it takes ${known.join(', ')})` : ''}.`, textUi);
  }
  const out: Args = { ...args };
  for (const opt of cmd.options) {
    const raw = args[opt.name];
    const missing = raw === undefined || raw === null || (typeof raw === 'string' && !raw.trim());
    if (missing) {
      delete out[opt.name];
      // A long option left out is collected by the platform (a modal) or refused by the handler with its own hint.
      if (opt.required && !opt.long) throw refusal(cmd, `/${path(cmd)} needs ${article(opt)}.`, textUi);
      continue;
    }
    const checked = checkValue(opt, raw, today);
    if ('problem' in checked) throw refusal(cmd, checked.problem, textUi);
    out[opt.name] = checked.value;
  }
  return out;
}

function refusal(cmd: Command, reason: string, textUi: boolean): UserError {
  return new UserError('bad-argument', `${reason}\nUsage: \`${usageLine(cmd, textUi)}\``);
}

const path = (cmd: Command) => (cmd.group ? `${cmd.group} ${cmd.name}` : cmd.name);

function article(opt: OptionSpec): string {
  const shown = opt.shown ?? (opt.kind === 'week' ? 'meeting|date' : undefined);
  const what = opt.choices
    ? `${opt.name} (${opt.choices.map((c) => c.value).join(' or ')})`
    : shown
      ? shown.split('|').join(' or ')
      : opt.name.replace(/_/g, ' ');
  return /^[aeiou]/i.test(what) ? `an ${what}` : `a ${what}`;
}

function checkValue(opt: OptionSpec, raw: ArgValue, today: string): Checked {
  // The core's own buttons name a paper by id: only where a meeting or paper is taken.
  if (typeof raw === 'object' && raw !== null && 'paperId' in raw) {
    return takesReference(opt) && Number.isSafeInteger(raw.paperId) ? { value: { paperId: raw.paperId } } : { problem: `${opt.name} must be text.` };
  }
  switch (opt.type) {
    case 'integer':
      return checkInteger(opt, raw);
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string' && /^(1|true|yes|on)$/i.test(raw.trim())) return { value: true };
      if (typeof raw === 'string' && /^(0|false|no|off)$/i.test(raw.trim())) return { value: false };
      return { problem: `${opt.name} must be yes or no, not ${echo(raw)}.` };
    case 'member': {
      if (typeof raw === 'object' && raw !== null && 'userId' in raw && typeof raw.userId === 'string' && raw.userId) {
        return { value: { userId: raw.userId, displayName: typeof raw.displayName === 'string' && raw.displayName ? raw.displayName : raw.userId } };
      }
      const m = typeof raw === 'string' ? parseMember(raw.trim()) : null;
      return m ? { value: m } : { problem: `${opt.name}: ${echo(raw)} is not a member. Mention them, e.g. @alice.` };
    }
    case 'voice-channel':
      if (typeof raw === 'object' && raw !== null && 'channelId' in raw && typeof raw.channelId === 'string' && /^\d{1,25}$/.test(raw.channelId) && (raw.kind === 'voice' || raw.kind === 'stage')) {
        return { value: { channelId: raw.channelId, kind: raw.kind } };
      }
      return { problem: `${opt.name}: pick a voice or stage channel from Discord's list (only Discord has them).` };
    case 'attachment':
      if (typeof raw === 'object' && raw !== null && 'content' in raw && typeof raw.content === 'string' && typeof raw.name === 'string') return { value: raw };
      return { problem: `${opt.name}: attach a file.` };
    case 'string':
      return checkText(opt, raw, today);
  }
}

function checkInteger(opt: OptionSpec, raw: ArgValue): Checked {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().replace(/^#/, '') : '';
  const n = /^[+-]?\d{1,16}$/.test(text) ? Number(text) : NaN;
  const min = opt.minValue ?? Number.MIN_SAFE_INTEGER;
  const max = opt.maxValue ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = opt.minValue !== undefined && opt.maxValue !== undefined ? ` from ${min} to ${max}` : opt.minValue !== undefined ? ` of at least ${min}` : '';
    return { problem: `${opt.name.replace(/_/g, ' ')} must be a whole number${range}, not ${echo(raw)}.` };
  }
  return { value: n };
}

function checkText(opt: OptionSpec, raw: ArgValue, today: string): Checked {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { problem: `${opt.name} must be text.` };
  // Notes keep their line breaks and inner spacing; everything else is one trimmed value.
  const text = opt.long ? String(raw) : String(raw).trim();
  // A date in words ('Thu 17 Dec 2026') may be longer than the date it means: read before the length is checked.
  if (opt.kind === 'date') return checkDate(opt, text, today);
  const max = maxLengthOf(opt);
  // Characters as the platforms count them (code points): an emoji is one.
  const length = charCount(text);
  if (length > max) return { problem: `${opt.name.replace(/_/g, ' ')} is ${length} characters; the limit is ${max}.` };
  if (opt.choices) {
    const hit = opt.choices.find((c) => c.value === text.toLowerCase() || c.name.toLowerCase() === text.toLowerCase());
    if (!hit) return { problem: `${opt.name} must be ${opt.choices.map((c) => c.value).join(' or ')}, not ${echo(text)}.` };
    return { value: hit.value };
  }
  switch (opt.kind) {
    case 'emoji':
      return isEmoji(text) ? { value: text } : { problem: `${echo(text)} is not an emoji. Give one emoji, e.g. ✅, :white_check_mark: or a custom emoji of this server.` };
    case 'timezone': {
      const z = checkRegionZone(text);
      return 'zone' in z ? { value: z.zone } : { problem: z.problem };
    }
    case 'week':
    case 'paper':
      return checkReference(text, today);
    case 'cron':
      return /^[\d*/,?LW#A-Za-z-]+(\s+[\d*/,?LW#A-Za-z-]+){4}$/.test(text)
        ? { value: text.replace(/\s+/g, ' ') }
        : { problem: `"${text.slice(0, 40)}" is not a valid schedule. Use 5 cron fields: minute hour day-of-month month day-of-week, e.g. "0 17 * * 3" for Wednesdays 17:00.` };
    case 'slug':
      return /^[a-z0-9][a-z0-9-]{0,63}$/.test(text.toLowerCase())
        ? { value: text.toLowerCase() }
        : { problem: `${opt.name}: ${echo(text)} is not a list name. Use lower-case letters, digits and dashes, e.g. latent-space.` };
    default:
      return { value: text };
  }
}

/** A meeting, date or paper (arguments.ts): only the form is checked here, and written canonically. */
function checkReference(text: string, today: string): Checked {
  try {
    return { value: canonical(readReference(text, today)) };
  } catch (err) {
    if (err instanceof UserError) return { problem: err.message };
    throw err;
  }
}

/** A date in any common form (calendar/date-text.ts), as YYYY-MM-DD in the club's calendar. */
function checkDate(opt: OptionSpec, text: string, today: string): Checked {
  const reading = readDateText(text, today);
  if (!reading) return { problem: `${opt.name}: ${echo(text)} is not a date. Write it as ${today}, 17 Dec, 17.12. or next thu.` };
  if ('ambiguous' in reading) {
    const [a, b] = reading.ambiguous;
    return { problem: `${echo(text)} could be ${describeDate(a)} or ${describeDate(b)}. Which one? Write it as ${a} or ${b}.` };
  }
  if ('problem' in reading) return { problem: `${reading.problem} Write a date as e.g. ${today}, 17 Dec or next thu.` };
  return { value: reading.date };
}

// One emoji: a flag, a keycap, or a pictograph with optional variation selector, skin tone and ZWJ sequence.
const UNICODE_EMOJI =
  /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?)*)$/u;
/** Discord custom emoji as its markup; Slack emoji by name between colons (Slack sends names, not characters). */
const CUSTOM_EMOJI = /^<a?:\w{2,32}:\d{5,25}>$/;
const SLACK_EMOJI = /^:[a-z0-9_+'-]{1,64}(::skin-tone-[2-6])?:$/;

/** Whether text is exactly one emoji the platforms can react with. */
export function isEmoji(text: string): boolean {
  return UNICODE_EMOJI.test(text) || CUSTOM_EMOJI.test(text) || SLACK_EMOJI.test(text);
}
