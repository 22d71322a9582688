import { linksMarkdown } from '../../render/meeting-links.ts';
import { blurbFor, clubBlurb } from '../../catalog/catalog-store.ts';
import { isFetchedSummaryNote, paperDetails, SOURCE_NAMES, type Sourced } from '../../catalog/metadata/details.ts';
import { truncate } from '../../render/format.ts';
import { publicReply } from '../../render/replies.ts';
import type { Paper } from '../../catalog/types.ts';
import type { ExternalIds } from '../../catalog/metadata/types.ts';
import type { Command, CommandContext, Reply } from '../types.ts';
import { paperNamed } from '../shared.ts';
import { pastMeetings } from '../../store/meetings.ts';
import { notesOnPaper } from '../../store/notes.ts';
import { publicReaders, readCount } from '../../store/marks.ts';
import { linksOf } from '../../store/club-life.ts';
import { communityOf, listTitlesOfPaper } from '../../store/catalog.ts';
import { replyNamingPapers } from '../paper-details.ts';
import { getPaper } from '../../store/catalog.ts';
/** `/paper show` — a paper: link, summary (and its source), authors, year, venue, lists, who read it, notes. */
export default {
  group: 'paper',
  name: 'show',
  description: 'A paper: link, summary, authors, lists, who read it, notes',
  options: [{ name: 'paper', description: 'Title, nickname, id, or a meeting (number or date)', type: 'string', required: true, autocomplete: 'paper', rest: true, kind: 'paper', maxLength: 300 }],
  async handle(ctx, args) {
    const named = await paperNamed(ctx, String(args.paper ?? ''));
    // Authors, venue and a one-liner come from the look-ups: a paper not looked up yet waits a little for them.
    return replyNamingPapers(ctx, [named.id], async () => await showPaper(ctx, (await getPaper(ctx.db, named.id)) ?? named));
  },
} satisfies Command;

/** The paper's card, read afresh (a look-up may have filled its title since). */
async function showPaper(ctx: CommandContext, p: Paper): Promise<Reply> {
  const db = ctx.db;
  const { platform, workspace } = ctx.where;
  const readers = await publicReaders(db, p.id, platform, workspace, 20);
  const total = await readCount(db, p.id, platform, workspace);
  const hidden = total - readers.length;
  const notes = await notesOnPaper(db, p.id, platform, workspace, 3);
  const fetched = await paperDetails(db, p.id);
  const year = p.year ?? fetched.year?.value ?? null;
  const fields = [
    { name: 'Id', value: p.key, inline: true },
    ...(year ? [{ name: 'Year', value: String(year), inline: true }] : []),
    ...(fetched.venue ? [{ name: 'Venue', value: fetched.venue.value, inline: true }] : []),
    ...(fetched.authors ? [{ name: 'Authors', value: `${authorsText(fetched.authors.value)} ${from(fetched.authors)}` }] : []),
    { name: 'Lists', value: (await listTitlesOfPaper(db, p.id, communityOf(ctx.where))).join(', ') || '—' },
    { name: `Read by ${total}`, value: (readers.map((r) => r.displayName).join(', ') || '—') + (hidden > 0 ? ` (+${hidden} private)` : '') },
  ];
  // Rotation & wrap-up: what this club's meeting on the paper left behind.
  const held = ctx.club ? (await pastMeetings(db, ctx.club.id, 1_000)).find((m) => m.paperId === p.id) : undefined;
  const links = held && ctx.club ? await linksOf(db, ctx.club.id, held.slotAt) : [];
  if (held && links.length) fields.push({ name: `From meeting ${held.number}`, value: linksMarkdown(links) });
  if (notes.length) fields.push({ name: 'Notes', value: notes.map((n) => `**${n.authorName}:** ${truncate(n.body, 200)}`).join('\n') + '\nAll notes: /notes' });
  // The blurb of the list this club follows, else the best one-liner of the others.
  const blurb = ctx.club ? await clubBlurb(db, p.id, ctx.club) : await blurbFor(db, p.id, null);
  // Where the one-liner comes from: a reading list's own words, or a source's (its footnote names which).
  const fetchedSummary = isFetchedSummaryNote(blurb.footnote);
  if (blurb.summary) fields.push({ name: 'Summary from', value: fetchedSummary ? blurb.footnote!.replace(/^summary: /, '') : 'the reading list' });
  if (fetched.withdrawn) fields.push({ name: 'Note', value: 'Withdrawn on arXiv by its authors.' });
  const ids = otherIds(fetched.externalIds, p);
  if (ids) fields.push({ name: 'Also known as', value: ids });
  const footnote = blurb.footnote && !fetchedSummary ? `_*${blurb.footnote}_` : null;
  return publicReply([blurb.summary, footnote].filter(Boolean).join('\n') || '_No summary._', {
    title: p.title,
    url: p.url,
    fields,
  });
}

/** 'A, B and C' up to six names, then 'A, B, C, D, E, F et al. (12 authors)'. */
function authorsText(names: string[]): string {
  if (names.length > 6) return `${names.slice(0, 6).join(', ')} et al. (${names.length} authors)`;
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}

/** '(arXiv, 7 Dec 2026)': which source said it, and when it was asked. */
function from(v: Sourced<unknown>): string {
  const date = new Date(v.fetchedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `_(${SOURCE_NAMES[v.source]}, ${date})_`;
}

/** The work's other ids the sources named, besides the one the paper is known by: 'DOI 10.18653/v1/N19-1423 · ACL N19-1423'. */
function otherIds(ids: ExternalIds, p: Paper): string | null {
  const parts = [
    ids.arxiv && ids.arxiv !== p.arxivId ? `arXiv ${ids.arxiv}` : null,
    ids.doi ? `DOI ${ids.doi}` : null,
    ids.acl ? `ACL ${ids.acl}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}
