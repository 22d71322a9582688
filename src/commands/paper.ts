import { allLists, getList, getPaper, listPapers, listsOfPaper, searchPapers } from '../catalog/catalog-store.ts';
import { pastMeetings } from '../club/club-store.ts';
import { notesOnPaper } from '../club/notes.ts';
import { currentMeeting, planUpcoming, plannedFromRow } from '../club/planning.ts';
import { presentersOf } from '../club/presenters.ts';
import { publicReaders, readCount } from '../club/read-marks.ts';
import { requirePaper } from '../club/sign-ups.ts';
import { UserError } from '../errors.ts';
import { formatSlot, paperLink, plural, truncate } from '../render/format.ts';
import { privateReply, publicReply } from '../render/replies.ts';
import type { Command, CommandContext } from './types.ts';

const PAGE = 10;

function requireClub(ctx: CommandContext) {
  if (!ctx.club) throw new UserError('no-club', 'This channel has no paper club yet. An admin can start one with /club setup.');
  return ctx.club;
}

function presenterText(names: string[]): string {
  return names.length ? names.join(', ') : '_no presenter yet_';
}

export const paperNow = {
  group: 'paper',
  name: 'now',
  description: "This week's paper, who presents it, and how to mark it read",
  options: [],
  needsClub: true,
  handle(ctx) {
    const club = requireClub(ctx);
    const db = ctx.core.db;
    const now = ctx.clock().getTime();
    const current = currentMeeting(db, club);
    const m = current ? plannedFromRow(db, club, current) : planUpcoming(db, club, now, 1).find((x) => x.paper);
    if (!m?.paper) return privateReply("There's no paper scheduled: the sequence is finished. An admin can /club pick one.");
    const p = m.paper;
    const reads = readCount(db, p.id, club.platform, club.workspace);
    const when = current ? `Meeting: ${formatSlot(m.slotAt, club.timezone)}` : `Next meeting: ${formatSlot(m.slotAt, club.timezone)}`;
    return publicReply([p.summary ? `> ${p.summary}${p.footnote ? '*' : ''}` : null, p.footnote ? `> _*${p.footnote}_` : null, when, `Presenting: ${presenterText(m.presenters.map((x) => x.displayName))}`, `${plural(reads, 'member has', 'members have')} read it. Mark it with /read${current ? ` or react ${club.readEmoji} on the post` : ''}.`].filter(Boolean).join('\n'), {
      title: `${m.week ? `Week ${m.week}: ` : ''}${p.title}`,
      url: p.url,
      buttons: [
        { action: `signup:${club.id}:${p.id}`, label: 'Sign up to present', style: 'primary' },
        { action: `read:${club.id}:${p.id}`, label: 'Mark read', style: 'secondary' },
      ],
    });
  },
} satisfies Command;

export const paperUpcoming = {
  group: 'paper',
  name: 'upcoming',
  description: 'The schedule for the coming weeks, with presenters',
  options: [{ name: 'weeks', description: 'How many weeks to show (1-20, default 6)', type: 'integer', minValue: 1, maxValue: 20 }],
  needsClub: true,
  handle(ctx, args) {
    const club = requireClub(ctx);
    const weeks = Math.min(20, Math.max(1, Number(args.weeks ?? 6) || 6));
    const plan = planUpcoming(ctx.core.db, club, ctx.clock().getTime(), weeks);
    const lines = plan.map((m) => {
      const when = formatSlot(m.slotAt, club.timezone);
      if (m.status === 'skipped') return `- ${when} — _skipped_`;
      if (!m.paper) return `- ${when} — _no paper left in the sequence_`;
      return `- **Week ${m.week}** · ${when} — ${paperLink(m.paper)} — ${presenterText(m.presenters.map((p) => p.displayName))}`;
    });
    const head = club.paused ? '_The club is paused: nothing will be posted until an admin runs /club resume._\n' : '';
    return publicReply(head + lines.join('\n') + '\n\nClaim a week with /signup <week>.', { title: `Upcoming — ${club.name}` });
  },
} satisfies Command;

export const paperHistory = {
  group: 'paper',
  name: 'history',
  description: 'Past meetings: paper, presenter, and how many read it',
  options: [{ name: 'page', description: 'Page number', type: 'integer', minValue: 1 }],
  needsClub: true,
  handle(ctx, args) {
    const club = requireClub(ctx);
    const db = ctx.core.db;
    const page = Math.max(1, Number(args.page ?? 1) || 1);
    const rows = pastMeetings(db, club.id, PAGE + 1, (page - 1) * PAGE);
    if (!rows.length) return privateReply(page === 1 ? 'No meetings yet. The first post comes at the next scheduled slot.' : 'No more history.');
    const lines = rows.slice(0, PAGE).map((m) => {
      const p = getPaper(db, m.paperId!);
      const presenters = p ? presentersOf(db, club.id, p.id).map((x) => x.displayName) : [];
      const reads = p ? readCount(db, p.id, club.platform, club.workspace) : 0;
      return `- ${formatSlot(m.slotAt, club.timezone)} — **Week ${m.week ?? '?'}** ${p ? paperLink(p) : '(removed)'} — ${presenters.join(', ') || 'no presenter'} — ${plural(reads, 'reader')}`;
    });
    return publicReply(lines.join('\n'), { title: `History — ${club.name}`, more: rows.length > PAGE ? `/paper history ${page + 1}` : undefined });
  },
} satisfies Command;

export const paperShow = {
  group: 'paper',
  name: 'show',
  description: 'A paper: link, summary, lists, who read it, notes',
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', rest: true }],
  handle(ctx, args) {
    const db = ctx.core.db;
    const p = requirePaper(db, String(args.paper ?? ''));
    const { platform, workspace } = ctx.where;
    const readers = publicReaders(db, p.id, platform, workspace, 20);
    const total = readCount(db, p.id, platform, workspace);
    const hidden = total - readers.length;
    const notes = notesOnPaper(db, p.id, platform, workspace, 3);
    const fields = [
      { name: 'Id', value: p.key, inline: true },
      ...(p.year ? [{ name: 'Year', value: String(p.year), inline: true }] : []),
      { name: 'Lists', value: listsOfPaper(db, p.id).map((l) => l.title).join(', ') || '—' },
      { name: `Read by ${total}`, value: (readers.map((r) => r.displayName).join(', ') || '—') + (hidden > 0 ? ` (+${hidden} private)` : '') },
    ];
    if (notes.length) fields.push({ name: 'Notes', value: notes.map((n) => `**${n.authorName}:** ${truncate(n.body, 200)}`).join('\n') + '\nAll notes: /notes' });
    return publicReply([p.summary, p.footnote ? `_*${p.footnote}_` : null].filter(Boolean).join('\n') || '_No summary._', {
      title: p.title,
      url: p.url,
      fields,
    });
  },
} satisfies Command;

export const paperSearch = {
  group: 'paper',
  name: 'search',
  description: 'Search papers by title, nickname or summary',
  options: [{ name: 'query', description: 'Words to look for', type: 'string', required: true, rest: true }],
  handle(ctx, args) {
    const q = String(args.query ?? '').trim();
    if (!q) throw new UserError('empty-query', 'Give me something to search for, e.g. /paper search scaling laws.');
    const hits = searchPapers(ctx.core.db, q, 10);
    if (!hits.length) return privateReply(`Nothing matches '${truncate(q, 60)}'. Try fewer words, or /paper lists.`);
    return privateReply(hits.map((p) => `- ${paperLink(p)} \`${p.key}\`${p.summary ? ` — ${truncate(p.summary, 120)}` : ''}`).join('\n'), {
      title: `Search: ${truncate(q, 60)}`,
    });
  },
} satisfies Command;

export const paperLists = {
  group: 'paper',
  name: 'lists',
  description: 'The reading lists loaded in the bot',
  options: [],
  handle(ctx) {
    const lists = allLists(ctx.core.db);
    if (!lists.length) return privateReply('No reading lists are loaded yet. An admin can /club import one.');
    const mine = ctx.club?.sequenceSlug;
    return privateReply(lists.map((l) => `- \`${l.slug}\` — ${l.title} (${plural(l.entryCount, 'entry', 'entries')})${l.slug === mine ? ' ← this club' : ''}`).join('\n'), {
      title: 'Reading lists',
    });
  },
} satisfies Command;

export const paperList = {
  group: 'paper',
  name: 'list',
  description: 'The papers of a reading list, in order',
  options: [
    { name: 'list', description: 'List slug', type: 'string', required: true, autocomplete: 'list' },
    { name: 'page', description: 'Page number', type: 'integer', minValue: 1 },
  ],
  handle(ctx, args) {
    const slug = String(args.list ?? '').trim();
    const list = getList(ctx.core.db, slug);
    if (!list) throw new UserError('unknown-list', `There is no list '${truncate(slug, 40)}'. See /paper lists for the slugs.`);
    const page = Math.max(1, Number(args.page ?? 1) || 1);
    const pages = Math.max(1, Math.ceil(list.entryCount / 15));
    if (page > pages) throw new UserError('no-such-page', `${list.title} has ${plural(pages, 'page')}.`);
    const rows = listPapers(ctx.core.db, slug, { offset: (page - 1) * 15, limit: 15 });
    const lines = rows.map((r) => `${r.position}. ${paperLink(r.paper)}${r.paper.summary ? ` — ${truncate(r.paper.summary, 100)}` : ''}`);
    return privateReply(lines.join('\n'), {
      title: `${list.title} (page ${page}/${pages})`,
      more: page < pages ? `/paper list ${slug} ${page + 1}` : undefined,
    });
  },
} satisfies Command;

export const paperCommands: Command[] = [paperNow, paperUpcoming, paperHistory, paperShow, paperSearch, paperLists, paperList];
