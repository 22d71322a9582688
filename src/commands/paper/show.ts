import { linksMarkdown } from '../../club/meeting-links.ts';
import { truncate } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { paperNamed } from '../shared.ts';
import { pastMeetings } from '../../store/meetings.ts';
import { notesOnPaper } from '../../store/notes.ts';
import { publicReaders, readCount } from '../../store/marks.ts';
import { linksOf } from '../../store/club-life.ts';
import { blurbFor, clubBlurb, communityOf, listsOfPaper } from '../../store/catalog.ts';

/** `/paper show` — a paper: link, summary, lists, who read it, notes. */
export default {
  group: 'paper',
  name: 'show',
  description: 'A paper: link, summary, lists, who read it, notes',
  options: [{ name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', rest: true, maxLength: 300 }],
  async handle(ctx, args) {
    const db = ctx.db;
    const p = await paperNamed(ctx, String(args.paper ?? ''));
    const { platform, workspace } = ctx.where;
    const readers = await publicReaders(db, p.id, platform, workspace, 20);
    const total = await readCount(db, p.id, platform, workspace);
    const hidden = total - readers.length;
    const notes = await notesOnPaper(db, p.id, platform, workspace, 3);
    const fields = [
      { name: 'Id', value: p.key, inline: true },
      ...(p.year ? [{ name: 'Year', value: String(p.year), inline: true }] : []),
      { name: 'Lists', value: (await listsOfPaper(db, p.id, communityOf(ctx.where))).map((l) => l.title).join(', ') || '—' },
      { name: `Read by ${total}`, value: (readers.map((r) => r.displayName).join(', ') || '—') + (hidden > 0 ? ` (+${hidden} private)` : '') },
    ];
    // Rotation & wrap-up: what this club's meeting on the paper left behind.
    const held = ctx.club ? (await pastMeetings(db, ctx.club.id, 1_000)).find((m) => m.paperId === p.id) : undefined;
    const links = held && ctx.club ? await linksOf(db, ctx.club.id, held.slotAt) : [];
    if (held && links.length) fields.push({ name: `From meeting ${held.number}`, value: linksMarkdown(links) });
    if (notes.length) fields.push({ name: 'Notes', value: notes.map((n) => `**${n.authorName}:** ${truncate(n.body, 200)}`).join('\n') + '\nAll notes: /notes' });
    // The blurb of the list this club follows, else the best one-liner of the others.
    const blurb = ctx.club ? await clubBlurb(db, p.id, ctx.club) : await blurbFor(db, p.id, null);
    return publicReply([blurb.summary, blurb.footnote ? `_*${blurb.footnote}_` : null].filter(Boolean).join('\n') || '_No summary._', {
      title: p.title,
      url: p.url,
      fields,
    });
  },
} satisfies Command;
