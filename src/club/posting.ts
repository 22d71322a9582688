import { mapInOrder } from '../in-order.ts';
import type { PostedMessage } from '../club/ports.ts';
import type { WeeklyPostFacts } from './post-content.ts';
import type { Db } from '../store/db.ts';
import { ensurePlan, missAnnounced, replan } from './plan.ts';
import { clockNote } from './clock-notes.ts';
import { pageLinkForPost } from './club-page.ts';
import type { Club, Meeting } from './types.ts';
import { clubPlatform, getClub } from '../store/clubs.ts';
import { addMeetingPost, meetingStatusAt, postsOfMeeting, getMeeting, insertMeeting, meetingsHeld, setMeetingStatus } from '../store/meetings.ts';
import { deletePlanned, plannedAt } from '../store/plan.ts';
import { presentersAt } from '../store/sign-ups.ts';
import { shownEvent } from '../store/meeting-events.ts';
import { communityOf, getPaper, listTitlesOfPaper } from '../store/catalog.ts';
import { catalogStamp } from '../store/catalog-version.ts';
import { markFinishedMeetings, markPostMissed } from '../store/meetings.ts';
import { clubBlurb } from '../catalog/catalog-store.ts';

/**
 * Catalog answers shared by the posts built while the catalog stays as it is (its stamp: an import, here or by the
 * CLI, starts a new memo): thousands of clubs announced together show the same few papers from the same lists.
 */
export type CatalogMemo = Map<string, unknown>;

const memos = new WeakMap<Db, { stamp: string; memo: CatalogMemo }>();

/** The memo for the catalog as it is now. */
async function catalogMemo(db: Db): Promise<CatalogMemo> {
  const stamp = await catalogStamp(db);
  let m = memos.get(db.root);
  if (!m || m.stamp !== stamp || m.memo.size > 20_000) memos.set(db.root, (m = { stamp, memo: new Map() }));
  return m.memo;
}

async function remember<T>(memo: CatalogMemo | undefined, key: string, compute: () => Promise<T>): Promise<T> {
  if (!memo) return compute();
  if (memo.has(key)) return memo.get(key) as T;
  const value = await compute();
  memo.set(key, value);
  return value;
}

/**
 * The facts of the post for a meeting that has a paper (or had one, for the edit that says it is skipped); the caller
 * words them with render/weekly-post.ts renderWeeklyPost.
 */
export async function postFactsFor(db: Db, club: Club, meeting: Meeting, skippedPaperId?: number, memo?: CatalogMemo, now?: number): Promise<WeeklyPostFacts | null> {
  const paperId = meeting.paperId ?? skippedPaperId ?? null;
  if (paperId === null) return null;
  const community = communityOf(club);
  const paper = await remember(memo, `paper ${paperId}`, () => getPaper(db, paperId));
  if (!paper) return null;
  const timezone = meeting.timezone ?? club.timezone;
  // The club's own list's blurb for the paper (else the best of the others); the lists its community sees.
  const blurb = await remember(memo, `blurb ${paperId} ${community} ${club.sequenceSlug}`, () => clubBlurb(db, paper.id, club));
  const lists = await remember(memo, `lists ${paperId} ${community}`, () => listTitlesOfPaper(db, paper.id, community));
  return {
    club,
    slotAt: meeting.slotAt,
    number: meeting.number,
    timezone,
    paper: { ...paper, ...blurb },
    presenters: await presentersAt(db, club.id, meeting.slotAt),
    lists,
    skipped: skippedPaperId !== undefined,
    clockNote: clockNote(club, meeting.slotAt),
    event: await shownEvent(db, club.id, meeting.slotAt),
    // Rotation & wrap-up: a post edited once its meeting has started carries the wrap-up buttons (scheduler/wrap-up.ts).
    started: now !== undefined && now >= meeting.slotAt,
    pageUrl: await pageLinkForPost(db, club.id),
  };
}

/** A post begun for its meeting: the facts of what to send, and the meeting row recorded before the send. */
export interface BegunPostFacts {
  facts: WeeklyPostFacts;
  meeting: Meeting;
  club: Club;
}

/**
 * First half of a weekly post: the planned meeting of (club, slot) becomes a record 'posting' — the unique key that
 * makes the post happen once — with its paper, number and calendar identity. Returns the existing record when the
 * slot was already begun (so a retry after a crash re-sends the same post), and null when the slot is settled or
 * there is no paper planned for it.
 */
export async function beginPost(db: Db, clubId: number, slotAt: number, now?: number): Promise<BegunPostFacts | null> {
  return await db.transaction(async (db) => await beginPostNow(db, clubId, slotAt, undefined, now));
}

/**
 * beginPost for many clubs in one write transaction (one commit instead of one per post; each record is still
 * committed before its post is sent). Results are in the order asked.
 */
export async function beginPosts(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number }>, now?: number): Promise<Array<BegunPostFacts | null>> {
  return await db.transaction(async (db) => {
    const memo = await catalogMemo(db);
    return mapInOrder(items, (i) => beginPostNow(db, i.clubId, i.slotAt, memo, now));
  });
}

// `now`: a post made once its meeting has started (a club that posts at the meeting time) already carries the
// wrap-up buttons, instead of being edited to them straight after.
async function beginPostNow(db: Db, clubId: number, slotAt: number, memo: CatalogMemo | undefined, now: number | undefined): Promise<BegunPostFacts | null> {
  const club = await getClub(db, clubId);
  if (!club) return null;
  const existing = await getMeeting(db, clubId, slotAt);
  if (existing) {
    if (existing.status !== 'posting') return null;
    const facts = await postFactsFor(db, club, existing, undefined, memo, now);
    return facts ? { facts, meeting: existing, club } : null;
  }
  if (club.paused) return null;
  let planned = await plannedAt(db, clubId, slotAt);
  if (!planned) {
    // Beyond the plan's end (a club idle for a long while): it is extended first.
    await ensurePlan(db, club, Math.min(now ?? slotAt, slotAt - 1));
    planned = (await plannedAt(db, clubId, slotAt));
  }
  if (!planned || planned.paperId === null) return null;
  const number = (await meetingsHeld(db, clubId)) + 1;
  const meeting = await insertMeeting(db, { clubId, slotAt, number, timezone: club.timezone, paperId: planned.paperId, status: 'posting', uid: planned.uid, revision: planned.revision });
  await deletePlanned(db, planned.id);
  const facts = (await postFactsFor(db, club, meeting, undefined, memo, now))!;
  return { facts, meeting, club };
}

/** Second half: the platform accepted the post; reactions on `message` now count as read marks. */
export async function completePost(db: Db, clubId: number, slotAt: number, message: PostedMessage, now: number): Promise<void> {
  await db.transaction(async (db) => await completePostNow(db, clubId, slotAt, message, now));
}

/** completePost for many posts in one write transaction. */
export async function completePosts(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number; message: PostedMessage }>, now: number): Promise<void> {
  await db.transaction(async (db) => {
        for (const i of items) await completePostNow(db, i.clubId, i.slotAt, i.message, now);
      });
}

async function completePostNow(db: Db, clubId: number, slotAt: number, message: PostedMessage, now: number): Promise<void> {
  const platform = await clubPlatform(db, clubId);
  const meeting = await meetingStatusAt(db, clubId, slotAt);
  if (!platform || !meeting) return;
  await addMeetingPost(db, meeting.id, platform, message.channel, message.messageId);
  if (meeting.status === 'posting') await setMeetingStatus(db, meeting.id, 'posted', now);
}

/** Marks posted meetings whose time + duration has passed as done. Returns how many changed. */
export async function finishMeetings(db: Db, now: number, durationMs: number): Promise<number> {
  return (await markFinishedMeetings(db, durationMs, now)).changes;
}

/** A published post to edit: the facts of its fresh content, and where it was published. */
export interface PostUpdateFacts {
  facts: WeeklyPostFacts;
  messages: Array<{ platform: string; channel: string; messageId: string }>;
}

/**
 * When the meeting at `slotAt` has a published post, its fresh facts and messages (to edit after a sign-up); the
 * caller words them with render/reply.ts renderPostUpdate. With `now`, a meeting that has started keeps its wrap-up
 * buttons (an edit for a fetched title comes at any time).
 */
export async function postUpdateFacts(db: Db, club: Club, slotAt: number, now?: number): Promise<PostUpdateFacts | undefined> {
  const meeting = await getMeeting(db, club.id, slotAt);
  if (!meeting || (meeting.status !== 'posted' && meeting.status !== 'posting')) return undefined;
  const messages = await postsOfMeeting(db, meeting.id);
  const facts = await postFactsFor(db, club, meeting, undefined, undefined, now);
  return facts && messages.length ? { facts, messages } : undefined;
}

/**
 * Gives up a post that never went out and whose meeting has passed (it is never sent late): the meeting is recorded
 * missed and its paper goes to the next meeting, so no paper is used up by a meeting nobody was told of.
 */
export async function abandonPost(db: Db, clubId: number, slotAt: number, now: number = slotAt): Promise<boolean> {
  return await db.transaction(async (db) => {
    const club = await getClub(db, clubId);
    const meeting = await getMeeting(db, clubId, slotAt);
    if (!club || !meeting || meeting.status !== 'posting') return false;
    await markPostMissed(db, meeting.paperId, meeting.id);
    await missAnnounced(db, club, meeting, now);
    return true;
  });
}

/**
 * Takes back begun posts that were never handed to the platform (announceGroup: the platform failed before their
 * turn): each meeting is planned again with its paper, as if never begun.
 */
export async function withdrawPosts(db: Db, items: ReadonlyArray<{ clubId: number; slotAt: number }>): Promise<void> {
  await db.transaction(async (db) => {
    for (const { clubId, slotAt } of items) {
      const club = await getClub(db, clubId);
      const meeting = await getMeeting(db, clubId, slotAt);
      if (!club || !meeting || meeting.status !== 'posting') continue;
      await replan(db, club, meeting);
    }
  });
}
