import type { UnplacedLink } from './types.ts';

/**
 * One sentence for an admin about the links an import could not place, with where they are (line, section), the first
 * few in full: so a list that was not read whole says so. Null when every link was placed.
 */
export default function describeUnplaced(unplaced: readonly UnplacedLink[], shown = 5): string | null {
  if (unplaced.length === 0) return null;
  const where = unplaced.slice(0, shown).map((u) => `${u.line ? `line ${u.line}` : 'somewhere'}${u.section ? ` (${u.section})` : ''}: ${u.url.length > 120 ? `${u.url.slice(0, 119)}…` : u.url}`);
  const more = unplaced.length > shown ? `; and ${unplaced.length - shown} more` : '';
  const n = unplaced.length === 1 ? '1 link was' : `${unplaced.length} links were`;
  return `${n} not understood (neither a reading nor a reading’s link) — ${where.join('; ')}${more}.`;
}
