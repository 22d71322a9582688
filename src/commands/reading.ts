import { getPaper } from '../catalog/catalog-store.ts';
import { setMemberPrivate } from '../club/club-store.ts';
import { addNote, checkNoteBody, countNotesOnPaper, deleteNote, getNote, notesOnPaper, updateNote } from '../club/notes.ts';
import { currentMeeting, planUpcoming } from '../club/planning.ts';
import { leaderboard, progressOf } from '../club/progress.ts';
import { markRead, unmarkRead, type ReadVia } from '../club/read-marks.ts';
import { requirePaper } from '../club/sign-ups.ts';
import type { MemberArg } from './types.ts';
import { UserError } from '../errors.ts';
import { plural, truncate } from '../render/format.ts';
import { privateReply, publicReply } from '../render/replies.ts';
import type { Command, CommandContext } from './types.ts';

/** The paper a reading command means: the named one, else this week's. */
function paperOrThisWeek(ctx: CommandContext, arg: unknown) {
  const db = ctx.core.db;
  if (typeof arg === 'string' && arg.trim()) return requirePaper(db, arg);
  if (!ctx.club) throw new UserError('no-paper', 'Name a paper, e.g. /read lora (this channel has no club, so there is no paper of the week).');
  const current = currentMeeting(db, ctx.club);
  const paperId = current?.paperId ?? planUpcoming(db, ctx.club, ctx.clock().getTime(), 1)[0]?.paper?.id;
  const paper = paperId ? getPaper(db, paperId) : null;
  if (!paper) throw new UserError('no-paper', 'There is no paper this week. Name one, e.g. /read lora.');
  return paper;
}

export const read = {
  group: null,
  name: 'read',
  description: "Mark a paper read (default: this week's)",
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', autocomplete: 'paper', rest: true }],
  handle(ctx, args) {
    const paper = paperOrThisWeek(ctx, args.paper);
    const via: ReadVia = args.via === 'button' ? 'button' : 'command';
    const fresh = markRead(ctx.core.db, ctx.member.id, paper.id, ctx.club?.id ?? null, via, ctx.clock().getTime());
    const tail = ctx.club ? ` ${progressLine(ctx)}` : '';
    return privateReply(fresh ? `Marked **${paper.title}** read.${tail}` : `You had already marked **${paper.title}** read.${tail}`);
  },
} satisfies Command;

export const unread = {
  group: null,
  name: 'unread',
  description: "Remove your read mark (default: this week's paper)",
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', autocomplete: 'paper', rest: true }],
  handle(ctx, args) {
    const paper = paperOrThisWeek(ctx, args.paper);
    const had = unmarkRead(ctx.core.db, ctx.member.id, paper.id);
    return privateReply(had ? `Removed your read mark on **${paper.title}**.` : `You hadn't marked **${paper.title}** read.`);
  },
} satisfies Command;

function progressLine(ctx: CommandContext): string {
  const p = progressOf(ctx.core.db, ctx.club!, ctx.member.id);
  return `You've read ${p.read}/${p.total} of this club's papers so far${p.streak > 1 ? ` — a ${p.streak}-week streak` : ''}.`;
}

export const note = {
  group: null,
  name: 'note',
  description: 'Add a note on a paper (up to 4,000 characters)',
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper' },
    { name: 'text', description: 'Your note', type: 'string', long: true, rest: true, maxLength: 4000 },
  ],
  handle(ctx, args) {
    const paper = requirePaper(ctx.core.db, String(args.paper ?? ''));
    const body = checkNoteBody(args.text as string | undefined);
    const id = addNote(ctx.core.db, { memberId: ctx.member.id, paperId: paper.id, clubId: ctx.club?.id ?? null, body, at: ctx.clock().getTime() });
    return privateReply(`Saved note #${id} on **${paper.title}**. Everyone's notes: /notes ${paper.key}. Edit: /editnote ${id} <text>`);
  },
} satisfies Command;

export const notes = {
  group: null,
  name: 'notes',
  description: "Everyone's notes on a paper",
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper' },
    { name: 'page', description: 'Page number', type: 'integer', minValue: 1 },
  ],
  handle(ctx, args) {
    const paper = requirePaper(ctx.core.db, String(args.paper ?? ''));
    const { platform, workspace } = ctx.where;
    const page = Math.max(1, Number(args.page ?? 1) || 1);
    const per = 10;
    const total = countNotesOnPaper(ctx.core.db, paper.id, platform, workspace);
    if (!total) return privateReply(`No notes on **${paper.title}** yet. Add one: /note ${paper.key} <text>`);
    const rows = notesOnPaper(ctx.core.db, paper.id, platform, workspace, per, (page - 1) * per);
    const text = rows.map((n) => `**#${n.id} ${n.authorName}:** ${truncate(n.body, 600)}`).join('\n\n');
    return privateReply(text || 'No more notes.', {
      title: `Notes on ${paper.title} (${total})`,
      url: paper.url,
      more: page * per < total ? `/notes ${paper.key} ${page + 1}` : undefined,
    });
  },
} satisfies Command;

function ownNote(ctx: CommandContext, idArg: unknown, allowAdmin: boolean) {
  const id = Number(String(idArg ?? '').replace(/^#/, ''));
  const n = Number.isInteger(id) ? getNote(ctx.core.db, id) : null;
  if (!n || n.authorName === undefined) throw new UserError('unknown-note', `There is no note #${String(idArg ?? '')}. See the ids with /notes <paper>.`);
  const mine = n.memberId === ctx.member.id;
  if (!mine && !(allowAdmin && ctx.isAdmin)) throw new UserError('not-your-note', `Note #${n.id} is ${n.authorName}'s; only its author can change it.`);
  return n;
}

export const editNote = {
  group: null,
  name: 'editnote',
  description: 'Edit one of your notes',
  options: [
    { name: 'id', description: 'Note id (from /notes)', type: 'integer', required: true },
    { name: 'text', description: 'The new text', type: 'string', required: true, long: true, rest: true, maxLength: 4000 },
  ],
  handle(ctx, args) {
    const n = ownNote(ctx, args.id, false);
    const body = checkNoteBody(args.text as string | undefined);
    updateNote(ctx.core.db, n.id, body, ctx.clock().getTime());
    return privateReply(`Updated note #${n.id}.`);
  },
} satisfies Command;

export const deleteNoteCommand = {
  group: null,
  name: 'deletenote',
  description: 'Delete one of your notes (admins: any note)',
  options: [{ name: 'id', description: 'Note id (from /notes)', type: 'integer', required: true }],
  handle(ctx, args) {
    const n = ownNote(ctx, args.id, true);
    deleteNote(ctx.core.db, n.id);
    return privateReply(`Deleted note #${n.id}${n.memberId !== ctx.member.id ? ` by ${n.authorName}` : ''}.`);
  },
} satisfies Command;

export const progress = {
  group: null,
  name: 'progress',
  description: "Your (or a member's) reading progress; 'private' hides you from the leaderboard",
  options: [
    { name: 'member', description: 'Whose progress', type: 'member' },
    {
      name: 'visibility',
      description: 'Hide or show yourself on the leaderboard and who-read lists',
      type: 'string',
      choices: [
        { name: 'private', value: 'private' },
        { name: 'public', value: 'public' },
      ],
    },
  ],
  needsClub: true,
  handle(ctx, args) {
    const db = ctx.core.db;
    if (args.visibility === 'private' || args.visibility === 'public') {
      setMemberPrivate(db, ctx.member.id, args.visibility === 'private');
      return privateReply(
        args.visibility === 'private'
          ? "You're now private: you won't appear on the leaderboard or in who-read lists. Undo with /progress public."
          : "You're public again: you appear on the leaderboard and in who-read lists.",
      );
    }
    const target = args.member as MemberArg | undefined;
    const who = target ? ctx.core.member(ctx.where, target) : ctx.member;
    if (who.id !== ctx.member.id && who.private) return privateReply(`${who.displayName} keeps their progress private.`);
    const p = progressOf(db, ctx.club!, who.id);
    const subject = who.id === ctx.member.id ? "You've" : `${who.displayName} has`;
    return privateReply(
      `${subject} read ${p.read} of the ${plural(p.total, 'paper')} this club has met on${p.streak ? `, with a ${plural(p.streak, 'week')} streak` : ''}.`,
    );
  },
} satisfies Command;

export const leaderboardCommand = {
  group: null,
  name: 'leaderboard',
  description: "Who has read the most of this club's papers",
  options: [],
  needsClub: true,
  handle(ctx) {
    const rows = leaderboard(ctx.core.db, ctx.club!, 10);
    if (!rows.length) return publicReply('No one has marked a paper read yet. React on the weekly post or use /read.', { title: 'Leaderboard' });
    const medals = ['🥇', '🥈', '🥉'];
    return publicReply(rows.map((r, i) => `${medals[i] ?? `${i + 1}.`} ${r.member.displayName} — ${plural(r.read, 'paper')}`).join('\n'), {
      title: `Leaderboard — ${ctx.club!.name}`,
    });
  },
} satisfies Command;

export const readingCommands: Command[] = [read, unread, note, notes, editNote, deleteNoteCommand, progress, leaderboardCommand];
