import { stmt } from '../store/statements.ts';
import { blurbFor, communityOf, getList, getPaper, listsOfPaper } from '../catalog/catalog-store.ts';
import type { PostedMessage } from '../club/ports.ts';
import { renderWeeklyPost, type PostContent } from '../render/weekly-post.ts';
import type { Db } from '../store/db.ts';
import type { PostUpdate } from '../render/reply.ts';
import {
  addMeetingPost,
  postsOfMeeting,
  getClub,
  getMeeting,
  insertMeeting,
  sequenceSlice,
  setMeetingStatus,
  updateClub,
} from './club-store.ts';
import { presentersOf } from './presenters.ts';
import type { Club, Meeting } from './types.ts';

/** Builds the post for a meeting that has a paper. */
export function postFor(db: Db, club: Club, meeting: Meeting): PostContent | null {
  if (meeting.paperId === null) return null;
  const paper = getPaper(db, meeting.paperId);
  if (!paper) return null;
  return renderWeeklyPost({
    club,
    slotAt: meeting.slotAt,
    week: meeting.week,
    // The club's own list's blurb for the paper (else the best of the others); the lists its community sees.
    paper: { ...paper, ...blurbFor(db, paper.id, getList(db, club.sequenceSlug, communityOf(club))) },
    presenters: presentersOf(db, club.id, paper.id),
    lists: listsOfPaper(db, paper.id, communityOf(club)).map((l) => l.title),
  });
}

/**
 * First half of a weekly post: records the meeting as 'posting' for (club, slot) — the unique key that makes
 * the post happen once — fixing its paper and advancing the sequence. Returns the existing record when the slot
 * was already begun (so a retry after a crash re-sends the same post), and null when the slot is settled or
 * there is nothing left to post.
 */
export function beginPost(db: Db, clubId: number, slotAt: number, now: number): { post: PostContent; meeting: Meeting } | null {
  return db.transaction(() => {
    const club = getClub(db, clubId);
    if (!club) return null;
    const existing = getMeeting(db, clubId, slotAt);
    if (existing) {
      if (existing.status !== 'posting') return null;
      const post = postFor(db, club, existing);
      return post ? { post, meeting: existing } : null;
    }
    if (club.paused) return null;
    const [paperId] = sequenceSlice(db, clubId, club.position, 1);
    if (paperId === undefined) return null;
    const meeting = insertMeeting(db, { clubId, slotAt, week: club.position + 1, paperId, status: 'posting' });
    const advanced = updateClub(db, clubId, { position: club.position + 1 });
    // Earlier meetings are over once a new one is posted.
    stmt(db, `UPDATE meetings SET status = 'done' WHERE club_id = ? AND status = 'posted' AND slot_at < ?`).run(clubId, slotAt);
    const post = postFor(db, advanced, meeting)!;
    return { post, meeting };
  }).immediate();
}

/** Second half: the platform accepted the post; reactions on `message` now count as read marks. */
export function completePost(db: Db, clubId: number, slotAt: number, message: PostedMessage, now: number): void {
  db.transaction(() => {
    const club = getClub(db, clubId);
    const meeting = getMeeting(db, clubId, slotAt);
    if (!club || !meeting) return;
    addMeetingPost(db, meeting.id, club.platform, message.channel, message.messageId);
    if (meeting.status === 'posting') setMeetingStatus(db, meeting.id, 'posted', now);
  })();
}


/** Marks posted meetings whose time + duration has passed as done. Returns how many changed. */
export function finishMeetings(db: Db, now: number, durationMs: number): number {
  return stmt(db, `UPDATE meetings SET status = 'done' WHERE status = 'posted' AND slot_at + ? <= ?`).run(durationMs, now).changes;
}

/** When the meeting at `slotAt` has a published post, its fresh content and messages (to edit after a sign-up). */
export function postUpdateFor(db: Db, club: Club, slotAt: number): PostUpdate | undefined {
  const meeting = getMeeting(db, club.id, slotAt);
  if (!meeting || (meeting.status !== 'posted' && meeting.status !== 'posting')) return undefined;
  const messages = postsOfMeeting(db, meeting.id);
  const post = postFor(db, club, meeting);
  return post && messages.length ? { post, messages } : undefined;
}
