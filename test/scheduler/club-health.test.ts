import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.ts';
import type { ChannelProblem } from '../../src/club/ports.ts';
import type { Club, Member, Where } from '../../src/club/types.ts';
import type { PostContent } from '../../src/render/weekly-post.ts';
import { clubBot, RUN_MODES, useRunMode, HOUR, WED, WEEK, type ClubBot } from './harness.ts';
import { MemoryDelivery, type MemoryPlatform } from './memory-platform.ts';
import { parkedClub } from '../../src/store/health.ts';

/** A platform where some channels refuse the bot for good (not invited, deleted), as adapters report it. */
class BrokenChannels extends MemoryDelivery {
  readonly broken = new Map<string, ChannelProblem>();
  readonly adminDms: Array<{ userId: string; text: string }> = [];
  checks = 0;

  constructor(world: MemoryPlatform, clock: Clock) {
    super(world, clock);
  }

  private guard(channel: string): void {
    const problem = this.broken.get(channel);
    if (problem) throw Object.assign(new Error(`channel ${channel}: ${problem.cause}`), { channelProblem: problem });
  }

  /** Channels of every postMeeting call, failed or not. */
  readonly postTries: string[] = [];

  override async postMeeting(club: Club, post: PostContent) {
    this.postTries.push(club.channel);
    this.guard(club.channel);
    return super.postMeeting(club, post);
  }

  override async notifyClub(club: Club, text: string) {
    this.guard(club.channel);
    return super.notifyClub(club, text);
  }

  override async remindPresenter(club: Club, presenter: Member, text: string) {
    this.guard(club.channel);
    return super.remindPresenter(club, presenter, text);
  }

  async checkChannel(where: Where): Promise<ChannelProblem | null> {
    this.checks++;
    return this.broken.get(where.channel) ?? null;
  }

  async directMessage(_club: Club, userId: string, text: string): Promise<void> {
    this.adminDms.push({ userId, text });
  }
}

const NOT_IN_CHANNEL: ChannelProblem = { cause: 'not_in_channel', advice: "I'm not in #c1 yet — invite me first." };

let h: ClubBot;
afterEach(async () => h?.close());

describe.each(RUN_MODES)('$how', ({ scanFrom }) => {
  beforeAll(() => useRunMode(scanFrom));

  /** Two clubs (c1, c2) on one platform whose channels can be broken; runs go club by club, in id order. */
  async function twoClubs() {
    h = await clubBot({ concurrency: 1 }, ['c1', 'c2']);
    // The same world and database, reached by a fresh process whose platform connection can refuse channels.
    const delivery = new BrokenChannels(h.world, h.clock);
    return { delivery, restart: () => h.downUntil(h.clock().getTime(), { concurrency: 1, deliveries: [delivery] }) };
  }

  describe('club health: a permanent channel problem parks one club, not the platform', () => {
    it('GIVEN one club whose channel refuses the bot THEN it is tried once, its admin is told once, and the other club still posts', async () => {
      const { delivery, restart } = await twoClubs();
      await restart();
      delivery.broken.set('c1', NOT_IN_CHANNEL);
      const [c1, c2] = h.ids;

      const report = await h.at(WED + 60_000);
      expect(report.posted.map((p) => p.clubId)).toEqual([c2]);
      expect(report.parked).toEqual([{ clubId: c1, cause: 'not_in_channel' }]);
      expect(delivery.postTries).toEqual(['c1', 'c2']); // c1 once (no retries on a permanent error), then c2
      expect(report.deferred.filter((d) => d.reason === 'platform-down')).toEqual([]);
      expect(delivery.adminDms).toHaveLength(1);
      expect(delivery.adminDms[0]).toMatchObject({ userId: 'admin' });
      expect(delivery.adminDms[0]!.text).toContain("I'm not in #c1 yet — invite me first.");
      expect(await parkedClub(h.bot.db, c1!)).toMatchObject({ cause: 'not_in_channel', told: true });

      // Later runs within the hour: no sends, no checks, nobody told again.
      const later = await h.at(WED + 30 * 60_000);
      expect(later.deferred).toEqual([{ clubId: c1, platform: 'console', reason: 'parked' }]);
      expect(delivery.postTries).toHaveLength(2);
      expect(delivery.checks).toBe(0);
      expect(delivery.adminDms).toHaveLength(1);

      // An hour on, the check still finds it broken: still parked, still told only once.
      await h.at(WED + 2 * HOUR);
      expect(delivery.checks).toBe(1);
      expect(delivery.adminDms).toHaveLength(1);
      expect(delivery.postTries).toHaveLength(2);
    });

    it('GIVEN a parked club WHEN the channel is fixed THEN the next hourly check unparks it and the club posts again', async () => {
      const { delivery, restart } = await twoClubs();
      await restart();
      delivery.broken.set('c1', NOT_IN_CHANNEL);
      const [c1] = h.ids;
      await h.at(WED + 60_000);
      delivery.broken.delete('c1');
      await h.at(WED + HOUR + 2 * 60_000);
      expect(delivery.checks).toBe(1);
      expect(await parkedClub(h.bot.db, c1!)).toBeNull();
      // That meeting is over (the lead's rule: never posted late); the next one goes out on time.
      const next = await h.at(WED + WEEK + 30_000);
      expect(next.posted.map((p) => p.clubId)).toContain(c1);
    });

    it('GIVEN a parked club WHEN an admin runs a club command there THEN it is unparked at once', async () => {
      const { delivery, restart } = await twoClubs();
      await restart();
      delivery.broken.set('c1', NOT_IN_CHANNEL);
      const [c1] = h.ids;
      await h.at(WED + 60_000);
      expect(await parkedClub(h.bot.db, c1!)).not.toBeNull();
      const reply = await h.admin('club settings', { presenters: 1 });
      expect(reply.error).toBeFalsy();
      expect(await parkedClub(h.bot.db, c1!)).toBeNull();
    });

    it('GIVEN the channel breaks again for another cause THEN the admin is told about the new cause', async () => {
      const { delivery, restart } = await twoClubs();
      await restart();
      const [c1] = h.ids;
      delivery.broken.set('c1', NOT_IN_CHANNEL);
      await h.at(WED + 60_000);
      delivery.broken.set('c1', { cause: 'is_archived', advice: '#c1 is archived.' });
      await h.at(WED + 2 * HOUR);
      expect(delivery.adminDms.map((d) => d.text.includes('archived'))).toEqual([false, true]);
      expect(await parkedClub(h.bot.db, c1!)).toMatchObject({ cause: 'is_archived', told: true });
    });
  });
});
