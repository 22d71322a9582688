import type { Progress } from '../club/progress.ts';
import { plural } from '../render/format.ts';

/**
 * A member's progress in words: papers posted so far read, and papers of the club's list read in all. Never "0/0":
 * a part with nothing to count is left out.
 */
export function progressSentence(p: Progress, who: string | null = null): string {
  const has = who ? `${who} has` : "You've";
  const parts: string[] = [];
  // "Posted", not "held": the paper announced for the coming meeting counts already (members read before it).
  if (p.met) parts.push(`${p.metRead} of the ${plural(p.met, 'paper')} the club has posted so far`);
  if (p.listTotal) parts.push(`${p.listRead} of the ${plural(p.listTotal, 'paper')} on its list`);
  if (!parts.length) return 'Nothing to count yet: the club has not met and its list is empty.';
  const streak = p.streak > 1 ? ` (the last ${p.streak} meetings in a row)` : '';
  return `${p.met ? '' : 'No meetings yet. '}${has} read ${parts.join(' and ')}${streak}.`;
}

/** Medal or number for a leaderboard rank; tied members share it. */
export function rankLabel(rank: number): string {
  return ['🥇', '🥈', '🥉'][rank - 1] ?? `${rank}.`;
}
