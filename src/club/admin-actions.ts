import { communityOf, getList, listPapers } from '../catalog/catalog-store.ts';
import { UserError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import {
  findClub,
  getMeeting,
  insertClub,
  recordEmptySlot,
  sequenceIndexOf,
  sequenceOf,
  setSequence,
  updateClub,
  deleteMeeting,
} from './club-store.ts';
import { validateSchedule } from './cron-slots.ts';
import { planUpcoming } from './planning.ts';
import type { Club, PlannedMeeting, Where } from './types.ts';

/** Defaults for a new club; config can override them. */
export interface ClubDefaults {
  sequence: string;
  cron: string;
  timezone: string;
  readEmoji: string;
  presentersPerMeeting: number;
  reminderLeadMinutes: number;
}

export const DEFAULT_CLUB: ClubDefaults = {
  sequence: 'latent-space',
  cron: '0 17 * * 3',
  timezone: 'UTC',
  readEmoji: '✅',
  presentersPerMeeting: 1,
  reminderLeadMinutes: 48 * 60,
};

// A club follows the list its community means by the slug: the community's own, else the shared one.
function requireList(db: Db, slug: string, where: Pick<Where, 'platform' | 'workspace'>) {
  const list = getList(db, slug, communityOf(where));
  if (!list) throw new UserError('unknown-list', `There is no list '${slug}'. See /paper lists for the slugs.`);
  if (list.entryCount === 0) throw new UserError('empty-list', `The list '${slug}' has no papers.`);
  return list;
}

/** Creates the channel's club, or updates it: a new list restarts the sequence from its first paper. */
export function setupClub(
  db: Db,
  where: Where,
  opts: { name?: string; list?: string; cron?: string; timezone?: string; /** Schedule blogs, threads, repos too (default: papers only). */ includeResources?: boolean },
  defaults: ClubDefaults,
  now: number,
): { club: Club; created: boolean; sequenceReset: boolean } {
  const existing = findClub(db, where);
  const cron = opts.cron ?? existing?.cron ?? defaults.cron;
  const timezone = opts.timezone ?? existing?.timezone ?? defaults.timezone;
  validateSchedule(cron, timezone);
  const slug = opts.list ?? existing?.sequenceSlug ?? defaults.sequence;
  const list = requireList(db, slug, where);
  const sequenceOf = () => {
    const ids = paperIdsOf(db, slug, where, opts.includeResources ?? false);
    if (ids.length === 0) throw new UserError('no-papers', `The list '${slug}' has no papers, only other resources. Run /club setup again with resources:all to follow them.`);
    return ids;
  };
  return db.transaction(() => {
    if (!existing) {
      const club = insertClub(db, {
        where,
        name: opts.name ?? (where.channelName ? `#${where.channelName}` : 'Paper club'),
        sequenceSlug: slug,
        cron,
        timezone,
        readEmoji: defaults.readEmoji,
        presentersPerMeeting: defaults.presentersPerMeeting,
        reminderLeadMinutes: defaults.reminderLeadMinutes,
        createdAt: now,
      });
      setSequence(db, club.id, sequenceOf());
      return { club, created: true, sequenceReset: true };
    }
    // Asking for resources (or papers only) again rebuilds the sequence, like a new list.
    const reset = slug !== existing.sequenceSlug || opts.includeResources !== undefined;
    if (reset) setSequence(db, existing.id, sequenceOf());
    const club = updateClub(db, existing.id, {
      cron,
      timezone,
      sequenceSlug: list.slug,
      name: opts.name ?? existing.name,
      ...(reset ? { position: 0 } : {}),
    });
    return { club, created: false, sequenceReset: reset };
  })();
}

// Papers only by default: a list's blogs, threads, repos and courses stay in /paper list and can be picked by hand.
function paperIdsOf(db: Db, slug: string, where: Pick<Where, 'platform' | 'workspace'>, includeResources: boolean): number[] {
  const entries = listPapers(db, slug, { limit: 1_000_000, community: communityOf(where) });
  const chosen = includeResources ? entries : entries.filter((e) => e.paper.kind === 'paper');
  return chosen.map((e) => e.paper.id);
}

/** Changes the schedule; a bad cron or zone leaves the old one in place. */
export function setSchedule(db: Db, club: Club, cron: string, timezone: string): Club {
  validateSchedule(cron, timezone);
  return updateClub(db, club.id, { cron: cron.trim(), timezone });
}

/** Skips the next meeting (or the meeting at `slotAt`); the paper moves to the following week. */
export function skipMeeting(db: Db, club: Club, now: number, target?: PlannedMeeting): PlannedMeeting {
  const next = target ?? planUpcoming(db, club, now, 1)[0];
  if (!next) throw new UserError('nothing-to-skip', 'There is no upcoming meeting to skip.');
  if (next.status !== 'upcoming') throw new UserError('already-skipped', 'That week is already skipped.');
  recordEmptySlot(db, club.id, next.slotAt, 'skipped');
  return next;
}

/** Undoes a skip of an upcoming week. */
export function unskipMeeting(db: Db, club: Club, slotAt: number, now: number): void {
  // A past slot stays settled: bringing it back would make the scheduler post it late.
  if (slotAt <= now) throw new UserError('week-in-past', 'That week is in the past; only upcoming weeks can be un-skipped.');
  const m = getMeeting(db, club.id, slotAt);
  if (!m || m.status !== 'skipped') throw new UserError('not-skipped', 'That week is not skipped.');
  deleteMeeting(db, m.id);
}

/** Moves a paper to a given place of the upcoming sequence (index >= position), inserting it if needed. */
export function placePaper(db: Db, club: Club, paperId: number, targetIdx: number): number {
  return db.transaction(() => {
    const seq = sequenceOf(db, club.id);
    const at = sequenceIndexOf(db, club.id, paperId);
    // Already-discussed papers stay in history; re-reading one adds it again.
    if (at !== null && at >= club.position) seq.splice(at, 1);
    const idx = Math.max(club.position, Math.min(targetIdx, seq.length));
    seq.splice(idx, 0, paperId);
    setSequence(db, club.id, seq);
    return idx;
  })();
}
