import { planUpcoming, readingMeeting } from '../club/planning.ts';
import { requirePaper } from '../club/sign-ups.ts';
import { UserError } from '../errors.ts';
import type { Args, CommandContext, OptionSpec } from './types.ts';
import { getNote } from '../store/notes.ts';
import { communityOf, getPaper } from '../store/catalog.ts';

/** A trimmed string argument, or undefined when missing or blank. */
export const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The channel's club; a user error when the channel has none. */
export function requireClub(ctx: CommandContext) {
  if (!ctx.club) throw new UserError('no-club', 'This channel has no paper club yet. An admin can start one with /club setup.');
  return ctx.club;
}

/** Presenter names as one line, or a placeholder when nobody has signed up (for a meeting held: nobody did). */
export function presenterText(names: string[], held = false): string {
  return names.length ? names.join(', ') : held ? 'no presenter' : '_no presenter yet_';
}

/** The paper user text names, among those this server / workspace may find (paper-scope.ts); a UserError otherwise. */
export async function paperNamed(ctx: Pick<CommandContext, 'db' | 'where'>, text: string, opts: { exactOnly?: boolean } = {}) {
  return await requirePaper(ctx.db, text, communityOf(ctx.where), opts);
}

/** A paper an edit of the plan names: its title, nickname, key or id exactly; a close spelling is asked about, never guessed. */
export async function paperForPlan(ctx: Pick<CommandContext, 'db' | 'where'>, text: string) {
  return await paperNamed(ctx, text, { exactOnly: true });
}

/** The paper a reading command means: the named one, else this week's. */
export async function paperOrThisWeek(ctx: CommandContext, arg: unknown) {
  const db = ctx.db;
  if (typeof arg === 'string' && arg.trim()) return await paperNamed(ctx, arg);
  if (!ctx.club) throw new UserError('no-paper', 'Name a paper, e.g. /read lora (this channel has no club, so there is no paper of the week).');
  // This week's paper as /paper now shows it; after its meeting, still that paper (people mark it read after the talk).
  const now = ctx.clock().getTime();
  const meeting = await readingMeeting(db, ctx.club, now, meetingMs(ctx));
  // Before the first post, /paper now shows the first meeting's paper: the same one.
  const paper = meeting?.paperId ? await getPaper(db, meeting.paperId) : ((await planUpcoming(db, ctx.club, now, 4)).find((m) => m.paper)?.paper ?? null);
  if (!paper) throw new UserError('no-paper', "There's no paper this week: the club's list is finished. Name one, e.g. /read lora.");
  return paper;
}

/** The note with this id if the member may change it (its author, or an admin when allowAdmin). */
export async function ownNote(ctx: CommandContext, idArg: unknown, allowAdmin: boolean) {
  const id = Number(String(idArg ?? '').replace(/^#/, ''));
  const n = Number.isInteger(id) ? await getNote(ctx.db, id, ctx.where.platform, ctx.where.workspace) : null;
  if (!n) throw new UserError('unknown-note', `There is no note #${String(idArg ?? '')}. See the ids with /notes <paper>.`);
  const mine = n.memberId === ctx.member.id;
  if (!mine && !(allowAdmin && ctx.isAdmin)) throw new UserError('not-your-note', `Note #${n.id} is ${n.authorName}'s; only its author can change it.`);
  return n;
}

/** How long a meeting lasts: "this week's paper" moves on after it. */
export function meetingMs(ctx: Pick<CommandContext, 'defaults'>): number {
  return ctx.defaults.meetingMinutes * 60_000;
}

/** The `confirm:yes` option of edits that ask before changing more than the admin named. */
export const CONFIRM_OPTION = {
  name: 'confirm',
  description: 'yes: apply a change it asked about',
  type: 'string',
  choices: [{ name: 'yes', value: 'yes' }],
} as const satisfies OptionSpec;

/**
 * The command as typed again with confirm:yes, for a question that asks first: `/club move "flash attention" 15
 * confirm:yes`. Values with spaces are quoted so a text UI reads them back as one.
 */
export function withConfirm(path: string, args: Args, names: readonly string[]): string {
  const parts = names.flatMap((n) => {
    const v = args[n];
    if (v === undefined || v === '' || typeof v === 'object') return [];
    const text = String(v);
    return [/\s/.test(text) ? `"${text.replace(/"/g, '')}"` : text];
  });
  return `/${[path, ...parts, 'confirm:yes'].join(' ')}`;
}
