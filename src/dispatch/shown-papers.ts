import { mapInOrder } from '../in-order.ts';
/**
 * When a look-up fills a paper's title or one-liner, what already shows the paper is edited in place: the published
 * weekly posts of its meeting and the open ballots it is on. A post still being sent is remembered and edited once
 * its message is recorded.
 */
import { NO_LOOKUPS, type PaperLookups } from '../catalog/metadata/lookups.ts';
import { servedHere, type Delivery } from '../club/ports.ts';
import { postUpdateFacts } from '../club/posting.ts';
import { renderPostUpdate } from '../render/reply.ts';
import type { Club, Platform } from '../club/types.ts';
import { showVote } from './vote-flow.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { announcedMeetingsOfPaper } from '../store/meetings.ts';
import { getClub } from '../store/clubs.ts';
import { plannedRows } from '../store/plan.ts';
import { openVotesWithPaper } from "../store/votes.ts";

export interface ShownPapersDeps {
  db: Db;
  logger: Logger;
  now: () => number;
  deliveryOf: (platform: Platform) => Delivery | undefined;
  /** Members' home pages show titles too (Slack App Home). */
  workspaceChanged: (club: Club) => void;
  lookups: PaperLookups;
}

export class ShownPapers {
  /** Posts begun but not yet recorded when their paper's details arrived: `clubId:slotAt`. */
  private readonly unsent = new Set<string>();

  constructor(private readonly deps: ShownPapersDeps) {}

  /**
   * Edits every post that shows these papers (title, one-liner) and every ballot with one whose title changed (a
   * ballot shows titles only); failures are logged, never thrown.
   */
  async papersChanged(paperIds: readonly number[], titled: readonly number[] = paperIds): Promise<void> {
    const { db } = this.deps;
    // Each post and ballot once, however many of its papers changed.
    const posts = new Map((await mapInOrder(paperIds, (id) => announcedMeetingsOfPaper(db, id))).flat().map((m) => [`${m.clubId}:${m.slotAt}`, m]));
    const votes = new Map((await mapInOrder(titled, (id) => openVotesWithPaper(db, id))).flat().map((v) => [v.id, v]));
    const touched = new Map<number, Club>();
    // Only this process's clubs: another process's Discord shards edit their own servers' posts.
    const here = (club: Club | null): club is Club => club !== null && servedHere(this.deps.deliveryOf(club.platform), club);
    for (const [key, m] of posts) {
      const club = await getClub(db, m.clubId);
      if (!here(club)) continue;
      touched.set(club.id, club);
      // Remembered before the edit is tried, not after it failed: a post whose message is recorded while the edit
      // reads it would otherwise be missed by both (postRecorded found nothing remembered, the edit no message).
      this.unsent.add(key);
      if (await this.editPost(club, m.slotAt)) this.unsent.delete(key);
    }
    for (const v of votes.values()) {
      const club = await getClub(db, v.clubId);
      if (!here(club)) continue;
      touched.set(club.id, club);
      await showVote(db, this.deps.deliveryOf(club.platform), club, v.id, this.deps.now(), this.deps.logger);
    }
    for (const club of touched.values()) this.deps.workspaceChanged(club);
  }

  /**
   * Asks for the details of the papers posts show: the ones just begun, and each club's next two planned meetings',
   * behind commands' look-ups. A late answer edits the post, and by the next post its paper is usually known already.
   */
  async lookUpNext(begun: ReadonlyArray<{ clubId: number; paperId: number | null }>): Promise<void> {
    const { db, lookups } = this.deps;
    if (lookups === NO_LOOKUPS || !begun.length) return;
    const ids = begun.flatMap((b) => (b.paperId === null ? [] : [b.paperId]));
    for (const clubId of new Set(begun.map((b) => b.clubId))) {
      ids.push(...(await plannedRows(db, clubId)).flatMap((r) => (r.paperId === null ? [] : [r.paperId])).slice(0, 2));
    }
    if (ids.length) lookups.request(ids, { background: true }).catch((err) => this.deps.logger.warn('could not ask for the details of posted papers', { err }));
  }

  /** A post's message was recorded: when its paper's details arrived while it was being sent, it is edited now. */
  async postRecorded(clubId: number, slotAt: number): Promise<void> {
    if (!this.unsent.delete(`${clubId}:${slotAt}`)) return;
    const club = await getClub(this.deps.db, clubId);
    if (club) await this.editPost(club, slotAt);
  }

  /** Edits a meeting's published post on its club's platform; false when it has no recorded message yet. */
  private async editPost(club: Club, slotAt: number): Promise<boolean> {
    const update = renderPostUpdate(await postUpdateFacts(this.deps.db, club, slotAt, this.deps.now()));
    const delivery = this.deps.deliveryOf(club.platform);
    if (!update) return false;
    if (!delivery?.updatePost) return true;
    for (const m of update.messages.filter((x) => x.platform === club.platform)) {
      try {
        await delivery.updatePost(club, update.post, { channel: m.channel, messageId: m.messageId });
      } catch (err) {
        this.deps.logger.warn('post not edited with its paper\'s fetched details', { clubId: club.id, slotAt, err });
      }
    }
    return true;
  }
}
