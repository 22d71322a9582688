/** Tables of a reading list (markdown or HTML `<table>`): each row is one reading, or an off week of a schedule. */
import type { Table, Nodes, PhrasingContent, Link as MdLink } from 'mdast';
import { toText, squash, linksIn, splitLines } from './mdast-text.ts';
import { isWebUrl } from '../canonical-ids.ts';
import { takeYear, tidyRest } from './entry-text.ts';
import { isGenericLabel, isNavigationLink, paperLabelRank } from './link-labels.ts';
import { splitCitation, titleFromText, looksLikeAuthors } from './entry-title.ts';
import { type Walk, addDraft, draftOf, resolveRefs, isSelfOrAnchor, isImageOnly, isFileLink, wrap, asLink, leaveUnplaced, lineOf, READ_MARKS } from './list-walk.ts';
import { titleFromTarget, namesPaper } from '../canonical-ids.ts';

const SCHEDULE_HEADER = /^(?:week|wk|date|day|session|lecture|class|meeting|when|#|no|n)$/i;
const TITLE_HEADER = /\b(?:paper|papers|title|reading|readings|topic|article|resource|name|what)\b/i;
const BLURB_HEADER = /\b(?:description|summary|notes?|why|tl;?dr|comments?|abstract|blurb|takeaway)\b/i;
const AUTHOR_HEADER = /\bauthors?\b/i;
const YEAR_HEADER = /^(?:year|published|yr)$/i;
const NO_SESSION = /\b(?:no (?:session|class|meeting|lecture|reading)|dead week|cancel+ed|holiday|break|tbd|tba|reading week|exam|midterm)\b/i;

/**
 * A table: each row is an entry when it has a paper link or a title cell. Rows of a schedule (a week or date column)
 * without any link are off weeks, not entries.
 */
export function visitTable(table: Table, walk: Walk, isChrome: boolean): void {
  const [head, ...rows] = table.children;
  if (isChrome) return;
  const headers = (head?.children ?? []).map((c) => squash(toText(c)).replace(/[^\p{L}\p{N}#;\s]+/gu, '').trim());
  const schedule = headers.some((h) => SCHEDULE_HEADER.test(h));
  const titleCol = headers.findIndex((h) => TITLE_HEADER.test(h) && !BLURB_HEADER.test(h) && !AUTHOR_HEADER.test(h));
  const blurbCol = headers.findIndex((h) => BLURB_HEADER.test(h));
  const authorCol = headers.findIndex((h) => AUTHOR_HEADER.test(h));
  for (const row of rows) {
    const cells = row.children.map((c) => resolveRefs(c.children, walk));
    const cellText = cells.map((c) => squash(toText(wrap(c))));
    const all = cells.flatMap((c) => linksIn(c)).filter((l) => !isImageOnly(l));
    const links = all.filter((l) => isWebUrl(l.url) && !isNavigationLink(toText(l), l.url) && !isFileLink(l.url));
    const anchors = all.filter((l) => isSelfOrAnchor(l) || !l.url.trim());
    const rowText = cellText.join(' ');
    const line = lineOf(row, walk);
    if (links.length === 0 && anchors.length === 0 && (schedule || NO_SESSION.test(rowText))) continue;
    const read = cellText.some((t) => READ_MARKS.test(t.trim()));
    const yearCol = headers.findIndex((h) => YEAR_HEADER.test(h));
    const yearCell = yearCol >= 0 ? /^(1[89]\d\d|20\d\d)$/.exec(cellText[yearCol] ?? '')?.[1] : undefined;
    const year = takeYear(rowText).year ?? (yearCell ? Number(yearCell) : null);
    const blurbText = blurbCol >= 0 ? (cellText[blurbCol] ?? '') : '';
    const authorText = authorCol >= 0 ? cellText[authorCol] || null : null;
    const lead = [...links, ...anchors].find((l) => !isGenericLabel(toText(l)) && !(l.url.trim() === '#' && !links.length));
    if (lead) {
      const label = squash(toText(lead));
      const cited = splitCitation(label);
      const leadCell = cells.findIndex((c) => linksIn(c).includes(lead));
      const { title: below, authors } = besideLead(cells[leadCell] ?? [], lead, all);
      const url = lead.url.trim();
      addDraft(
        walk,
        draftOf(walk, {
          title: cited?.title ?? (label || url),
          url: url.startsWith('#') ? '' : url,
          anchor: url.startsWith('#') && url.length > 1 ? url : null,
          task: true,
          rest: tidyRest(takeYear(blurbText || below).rest),
          extraLinks: links.filter((l) => l !== lead).map(asLink),
          read,
          year: year ?? (cited ? takeYear(label).year : null),
          authors: cited?.authors ?? authorText ?? authors,
          line,
        }),
      );
      continue;
    }
    // No named link: the title is the title cell's bold or quoted text, else its text up to ' - ', else the paper's id.
    const col = titleCol >= 0 ? titleCol : cellText.findIndex((t, i) => !!t && !SCHEDULE_HEADER.test(headers[i] ?? '') && !isDateOrNumber(t));
    const cell = cells[col] ?? [];
    const main = [...links].sort((a, b) => linkRank(a) - linkRank(b))[0] ?? null;
    const found = titleFromText(cell, new Set<Nodes>(all), true) ?? (main ? { title: titleFromTarget(main.url), authors: null } : null);
    if (!found || NO_SESSION.test(found.title)) {
      leaveUnplaced(walk, links, line);
      continue;
    }
    const text = squash(toText(wrap(cell), new Set<Nodes>(all)));
    const at = text.indexOf(found.title);
    const after = at >= 0 ? text.slice(at + found.title.length) : '';
    addDraft(
      walk,
      draftOf(walk, {
        title: found.title,
        url: main ? main.url.trim() : '',
        // '**Deep learning** (the book)': the words in brackets after a title say which one it is.
        rest: tidyRest(takeYear(blurbText || after).rest).replace(/^\((.*)\)$/, '$1'),
        extraLinks: links.filter((l) => l !== main).map(asLink),
        read,
        year,
        authors: found.authors ?? authorText,
        line,
      }),
    );
  }
  walk.current = null;
}

/** Best first: a link that names a paper or is labelled as one ('PDF', 'arXiv'), before code, slides or video. */
export function linkRank(l: MdLink): number {
  return namesPaper(l.url) ? 0 : paperLabelRank(toText(l)) === 0 ? 1 : 2;
}

/**
 * What a cell says under its title link: the next line when it names people ('Vaswani et al.', 'A. Doe, B. Roe') is
 * who wrote it, anything else is the row's blurb.
 */
function besideLead(cell: PhrasingContent[], lead: MdLink, all: MdLink[]): { title: string; authors: string | null } {
  const skip = new Set<Nodes>(all);
  const lines = splitLines(cell);
  const at = lines.findIndex((l) => linksIn(l).includes(lead));
  const after = lines.slice(at + 1).map((l) => squash(toText(wrap(l), skip))).filter(Boolean);
  const sameLine = at >= 0 ? squash(toText(wrap(lines[at]!), skip)) : '';
  if (after.length && looksLikeAuthors(after[0]!)) return { title: [sameLine, ...after.slice(1)].filter(Boolean).join(' '), authors: tidyRest(after[0]!) };
  return { title: squash(toText(wrap(cell), skip)), authors: null };
}

function isDateOrNumber(text: string): boolean {
  return /^[\d\s/.:-]+$/.test(text) || /^(?:week|wk)?\s*\d+$/i.test(text) || /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}/i.test(text) || /^\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(text);
}
