/**
 * One grammar for every argument that names a meeting, a date or a paper, on every platform (Discord options, Slack
 * and playground text all reach ClubCore.execute):
 * - a bare number or `#5` is meeting 5 (where a paper is asked for, that meeting's paper);
 * - a date in any common form (calendar/date-text.ts) is the meeting on that date, read in the club's time zone; a
 *   date that reads two ways is asked about, and nothing that looks like a date is ever searched as a paper;
 * - anything else is a paper: key, arXiv id, nickname or title; quoted, it is a paper by name even when the name is
 *   a number (`"1984"`).
 * The validator (validate-args.ts) checks the form and rewrites it canonically; resolveReferences then looks up what
 * needs the database, so handlers get `5` (meeting), `2026-12-17` (date), `@<ms>` (a meeting by its time, from a
 * button) or a paper's key (its exact name; `#<id>` when the key looks like a number) and never parse user text.
 */
import { describeDate, readDateText } from '../calendar/date-text.ts';
import { findPapers, resolvePaper } from '../catalog/catalog-store.ts';
import type { Paper } from '../catalog/types.ts';
import { planUpcoming } from '../club/planning.ts';
import { requirePaper } from '../club/sign-ups.ts';
import { UserError } from '../errors.ts';
import { formatSlot, localDate, truncate } from '../render/format.ts';
import type { ArgValue, Args, Command, CommandContext, OptionSpec } from './types.ts';
import { communityOf } from '../store/catalog.ts';
import { getPaper } from '../store/catalog.ts';
import { pastMeetings } from '../store/meetings.ts';

/** The largest meeting number an argument may name (a weekly club would need 190 years to reach it). */
export const MAX_MEETING_NUMBER = 10_000;

/** How far ahead a meeting number or date is looked for among planned meetings. */
const PLAN_HORIZON = 52;

/** What an argument names, read from its text alone. */
export type Reference =
  | { meeting: number }
  | { date: string }
  | { slot: number }
  | { paperId: number }
  | { paper: string; quoted: boolean };

const QUOTED = /^(?:"([^"]*)"|'([^']*)'|“([^”]*)”|‘([^’]*)’)$/s;
/** arXiv ids (2106.09685) are paper ids, not decimal numbers or dates. */
const ARXIV_ID = /^\d{4}\.\d{4,5}(v\d+)?$/;

/** User text shown back in an error: short, one line, no markdown that could break the reply. */
const echo = (v: string) => `'${v.replace(/\s+/g, ' ').replace(/[`*_~|<>@]/g, '').slice(0, 30)}'`;

/** The text a reference came from, for messages: 'meeting 5', 'Thu 17 Dec 2026'. */
function named(ref: { meeting: number } | { date: string }): string {
  return 'meeting' in ref ? `meeting ${ref.meeting}` : describeDate(ref.date);
}

/**
 * Reads a meeting-or-paper argument (`today`: YYYY-MM-DD in the club's zone). Throws a UserError for a number that
 * cannot be a meeting (-1, 1.5), a date that does not exist, or one that reads two ways (the question names both).
 */
export function readReference(value: ArgValue, today: string): Reference {
  if (typeof value === 'object' && value !== null && 'paperId' in value && Number.isSafeInteger(value.paperId)) return { paperId: value.paperId };
  const text = String(value).trim();
  const quoted = QUOTED.exec(text);
  if (quoted) return { paper: (quoted[1] ?? quoted[2] ?? quoted[3] ?? quoted[4] ?? '').trim(), quoted: true };
  const slot = /^@(\d{1,16})$/.exec(text);
  if (slot) return { slot: Number(slot[1]) };
  const number = /^(?:#|meeting\s+)?(\d{1,12})$/i.exec(text);
  if (number) {
    const n = Number(number[1]);
    if (n < 1) throw new UserError('bad-meeting-number', `${echo(text)} is not a meeting number: meetings are numbered from 1. See /paper upcoming.`);
    if (n > MAX_MEETING_NUMBER) throw new UserError('bad-meeting-number', `There is no meeting ${n}; meeting numbers go up to ${MAX_MEETING_NUMBER}. See /paper upcoming.`);
    return { meeting: n };
  }
  if (ARXIV_ID.test(text)) return { paper: text, quoted: false };
  const date = readDateText(text, today);
  if (date && 'date' in date) return { date: date.date };
  if (date && 'ambiguous' in date) {
    const [a, b] = date.ambiguous;
    throw new UserError('ambiguous-date', `${echo(text)} could be ${describeDate(a)} or ${describeDate(b)}. Which one? Write it as ${a} or ${b}.`);
  }
  if (date) throw new UserError('bad-date', `${date.problem} Write a date as e.g. ${today}, 17 Dec or next thu.`);
  // Signed or fractional numbers (-1, +2, 1.5, 1,5) look like a meeting number but cannot be one.
  if (/^[+-]?[\d.,\s]*\d[\d.,\s]*$/.test(text)) {
    throw new UserError('bad-meeting-number', `${echo(text)} is not a meeting number. Use a meeting number (1, 2, …), a date (${today}, 17 Dec, 17.12.) or a paper name.`);
  }
  return { paper: text, quoted: false };
}

/** A reference in the canonical text handlers take (or a PaperRef, which resolveReferences turns into `#<id>`). */
export function canonical(ref: Reference): ArgValue {
  if ('meeting' in ref) return String(ref.meeting);
  if ('date' in ref) return ref.date;
  if ('slot' in ref) return `@${ref.slot}`;
  if ('paperId' in ref) return { paperId: ref.paperId };
  return ref.quoted ? `"${ref.paper}"` : ref.paper;
}

/** Whether an option takes a meeting, a date or a paper through this grammar. */
export function takesReference(opt: Pick<OptionSpec, 'kind'>): boolean {
  return opt.kind === 'week' || opt.kind === 'paper';
}

type Lookup = Pick<CommandContext, 'db' | 'where' | 'club' | 'clock'>;

/**
 * After the validator: resolves what needs the database. A paper option gets `#<id>` for a meeting, a date, a quoted
 * name or a button's paper (other text stays for the handler's search, with its "did you mean"); a meeting option
 * gets `#<id>` for a quoted name or a button's paper. An unquoted title followed by text (`titleFirst`) is split at
 * the longest title it starts with.
 */
export async function resolveReferences(ctx: Lookup, cmd: Command, args: Args): Promise<Args> {
  const out: Args = { ...args };
  const titleFirst = cmd.options.find((o) => o.titleFirst);
  if (titleFirst && typeof out.unquoted === 'string') {
    const restOpt = cmd.options.find((o) => o.rest && o !== titleFirst);
    const split = await splitTitle(ctx, out.unquoted, titleFirst.name);
    out[titleFirst.name] = handlerRef(split.paper, titleFirst);
    if (restOpt) out[restOpt.name] = split.rest || undefined;
  }
  delete out.unquoted;
  for (const opt of cmd.options) {
    const value = out[opt.name];
    if (value === undefined || !takesReference(opt) || (opt === titleFirst && args.unquoted !== undefined)) continue;
    const ref = readReference(value, todayOf(ctx));
    if ('paperId' in ref) out[opt.name] = handlerRef((await requirePaper(ctx.db, `#${ref.paperId}`, communityOf(ctx.where))), opt);
    else if ('paper' in ref && ref.quoted) out[opt.name] = handlerRef(await paperByName(ctx, ref.paper), opt);
    else if (opt.kind === 'paper' && ('meeting' in ref || 'date' in ref)) out[opt.name] = handlerRef((await paperOfMeeting(ctx, ref)), opt);
  }
  return out;
}

/**
 * One piece of user text read as a paper by the grammar, for arguments that hold several (a vote's comma-separated
 * candidates): `3` or `#3` is meeting 3's paper, a date the paper of the meeting on it, `"1984"` the paper named so,
 * anything else a catalog search. With `guess: false` (a vote's candidates) a name must be exact: a typo that the
 * search would forgive ('flash attenton') is asked about ("did you mean FlashAttention?") instead of taken.
 */
export async function paperFromText(ctx: Lookup, text: string, opts: { guess?: boolean } = {}): Promise<Paper> {
  const ref = readReference(text, todayOf(ctx));
  if ('meeting' in ref || 'date' in ref) return await paperOfMeeting(ctx, ref);
  if ('paperId' in ref) return await requirePaper(ctx.db, `#${ref.paperId}`, communityOf(ctx.where));
  if ('slot' in ref) throw new UserError('unknown-paper', `Name a paper: its title, nickname (LoRA), id (2106.09685) or meeting number.`);
  if (ref.quoted && /^\d+$/.test(ref.paper)) return await paperByName(ctx, ref.paper);
  // A vote's candidates, like every edit of the plan, never take a forgiven typo: it is asked about (requirePaper).
  return await requirePaper(ctx.db, ref.paper, communityOf(ctx.where), { exactOnly: opts.guess === false });
}

/**
 * A resolved paper as handlers take it. A paper option gets its key, which names it exactly and can be typed again
 * as it is (a confirm prompt repeats the arguments, shared.ts withConfirm); the internal `#<id>` when the key would
 * read as a meeting or a date (a paper whose key is '1984'). A meeting option gets `#<id>`, the one paper form the
 * meeting resolver (sign-ups.ts) takes for every paper: it refuses an arXiv key as a malformed meeting number.
 */
function handlerRef(paper: Paper, opt: Pick<OptionSpec, 'kind'>): string {
  if (opt.kind !== 'paper') return `#${paper.id}`;
  try {
    const again = readReference(paper.key, '2000-01-01');
    if ('paper' in again && !again.quoted) return paper.key;
  } catch {
    // a key that reads as a bad meeting number or date: the id below
  }
  return `#${paper.id}`;
}

/** Today's date in the club's zone (UTC without a club, or for a zone the runtime does not know: an admin fixes it). */
export function todayOf(ctx: Pick<CommandContext, 'club' | 'clock'>): string {
  const now = ctx.clock().getTime();
  try {
    return localDate(now, ctx.club?.timezone ?? 'UTC');
  } catch {
    return localDate(now, 'UTC');
  }
}

/**
 * A paper by the name typed in quotes. A number in quotes is a name that is exactly that number: "2" must not
 * become "Llama 2" by a guess (the catalog's fuzzy match forgives typos in words, not in numbers).
 */
async function paperByName(ctx: Lookup, name: string): Promise<Paper> {
  if (!/^\d+$/.test(name)) return await requirePaper(ctx.db, name, communityOf(ctx.where));
  const exact = await paperNamedExactly(ctx, name);
  if (!exact) throw new UserError('unknown-paper', `No paper is named "${name}". Without quotes, ${name} is meeting ${name}; /paper search ${name} finds titles with ${name} in them.`);
  return exact;
}

/**
 * The paper of the club's meeting a number or date names: held, announced or planned. A meeting with no paper (a
 * skipped date, the list finished) or none at all is said plainly.
 */
export async function paperOfMeeting(ctx: Lookup, ref: { meeting: number } | { date: string }): Promise<Paper> {
  const club = ctx.club;
  if (!club) throw new UserError('no-club', `This channel has no paper club, so ${named(ref)} names no paper here. Name the paper, e.g. lora.`);
  const now = ctx.clock().getTime();
  const held = (await pastMeetings(ctx.db, club.id, 1_000)).map((m) => ({ slotAt: m.slotAt, number: m.number, paperId: m.paperId, timezone: m.timezone ?? club.timezone, skipped: false }));
  const seen = new Set(held.map((m) => m.slotAt));
  const planned = (await planUpcoming(ctx.db, club, now, PLAN_HORIZON))
    .filter((m) => !seen.has(m.slotAt))
    .map((m) => ({ slotAt: m.slotAt, number: m.number, paperId: m.paper?.id ?? null, timezone: club.timezone, skipped: m.status === 'skipped' }));
  const all = [...held, ...planned];
  const hit = all.find((m) => ('meeting' in ref ? m.number === ref.meeting : localDate(m.slotAt, m.timezone) === ref.date));
  const paper = hit?.paperId != null ? await getPaper(ctx.db, hit.paperId) : null;
  if (paper) return paper;
  if (hit?.skipped) throw new UserError('meeting-skipped', `The meeting on ${formatSlot(hit.slotAt, hit.timezone)} is skipped: it has no paper. Name the paper instead, e.g. lora.`);
  if (hit) {
    throw new UserError('no-paper-that-week', `${capitalise(named(ref))} (${formatSlot(hit.slotAt, hit.timezone)}) has no paper: the club's list is finished. Name the paper instead, e.g. lora.`);
  }
  if ('date' in ref) {
    const past = ref.date < todayOf(ctx);
    throw new UserError('no-meeting-that-day', past ? `There was no meeting on ${describeDate(ref.date)}. /paper history lists the meetings held.` : `There is no meeting on ${describeDate(ref.date)}. /paper upcoming lists the dates.`);
  }
  const last = Math.max(0, ...all.map((m) => m.number ?? 0));
  throw new UserError(
    'no-such-week',
    ref.meeting > last
      ? `Meeting ${ref.meeting} hasn't happened yet and is not planned: the plan goes up to meeting ${last}. See /paper upcoming, or name the paper.`
      : `There is no meeting ${ref.meeting}. See /paper history and /paper upcoming.`,
  );
}

/**
 * The paper text names exactly, never by a guess: its key, arXiv id or address, or its one nickname or title
 * (compared without case), among the papers the community may find. Null when none, or more than one, has the name.
 */
async function paperNamedExactly(ctx: Lookup, text: string): Promise<Paper | null> {
  const finder = await findPapers(ctx.db, communityOf(ctx.where));
  const q = text.trim();
  // '#123' is the core's internal id; typed, `#5` is meeting 5 (readReference), so it is never a name here.
  if (!q || /^#\d+$/.test(q)) return null;
  const exact = await finder.exact(q);
  if (exact) return exact;
  const byNick = await finder.byNickname(q);
  if (byNick.length === 1) return byNick[0]!;
  const byTitle = await finder.byTitle(q);
  return byTitle.length === 1 && byNick.length === 0 ? byTitle[0]! : null;
}

/** How many words of a note line are tried as a title at most (titles are shorter; the fuzzy guess is costly). */
const MAX_TITLE_WORDS = 24;

/**
 * `/note toy models of superposition superposition is wild`, typed without quotes: the paper is the longest start of
 * the words that names one exactly (title or nickname without case, key, arXiv id, or a meeting number or date); the
 * words after it are the text. When no start names a paper exactly, nothing is guessed: the user is asked to quote.
 */
export async function splitTitle(ctx: Lookup, line: string, optionName: string): Promise<{ paper: Paper; rest: string }> {
  const starts = [...line.matchAll(/\S+/g)].slice(0, MAX_TITLE_WORDS + 1).map((m) => m.index! + m[0].length);
  const community = communityOf(ctx.where);
  for (let k = Math.min(starts.length, MAX_TITLE_WORDS); k >= 1; k--) {
    const prefix = line.slice(0, starts[k - 1]).trim();
    const rest = line.slice(starts[k - 1]).trim();
    const ref = k <= 5 ? readLoosely(prefix, todayOf(ctx)) : null;
    if (ref && ('meeting' in ref || 'date' in ref)) return { paper: await paperOfMeeting(ctx, ref), rest };
    const exact = await paperNamedExactly(ctx, prefix);
    if (exact) return { paper: exact, rest };
  }
  // No exact name: the best guess is offered, never taken.
  for (let k = Math.min(starts.length, 12); k >= 1; k--) {
    const prefix = line.slice(0, starts[k - 1]).trim();
    const guess = await resolvePaper(ctx.db, prefix, community);
    if (guess.paper) {
      const rest = line.slice(starts[k - 1]).trim();
      throw new UserError(
        'quote-the-title',
        `Which paper is your note on? Did you mean **${guess.paper.title}**? Quote the title so I know where your note starts: /${optionName === 'paper' ? 'note' : optionName} "${truncate(guess.paper.title, 80)}" ${truncate(rest, 60) || 'your note'}`,
      );
    }
  }
  const first = line.trim().split(/\s+/)[0] ?? '';
  try {
    await requirePaper(ctx.db, first, community);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(err.code, `${err.message}\nA note names its paper first, then the text: /note lora "what I thought".`);
    throw err;
  }
  throw new UserError('quote-the-title', `Quote the paper's title so I know where your note starts: /note "title" your note.`);
}

/** readReference for a start of a line: a form that is no meeting or date is simply not one (no error). */
function readLoosely(text: string, today: string): Reference | null {
  try {
    return readReference(text, today);
  } catch {
    return null;
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
