import type { Progress } from '../club/progress.ts';
import { plural } from '../render/format.ts';

/**
 * A member's progress in words: papers posted so far read, and papers of the club's list read in all. Never "0/0":
 * a part with nothing to count is left out.
 */
export function progressSentence(p: Progress, who: string | null = null): string {
  const has = who ? `${who} has` : "You've";
  const list = p.listTotal ? `${p.listRead} of the ${plural(p.listTotal, 'paper')} on its list` : null;
  const streak = p.streak > 1 ? ` (the last ${p.streak} meetings in a row)` : '';
  // "Posted", not "held": the paper announced for the coming meeting counts already (members read before it).
  // One paper posted is "the one paper", never "1 of the 1 paper".
  if (p.met === 1) {
    if (p.metRead) return `${has} read the one paper the club has posted so far${list ? ` and ${list}` : ''}.`;
    if (!list) return `${who ? `${who} hasn't` : "You haven't"} read the one paper the club has posted so far yet.`;
    return `${has} read ${list}, ${p.listRead ? 'but' : 'and'} not yet the one paper the club has posted so far.`;
  }
  const parts: string[] = [];
  if (p.met) parts.push(`${p.metRead} of the ${plural(p.met, 'paper')} the club has posted so far`);
  if (list) parts.push(list);
  if (!parts.length) return 'Nothing to count yet: the club has not met and its list is empty.';
  return `${p.met ? '' : 'No meetings yet. '}${has} read ${parts.join(' and ')}${streak}.`;
}

/** Medal or number for a leaderboard rank; tied members share it. */
export function rankLabel(rank: number): string {
  return ['🥇', '🥈', '🥉'][rank - 1] ?? `${rank}.`;
}
