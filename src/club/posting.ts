import { stmt } from '../store/statements.ts';
import { clubBlurb, communityOf, getPaper, listsOfPaper } from '../catalog/catalog-store.ts';
import type { PostedMessage } from '../club/ports.ts';
import { renderWeeklyPost, type PostContent } from '../render/weekly-post.ts';
import { catalogStamp } from '../catalog/paper-index.ts';
import type { Db } from '../store/db.ts';
import type { PostUpdate } from '../render/reply.ts';
import { addMeetingPost, clubPlatform, meetingStatusAt, postsOfMeeting, getClub, getMeeting, insertMeeting, meetingsHeld, setMeetingStatus } from './club-store.ts';
import { ensurePlan, missAnnounced, replan } from './plan.ts';
import { deletePlanned, plannedAt } from './plan-store.ts';
import { clockNote } from './clock-notes.ts';
import { pageLinkForPost } from './club-page.ts';
import { shownEvent } from './meeting-events.ts';
import { presentersAt } from './presenters.ts';
import type { Club, Meeting } from './types.ts';

/**
 * Catalog answers shared by the posts built while the catalog stays as it is (its stamp: an import, here or by the
 * CLI, starts a new memo): thousands of clubs announced together show the same few papers from the same lists.
 */
export type CatalogMemo = Map<string, unknown>;

const memos = new WeakMap<Db, { stamp: string; memo: CatalogMemo }>();

/** The memo for the catalog as it is now. */
function catalogMemo(db: Db): CatalogMemo {
  const stamp = catalogStamp(db);
  let m = memos.get(db);
  if (!m || m.stamp !== stamp || m.memo.size > 20_000) memos.set(db, (m = { stamp, memo: new Map() }));
  return m.memo;
}

function remember<T>(memo: CatalogMemo | undefined, key: string, compute: () => T): T {
  if (!memo) return compute();
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Builds the post for a meeting that has a paper (or had one, for the edit that says it is skipped). */
export function postFor(db: Db, club: Club, meeting: Meeting, skippedPaperId?: number, memo?: CatalogMemo, now?: number): PostContent | null {
  const paperId = meeting.paperId ?? skippedPaperId ?? null;
  if (paperId === null) return null;
  const community = communityOf(club);
  const paper = remember(memo, `paper ${paperId}`, () => getPaper(db, paperId));
  if (!paper) return null;
  const timezone = meeting.timezone ?? club.timezone;
  // The club's own list's blurb for the paper (else the best of the others); the lists its community sees.
  const blurb = remember(memo, `blurb ${paperId} ${community} ${club.sequenceSlug}`, () => clubBlurb(db, paper.id, club));
  const lists = remember(memo, `lists ${paperId} ${community}`, () => listsOfPaper(db, paper.id, community).map((l) => l.title));
  return renderWeeklyPost({
    club,
    slotAt: meeting.slotAt,
    number: meeting.number,
    timezone,
    paper: { ...paper, ...blurb },
    presenters: presentersAt(db, club.id, meeting.slotAt),
    lists,
    skipped: skippedPaperId !== undefined,
    clockNote: clockNote(club, meeting.slotAt),
    event: shownEvent(db, club.id, meeting.slotAt),
    // Rotation & wrap-up: a post edited once its meeting has started carries the wrap-up buttons (scheduler/wrap-up.ts).
    started: now !== undefined && now >= meeting.slotAt,
    pageUrl: pageLinkForPost(db, club.id),
  });
}

/** A post begun for its meeting: what to send, and the meeting row recorded before the send. */
export interface BegunPost {
  post: PostContent;
  meeting: Meeting;
  club: Club;
}

/**
 * First half of a weekly post: the planned meeting of (club, slot) becomes a record 'posting' — the unique key that
 * makes the post happen once — with its paper, number and calendar identity. Returns the existing record when the
 * slot was already begun (so a retry after a crash re-sends the same post), and null when the slot is settled or
 * there is no paper planned for it.
 */
export function beginPost(db: Db, clubId: number, slotAt: number, now?: number): BegunPost | null {
  return db.transaction(() => beginPostNow(db, clubId, slotAt, undefined, now)).immediate();
}

/**
 * beginPost for many clubs in one write transaction (one commit instead of one per post; each record is still
 * committed before its post is sent). Results are in the order asked.
 */
export function beginPosts(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number }>, now?: number): Array<BegunPost | null> {
  return db.transaction(() => {
    const memo = catalogMemo(db);
    return items.map((i) => beginPostNow(db, i.clubId, i.slotAt, memo, now));
  }).immediate();
}

// `now`: a post made once its meeting has started (a club that posts at the meeting time) already carries the
// wrap-up buttons, instead of being edited to them straight after.
function beginPostNow(db: Db, clubId: number, slotAt: number, memo: CatalogMemo | undefined, now: number | undefined): BegunPost | null {
  const club = getClub(db, clubId);
  if (!club) return null;
  const existing = getMeeting(db, clubId, slotAt);
  if (existing) {
    if (existing.status !== 'posting') return null;
    const post = postFor(db, club, existing, undefined, memo, now);
    return post ? { post, meeting: existing, club } : null;
  }
  if (club.paused) return null;
  let planned = plannedAt(db, clubId, slotAt);
  if (!planned) {
    // Beyond the plan's end (a club idle for a long while): it is extended first.
    ensurePlan(db, club, Math.min(now ?? slotAt, slotAt - 1));
    planned = plannedAt(db, clubId, slotAt);
  }
  if (!planned || planned.paperId === null) return null;
  const number = meetingsHeld(db, clubId) + 1;
  const meeting = insertMeeting(db, { clubId, slotAt, number, timezone: club.timezone, paperId: planned.paperId, status: 'posting', uid: planned.uid, revision: planned.revision });
  deletePlanned(db, planned.id);
  const post = postFor(db, club, meeting, undefined, memo, now)!;
  return { post, meeting, club };
}

/** Second half: the platform accepted the post; reactions on `message` now count as read marks. */
export function completePost(db: Db, clubId: number, slotAt: number, message: PostedMessage, now: number): void {
  db.transaction(() => completePostNow(db, clubId, slotAt, message, now))();
}

/** completePost for many posts in one write transaction. */
export function completePosts(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number; message: PostedMessage }>, now: number): void {
  db.transaction(() => {
    for (const i of items) completePostNow(db, i.clubId, i.slotAt, i.message, now);
  })();
}

function completePostNow(db: Db, clubId: number, slotAt: number, message: PostedMessage, now: number): void {
  const platform = clubPlatform(db, clubId);
  const meeting = meetingStatusAt(db, clubId, slotAt);
  if (!platform || !meeting) return;
  addMeetingPost(db, meeting.id, platform, message.channel, message.messageId);
  if (meeting.status === 'posting') setMeetingStatus(db, meeting.id, 'posted', now);
}

/** Marks posted meetings whose time + duration has passed as done. Returns how many changed. */
export function finishMeetings(db: Db, now: number, durationMs: number): number {
  return stmt(db, `UPDATE meetings SET status = 'done' WHERE status = 'posted' AND slot_at + ? <= ?`).run(durationMs, now).changes;
}

/**
 * When the meeting at `slotAt` has a published post, its fresh content and messages (to edit after a sign-up). With
 * `now`, a meeting that has started keeps its wrap-up buttons (an edit for a fetched title comes at any time).
 */
export function postUpdateFor(db: Db, club: Club, slotAt: number, now?: number): PostUpdate | undefined {
  const meeting = getMeeting(db, club.id, slotAt);
  if (!meeting || (meeting.status !== 'posted' && meeting.status !== 'posting')) return undefined;
  const messages = postsOfMeeting(db, meeting.id);
  const post = postFor(db, club, meeting, undefined, undefined, now);
  return post && messages.length ? { post, messages } : undefined;
}

/**
 * Gives up a post that never went out and whose meeting has passed (it is never sent late): the meeting is recorded
 * missed and its paper goes to the next meeting, so no paper is used up by a meeting nobody was told of.
 */
export function abandonPost(db: Db, clubId: number, slotAt: number, now: number = slotAt): boolean {
  return db.transaction(() => {
    const club = getClub(db, clubId);
    const meeting = getMeeting(db, clubId, slotAt);
    if (!club || !meeting || meeting.status !== 'posting') return false;
    stmt(db, `UPDATE meetings SET status = 'missed', number = NULL, paper_id = NULL, skipped_paper_id = ?, revision = revision + 1 WHERE id = ?`).run(meeting.paperId, meeting.id);
    missAnnounced(db, club, meeting, now);
    return true;
  }).immediate();
}

/**
 * Takes back begun posts that were never handed to the platform (announceGroup: the platform failed before their
 * turn): each meeting is planned again with its paper, as if never begun.
 */
export function withdrawPosts(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number }>): void {
  db.transaction(() => {
    for (const { clubId, slotAt } of items) {
      const club = getClub(db, clubId);
      const meeting = getMeeting(db, clubId, slotAt);
      if (!club || !meeting || meeting.status !== 'posting') continue;
      replan(db, club, meeting);
    }
  }).immediate();
}
