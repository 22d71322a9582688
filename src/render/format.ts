import type { Paper } from '../catalog/types.ts';
import { charCount, cutToChars } from '../characters.ts';
import { plural } from '../plural.ts';

// How a time is written lives beside the reading of it (calendar/slot-text.ts, calendar/date-text.ts), and the
// plural is a word every layer writes (plural.ts); replies take them from here with the rest of the wording.
export { formatSlot, localDate, zoneLabel } from '../calendar/slot-text.ts';
export { plural } from '../plural.ts';

/** A paper as a markdown link, with its nickname where the title doesn't start with it. */
export function paperLink(p: Pick<Paper, 'title' | 'url'>): string {
  return `[${escapeLinkText(p.title)}](${p.url})`;
}

function escapeLinkText(s: string): string {
  return s.replace(/[[\]]/g, (c) => `\\${c}`);
}

/** Cuts text to `max` characters (as the platforms count them) on a word boundary, with an ellipsis; never inside a character. */
export function truncate(s: string, max: number): string {
  if (charCount(s) <= max) return s;
  const cut = cutToChars(s, max - 1);
  const sp = cut.lastIndexOf(' ');
  return (sp > 0 && charCount(cut.slice(0, sp)) > max * 0.6 ? cut.slice(0, sp) : cut) + '…';
}

/**
 * What a list holds, said one way everywhere (/paper lists, /progress, the export, list switches): '46 entries
 * (44 papers, 2 other resources)', or '10 papers' when every entry is one.
 */
export function listSizeText(list: { entryCount: number; paperCount: number }): string {
  const others = list.entryCount - list.paperCount;
  if (others <= 0) return plural(list.paperCount, 'paper');
  return `${plural(list.entryCount, 'entry', 'entries')} (${plural(list.paperCount, 'paper')}, ${plural(others, 'other resource')})`;
}
