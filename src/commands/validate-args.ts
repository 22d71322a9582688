import { checkRegionZone } from '../calendar/region-zone.ts';
import { UserError } from '../errors.ts';
import { charCount } from '../render/characters.ts';
import { usageLine } from './help.ts';
import { parseMember } from './parse-line.ts';
import { textOptions, type ArgValue, type Args, type Command, type OptionSpec } from './types.ts';

/** The largest meeting number a week argument may name (a weekly club would need 190 years to reach it). */
export const MAX_MEETING_NUMBER = 10_000;

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
export function validateArgs(cmd: Command, args: Args, textUi = false): Args {
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
    const checked = checkValue(opt, raw);
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
  const what = opt.choices ? `${opt.name} (${opt.choices.map((c) => c.value).join(' or ')})` : opt.name.replace(/_/g, ' ');
  return /^[aeiou]/i.test(what) ? `an ${what}` : `a ${what}`;
}

function checkValue(opt: OptionSpec, raw: ArgValue): Checked {
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
      return checkText(opt, raw);
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

function checkText(opt: OptionSpec, raw: ArgValue): Checked {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { problem: `${opt.name} must be text.` };
  // Notes keep their line breaks and inner spacing; everything else is one trimmed value.
  const text = opt.long ? String(raw) : String(raw).trim();
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
      return checkWeek(opt, text);
    case 'date':
      return isCalendarDate(text) ? { value: text } : { problem: `${opt.name}: ${echo(text)} is not a date. Write it as YYYY-MM-DD, e.g. 2026-12-16.` };
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

/** arXiv ids (2106.09685) are paper ids, not decimal numbers. */
const ARXIV_ID = /^\d{4}\.\d{4,5}(v\d+)?$/;

/** A week argument: a meeting number, a YYYY-MM-DD date, '#id' (buttons) or a paper name. Only the form is checked here. */
function checkWeek(opt: OptionSpec, text: string): Checked {
  const notANumber = `${echo(text)} is not a meeting number. Use a meeting number (1, 2, …), a date (YYYY-MM-DD) or a paper name.`;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1) return { problem: notANumber };
    if (n > MAX_MEETING_NUMBER) return { problem: `There is no meeting ${text.slice(0, 12)}; meeting numbers go up to ${MAX_MEETING_NUMBER}. See /paper upcoming.` };
    return { value: String(n) };
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) {
    return isCalendarDate(text) ? { value: text } : { problem: `${opt.name}: ${echo(text)} is not a date. Write it as YYYY-MM-DD, e.g. 2026-12-16.` };
  }
  if (/^#\d+$/.test(text) || ARXIV_ID.test(text)) return { value: text };
  // Signed or fractional numbers (-1, +2, 1.5, 1,5) look like a meeting number but cannot be one.
  if (/^[+-]?[\d.,\s]*\d[\d.,\s]*$/.test(text)) return { problem: notANumber };
  return { value: text };
}

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
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
