import type { Clock } from '../clock.ts';
import { plannedPaperAt, recordNoMeeting } from '../club/plan.ts';
import { planUpcoming } from '../club/planning.ts';
import type { PostedMessage } from '../club/ports.ts';
import { finishMeetings, postFactsFor } from '../club/posting.ts';
import type { Club } from '../club/types.ts';
import type { BegunPost } from '../render/weekly-post.ts';
import { getPaper } from '../store/catalog.ts';
import { clubsByIds, clubsDueACheck, getClub } from '../store/clubs.ts';
import type { Db } from '../store/db.ts';
import { adminToTell, markChecked, markTold, parkClub, parkedClub, unparkClub } from '../store/health.ts';
import { countHeldPapers } from '../store/marks.ts';
import { getMeeting, postsOfMeeting } from '../store/meetings.ts';
import { asksFor, closeAsk, expireAsks, nextVolunteer, openAsk, recordAsk, rotationOf, withdrawAsks } from '../store/rotation.ts';
import {
  clearNextChecks,
  clubsWithPendingPosts,
  latestSettledSlot,
  latestSettledSlots,
  parkedClubIds,
  pendingPostSlots,
  presenterIdsAtSlot,
  recordReminder,
  recordReminders,
  reminderSent,
  remindersAtSlot,
  setNextChecks,
} from '../store/scheduler.ts';
import { presentersAt } from '../store/sign-ups.ts';
import { claimClubs, releaseClubs } from '../store/leases.ts';
import type { ClubCore } from './club-core.ts';

export type { ClubTimings } from '../store/clubs.ts';
export type { BegunPost } from '../render/weekly-post.ts';

/**
 * What the scheduler reads and writes in the database, each with the database already given: its own state (which
 * reminders went out, when each club is next due a check, parked clubs), the clubs due, meetings, the plan and the
 * rotation it works through. The scheduler sees these functions and nothing else of the store.
 */
const schedulerQueries = {
  // Clubs and what is due.
  getClub,
  clubsByIds,
  clubsDueACheck,
  clubsWithPendingPosts,
  pendingPostSlots,
  latestSettledSlot,
  latestSettledSlots,
  setNextChecks,
  clearNextChecks,
  // Which process works on a club now (several processes on one database).
  claimClubs,
  releaseClubs,
  // Reminders sent (one row per club, slot and kind).
  recordReminder,
  recordReminders,
  reminderSent,
  remindersAtSlot,
  presenterIdsAtSlot,
  // Channel health.
  parkedClub,
  parkedClubIds,
  parkClub,
  unparkClub,
  markChecked,
  markTold,
  adminToTell,
  // Meetings, the plan, presenters and the rotation.
  getMeeting,
  postsOfMeeting,
  getPaper,
  presentersAt,
  planUpcoming,
  plannedPaperAt,
  recordNoMeeting,
  finishMeetings,
  countHeldPapers,
  postFactsFor,
  rotationOf,
  asksFor,
  openAsk,
  recordAsk,
  closeAsk,
  expireAsks,
  withdrawAsks,
  nextVolunteer,
};

/** A function over the database with the database given: the same call without its first argument. */
type WithDb<F> = F extends (db: Db, ...rest: infer A) => infer R ? (...rest: A) => R : never;

/** The scheduler's store: schedulerQueries bound to one database. */
export type SchedulerStore = { readonly [K in keyof typeof schedulerQueries]: WithDb<(typeof schedulerQueries)[K]> };

/** The scheduler's store over `db`. */
export function schedulerStore(db: Db): SchedulerStore {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(schedulerQueries)) bound[name] = (...rest: unknown[]) => (fn as (db: Db, ...rest: unknown[]) => unknown)(db, ...rest);
  return bound as SchedulerStore;
}

/**
 * What the scheduler needs from the core, and all it gets: a clock, its store, the two halves of the weekly post
 * (begun and recorded before the send, completed after it), the vote close, the club list, and a word when an admin
 * changes a club. The core owns this port; ClubCore and the store implement it (schedulerPort); main.ts wires it.
 */
export interface SchedulerPort {
  clock: Clock;
  store: SchedulerStore;
  /** All clubs (the scheduler keeps those this process serves). */
  listClubs(): Promise<Club[]>;
  /** First half of a weekly post: the meeting recorded 'posting' and its post worded; null when nothing is to be sent. */
  beginPost(clubId: number, slotAt: number): Promise<BegunPost | null>;
  /** beginPost for many clubs in one commit (each still before its send). */
  beginPosts(items: ReadonlyArray<{ clubId: number; slotAt: number }>): Promise<Array<BegunPost | null>>;
  /** Second half: the platform took the post; reactions on `message` count as read marks from now on. */
  completePost(clubId: number, slotAt: number, message: PostedMessage): Promise<void>;
  /** completePost for many posts in one commit. */
  completePosts(items: ReadonlyArray<{ clubId: number; slotAt: number; message: PostedMessage }>): Promise<void>;
  /** Begun posts never handed to the platform: planned again as if never begun. */
  withdrawPosts(items: ReadonlyArray<{ clubId: number; slotAt: number }>): Promise<void>;
  /** A begun post whose meeting passed: recorded missed, its paper back in the queue. */
  abandonPost(clubId: number, slotAt: number): Promise<boolean>;
  /** Settles every vote that is due, each under the club's lock; the result goes to the club's channel. */
  closeDueVotes(now: number, withLock: (clubId: number, fn: () => Promise<void>) => Promise<void>): Promise<number>;
  /** Calls `watch` after an admin changed what scheduling depends on (schedule, pause, resume, setup); returns the stop. */
  watchClubChanges(watch: (club: Club) => Promise<void>): () => void;
}

/** The scheduler's port over the core and a store (the core's own database unless given). */
export function schedulerPort(core: ClubCore, store: SchedulerStore = schedulerStore(core.db)): SchedulerPort {
  return {
    clock: core.clock,
    store,
    listClubs: () => core.listClubs(),
    beginPost: (clubId, slotAt) => core.beginPost(clubId, slotAt),
    beginPosts: (items) => core.beginPosts(items),
    completePost: (clubId, slotAt, message) => core.completePost(clubId, slotAt, message),
    completePosts: (items) => core.completePosts(items),
    withdrawPosts: (items) => core.withdrawPosts(items),
    abandonPost: (clubId, slotAt) => core.abandonPost(clubId, slotAt),
    closeDueVotes: (now, withLock) => core.closeDueVotes(now, withLock),
    watchClubChanges: (watch) => core.clubChanges.watch(watch),
  };
}
