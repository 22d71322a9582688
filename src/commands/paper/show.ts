import { blurbFor, clubBlurb, communityOf, listsOfPaper } from '../../catalog/catalog-store.ts';
import { notesOnPaper } from '../../club/notes.ts';
import { pastMeetings } from '../../club/club-store.ts';
import { linksMarkdown, linksOf } from '../../club/meeting-links.ts';
import { publicReaders, readCount } from '../../club/read-marks.ts';
import { truncate } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Command } from '../types.ts';
import { paperNamed } from '../shared.ts';

/** `/paper show` — a paper: link, summary, lists, who read it, notes. */
export default {
  group: 'paper',
  name: 'show',
  description: 'A paper: link, summary, lists, who read it, notes',
  options: [{ name: 'paper', description: 'Title, nickname, id, or a meeting (number or date)', type: 'string', required: true, autocomplete: 'paper', rest: true, kind: 'paper', maxLength: 300 }],
  handle(ctx, args) {
    const db = ctx.db;
    const p = paperNamed(ctx, String(args.paper ?? ''));
    const { platform, workspace } = ctx.where;
    const readers = publicReaders(db, p.id, platform, workspace, 20);
    const total = readCount(db, p.id, platform, workspace);
    const hidden = total - readers.length;
    const notes = notesOnPaper(db, p.id, platform, workspace, 3);
    const fields = [
      { name: 'Id', value: p.key, inline: true },
      ...(p.year ? [{ name: 'Year', value: String(p.year), inline: true }] : []),
      { name: 'Lists', value: listsOfPaper(db, p.id, communityOf(ctx.where)).map((l) => l.title).join(', ') || '—' },
      { name: `Read by ${total}`, value: (readers.map((r) => r.displayName).join(', ') || '—') + (hidden > 0 ? ` (+${hidden} private)` : '') },
    ];
    // Rotation & wrap-up: what this club's meeting on the paper left behind.
    const held = ctx.club ? pastMeetings(db, ctx.club.id, 1_000).find((m) => m.paperId === p.id) : undefined;
    const links = held && ctx.club ? linksOf(db, ctx.club.id, held.slotAt) : [];
    if (held && links.length) fields.push({ name: `From meeting ${held.number}`, value: linksMarkdown(links) });
    if (notes.length) fields.push({ name: 'Notes', value: notes.map((n) => `**${n.authorName}:** ${truncate(n.body, 200)}`).join('\n') + '\nAll notes: /notes' });
    // The blurb of the list this club follows, else the best one-liner of the others.
    const blurb = ctx.club ? clubBlurb(db, p.id, ctx.club) : blurbFor(db, p.id, null);
    return publicReply([blurb.summary, blurb.footnote ? `_*${blurb.footnote}_` : null].filter(Boolean).join('\n') || '_No summary._', {
      title: p.title,
      url: p.url,
      fields,
    });
  },
} satisfies Command;
