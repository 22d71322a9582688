import { importList } from '../catalog/catalog-store.ts';
import { emojiChar } from '../club/emoji.ts';
import { placePaper, setSchedule, setupClub, skipMeeting, unskipMeeting } from '../club/admin-actions.ts';
import { addClubAdmin, deleteClub, removeClubAdmin, updateClub } from '../club/club-store.ts';
import { exportClub } from '../club/export.ts';
import { planUpcoming } from '../club/planning.ts';
import { postUpdateFor } from '../club/posting.ts';
import { clearPresenters, presentersOf, addPresenter } from '../club/presenters.ts';
import { requirePaper, resolveMeeting } from '../club/sign-ups.ts';
import { UserError } from '../errors.ts';
import { formatSlot } from '../render/format.ts';
import { privateReply, publicReply } from '../render/replies.ts';
import type { Command, MemberArg } from './types.ts';

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export const clubSetup = {
  group: 'club',
  name: 'setup',
  description: 'Start (or update) the paper club of this channel',
  options: [
    { name: 'list', description: 'Reading list to follow (default latent-space)', type: 'string', autocomplete: 'list' },
    { name: 'cron', description: 'Schedule as cron, e.g. "0 17 * * 3" (Wednesdays 17:00)', type: 'string', words: 5 },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/London', type: 'string', autocomplete: 'timezone' },
  ],
  admin: true,
  handle(ctx, args) {
    const now = ctx.clock().getTime();
    const { club, created, sequenceReset } = setupClub(
      ctx.core.db,
      ctx.where,
      { list: str(args.list), cron: str(args.cron), timezone: str(args.timezone) },
      ctx.core.defaults,
      now,
    );
    const next = planUpcoming(ctx.core.db, club, now, 1)[0];
    const lines = [
      created ? `Paper club started here, following **${club.sequenceSlug}**.` : `Club updated.${sequenceReset ? ` Now following **${club.sequenceSlug}** from its first paper.` : ''}`,
      `Schedule: \`${club.cron}\` (${club.timezone}).`,
      next?.paper ? `First up: week ${next.week}, **${next.paper.title}** on ${formatSlot(next.slotAt, club.timezone)}.` : '',
      'Members: /signup to present, /read to mark papers read, /paper upcoming for the schedule.',
    ];
    return publicReply(lines.filter(Boolean).join('\n'));
  },
} satisfies Command;

export const clubSchedule = {
  group: 'club',
  name: 'schedule',
  description: 'Change when the weekly paper is posted (cron + time zone)',
  options: [
    { name: 'cron', description: '5-field cron, e.g. "0 17 * * 3"', type: 'string', required: true, words: 5 },
    { name: 'timezone', description: 'IANA time zone, e.g. America/New_York', type: 'string', required: true, autocomplete: 'timezone' },
  ],
  admin: true,
  handle(ctx, args) {
    const club = setSchedule(ctx.core.db, ctx.club!, String(args.cron ?? ''), String(args.timezone ?? '').trim());
    const next = planUpcoming(ctx.core.db, club, ctx.clock().getTime(), 1)[0];
    return publicReply(`Schedule set to \`${club.cron}\` (${club.timezone}).${next ? ` Next meeting: ${formatSlot(next.slotAt, club.timezone)}.` : ''}`);
  },
} satisfies Command;

export const clubSkip = {
  group: 'club',
  name: 'skip',
  description: 'Skip the next meeting (or a given week); its paper moves to the week after',
  options: [{ name: 'week', description: 'Week number or date (default: the next meeting)', type: 'string', autocomplete: 'week' }],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const now = ctx.clock().getTime();
    const target = str(args.week) ? resolveMeeting(ctx.core.db, club, now, str(args.week)) : undefined;
    if (target && target.status !== 'upcoming') throw new UserError('cannot-skip', 'That meeting has already been posted.');
    const skipped = skipMeeting(ctx.core.db, club, now, target);
    return publicReply(`No meeting on ${formatSlot(skipped.slotAt, club.timezone)}. ${skipped.paper ? `**${skipped.paper.title}** moves to the next week.` : ''} (Undo: /club unskip ${skipped.slotAt})`);
  },
} satisfies Command;

export const clubUnskip = {
  group: 'club',
  name: 'unskip',
  description: 'Undo a skip',
  options: [{ name: 'slot', description: 'The slot id shown by /club skip', type: 'integer', required: true }],
  admin: true,
  handle(ctx, args) {
    unskipMeeting(ctx.core.db, ctx.club!, Number(args.slot));
    return publicReply(`The meeting on ${formatSlot(Number(args.slot), ctx.club!.timezone)} is back on.`);
  },
} satisfies Command;

export const clubPick = {
  group: 'club',
  name: 'pick',
  description: 'Make a specific paper the next meeting’s paper',
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', rest: true }],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const paper = requirePaper(ctx.core.db, String(args.paper ?? ''));
    const idx = placePaper(ctx.core.db, club, paper.id, club.position);
    return publicReply(`Next up (week ${idx + 1}): **${paper.title}**. The rest of the sequence follows after it.`);
  },
} satisfies Command;

export const clubMove = {
  group: 'club',
  name: 'move',
  description: 'Reorder: move a paper to another upcoming week',
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper' },
    { name: 'week', description: 'Week number to move it to', type: 'integer', required: true, minValue: 1 },
  ],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const week = Number(args.week);
    if (!Number.isInteger(week) || week <= club.position) {
      throw new UserError('week-in-past', `Week ${String(args.week)} is in the past; the next week is ${club.position + 1}.`);
    }
    const paper = requirePaper(ctx.core.db, String(args.paper ?? ''));
    const idx = placePaper(ctx.core.db, club, paper.id, week - 1);
    return publicReply(`**${paper.title}** is now week ${idx + 1}.`);
  },
} satisfies Command;

export const clubPause = {
  group: 'club',
  name: 'pause',
  description: 'Pause weekly posts (no paper is used up while paused)',
  options: [],
  admin: true,
  handle(ctx) {
    if (ctx.club!.paused) return privateReply('The club is already paused. /club resume restarts it.');
    updateClub(ctx.core.db, ctx.club!.id, { paused: true });
    return publicReply('Paused: no weekly posts until an admin runs /club resume.');
  },
} satisfies Command;

export const clubResume = {
  group: 'club',
  name: 'resume',
  description: 'Resume weekly posts',
  options: [],
  admin: true,
  handle(ctx) {
    if (!ctx.club!.paused) return privateReply('The club is not paused.');
    const club = updateClub(ctx.core.db, ctx.club!.id, { paused: false });
    const next = planUpcoming(ctx.core.db, club, ctx.clock().getTime(), 1)[0];
    return publicReply(`Resumed.${next?.paper ? ` Next: week ${next.week}, **${next.paper.title}** on ${formatSlot(next.slotAt, club.timezone)}.` : ''}`);
  },
} satisfies Command;

export const clubImport = {
  group: 'club',
  name: 'import',
  description: 'Import a markdown reading list (a .md file)',
  options: [
    { name: 'file', description: 'The markdown file', type: 'attachment', required: true },
    { name: 'slug', description: 'Short name for the list (default: from the file name)', type: 'string' },
  ],
  admin: true,
  handle(ctx, args) {
    const file = args.file as { name: string; content: string } | undefined;
    if (!file || typeof file !== 'object') throw new UserError('no-file', 'Attach a markdown file to import.');
    const slug = str(args.slug) ?? slugFromName(file.name);
    const res = importList(ctx.core.db, { slug, markdown: file.content, source: file.name });
    return publicReply(
      `Imported **${res.list.title}** as \`${res.list.slug}\`: ${res.list.entryCount} entries (${res.added} new, ${res.updated} updated, ${res.removed} removed). Follow it with /club setup list:${res.list.slug}.`,
    );
  },
} satisfies Command;

function slugFromName(name: string): string {
  const base = name.replace(/\.[a-z0-9]+$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return base.slice(0, 40) || 'imported-list';
}

export const clubExport = {
  group: 'club',
  name: 'export',
  description: "Export the club's notes and read marks as markdown",
  options: [],
  admin: true,
  handle(ctx) {
    const md = exportClub(ctx.core.db, ctx.club!);
    return privateReply(`Export of ${ctx.club!.name} attached (${md.length} characters).`, {
      file: { name: `paperclub-${ctx.club!.id}-export.md`, content: md },
    });
  },
} satisfies Command;

export const clubAssign = {
  group: 'club',
  name: 'assign',
  description: 'Assign a presenter to a week',
  options: [
    { name: 'member', description: 'Who presents', type: 'member', required: true },
    { name: 'week', description: 'Week number, date or paper (default: next open week)', type: 'string', autocomplete: 'week', rest: true },
  ],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const who = ctx.core.member(ctx.where, args.member as MemberArg);
    const m = resolveMeeting(ctx.core.db, club, ctx.clock().getTime(), str(args.week));
    if (!m.paper) throw new UserError('no-paper-that-week', 'That week has no paper.');
    addPresenter(ctx.core.db, club.id, m.paper.id, who.id, ctx.clock().getTime());
    return publicReply(`${who.displayName} presents week ${m.week}: **${m.paper.title}**.`, { postUpdate: postUpdateFor(ctx.core.db, club, m.slotAt) });
  },
} satisfies Command;

export const clubClear = {
  group: 'club',
  name: 'clear',
  description: 'Remove the presenter(s) of a week',
  options: [{ name: 'week', description: 'Week number, date or paper', type: 'string', required: true, autocomplete: 'week', rest: true }],
  admin: true,
  handle(ctx, args) {
    const club = ctx.club!;
    const m = resolveMeeting(ctx.core.db, club, ctx.clock().getTime(), str(args.week));
    if (!m.paper) throw new UserError('no-paper-that-week', 'That week has no paper.');
    const names = presentersOf(ctx.core.db, club.id, m.paper.id).map((p) => p.displayName);
    if (!names.length) return privateReply(`Week ${m.week} has no presenter.`);
    clearPresenters(ctx.core.db, club.id, m.paper.id);
    return publicReply(`Week ${m.week} (${m.paper.title}) has no presenter now (was ${names.join(', ')}). /signup ${m.week} to take it.`, {
      postUpdate: postUpdateFor(ctx.core.db, club, m.slotAt),
    });
  },
} satisfies Command;

export const clubSettings = {
  group: 'club',
  name: 'settings',
  description: 'Read emoji, presenters per meeting, reminder lead time',
  options: [
    { name: 'emoji', description: 'Reaction that marks the weekly paper read', type: 'string' },
    { name: 'presenters', description: 'Presenters per meeting (1-5)', type: 'integer', minValue: 1, maxValue: 5 },
    { name: 'reminder_hours', description: 'Remind the presenter this many hours before (1-336)', type: 'integer', minValue: 1, maxValue: 336 },
  ],
  admin: true,
  handle(ctx, args) {
    const patch: Parameters<typeof updateClub>[2] = {};
    const emoji = str(args.emoji);
    if (emoji !== undefined) {
      if (emoji.length > 64 || /\s/.test(emoji)) throw new UserError('bad-emoji', 'Give a single emoji, e.g. ✅ or :white_check_mark:.');
      patch.readEmoji = emojiChar(emoji);
    }
    if (args.presenters !== undefined) {
      const n = Number(args.presenters);
      if (!Number.isInteger(n) || n < 1 || n > 5) throw new UserError('bad-presenters', 'Presenters per meeting must be 1 to 5.');
      patch.presentersPerMeeting = n;
    }
    if (args.reminder_hours !== undefined) {
      const h = Number(args.reminder_hours);
      if (!Number.isInteger(h) || h < 1 || h > 336) throw new UserError('bad-reminder', 'Reminder lead time must be 1 to 336 hours.');
      patch.reminderLeadMinutes = h * 60;
    }
    const club = updateClub(ctx.core.db, ctx.club!.id, patch);
    return privateReply(
      `Read emoji ${club.readEmoji} · ${club.presentersPerMeeting} presenter(s) a meeting · reminders ${club.reminderLeadMinutes / 60} h before · schedule \`${club.cron}\` (${club.timezone})${club.paused ? ' · paused' : ''}`,
    );
  },
} satisfies Command;

export const clubAdmin = {
  group: 'club',
  name: 'admin',
  description: 'Add or remove a club admin (besides server/workspace admins)',
  options: [
    { name: 'member', description: 'Who', type: 'member', required: true },
    { name: 'action', description: 'add or remove', type: 'string', choices: [{ name: 'add', value: 'add' }, { name: 'remove', value: 'remove' }] },
  ],
  admin: true,
  handle(ctx, args) {
    const who = args.member as MemberArg;
    if (args.action === 'remove') removeClubAdmin(ctx.core.db, ctx.club!.id, who.userId);
    else addClubAdmin(ctx.core.db, ctx.club!.id, who.userId);
    return privateReply(`${who.displayName} is ${args.action === 'remove' ? 'no longer' : 'now'} a club admin.`);
  },
} satisfies Command;

export const clubRemove = {
  group: 'club',
  name: 'remove',
  description: "End this channel's club: its schedule and sign-ups go; members' read marks and notes stay",
  options: [{ name: 'confirm', description: "Type 'yes' to confirm", type: 'string', required: true }],
  admin: true,
  handle(ctx, args) {
    if (String(args.confirm ?? '').trim().toLowerCase() !== 'yes') {
      throw new UserError('not-confirmed', 'Nothing removed. To end this club, run /club remove yes (an export first: /club export).');
    }
    deleteClub(ctx.core.db, ctx.club!.id);
    return publicReply(`${ctx.club!.name} has ended: no more weekly posts here. Read marks and notes are kept. /club setup starts a new club.`);
  },
} satisfies Command;

export const clubCommands: Command[] = [
  clubSetup,
  clubSchedule,
  clubSkip,
  clubUnskip,
  clubPick,
  clubMove,
  clubPause,
  clubResume,
  clubImport,
  clubExport,
  clubAssign,
  clubClear,
  clubSettings,
  clubAdmin,
  clubRemove,
];
