import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importList } from '../../../src/catalog/catalog-store.ts';
import { manualClock } from '../../../src/clock.ts';
import { ClubCore } from '../../../src/club/core.ts';
import type { Where } from '../../../src/club/types.ts';
import { silentLogger } from '../../../src/logger.ts';
import { SlackDeliveryError } from '../../../src/platforms/slack/errors.ts';
import type { ListenerDeps } from '../../../src/platforms/slack/listeners/deps.ts';
import { publishPost } from '../../../src/platforms/slack/listeners/publish-post.ts';
import type { Delivery } from '../../../src/platforms/types.ts';
import { openDb } from '../../../src/store/db.ts';

const where: Where = { platform: 'slack', workspace: 'T1', channel: 'C1' };

async function setup() {
  const db = openDb(':memory:');
  importList(db, { slug: 'latent-space', markdown: readFileSync(new URL('../../../seeds/latent-space-paper-club.md', import.meta.url), 'utf8'), source: 'seed' });
  const core = new ClubCore({ db, clock: manualClock('2026-01-05T12:00:00Z'), logger: silentLogger });
  await core.execute({ where, user: { userId: 'UBOSS', displayName: 'Boss', isPlatformAdmin: true }, command: 'club setup', args: {} });
  const club = core.clubFor(where)!;
  const slotAt = Date.parse('2026-01-07T17:00:00Z');
  const begun = core.beginPost(club.id, slotAt)!;
  return { db, core, club, slotAt, post: begun.post };
}

function delivery(postMeeting: Delivery['postMeeting']): Delivery {
  const none = async () => {};
  return { platform: 'slack', postMeeting, findPost: async () => null, remindPresenter: none, notifyClub: none };
}

function deps(core: ClubCore, d: Delivery): ListenerDeps {
  return { core, delivery: d, logger: silentLogger, users: { lookup: async () => ({ displayName: 'x', isPlatformAdmin: false }) }, updatePost: async () => 0 };
}

describe('slack publishPost (a reply carrying a weekly post)', () => {
  it('GIVEN a reply with a post THEN it is delivered and recorded, so reactions on it count', async () => {
    const { db, core, post } = await setup();
    const sent: string[] = [];
    const d = delivery(async (_club, p) => {
      sent.push(p.key);
      return { channel: 'C1', messageId: '111.222' };
    });
    const reply = { private: false, text: 'Posted.', post };
    await publishPost(deps(core, d), where, reply, silentLogger);
    expect(sent).toEqual([post.key]);
    expect(db.prepare(`SELECT status FROM meetings`).get()).toEqual({ status: 'posted' });
    expect(core.reaction({ platform: 'slack', workspace: 'T1', channel: 'C1', messageId: '111.222', user: { userId: 'UA', displayName: 'A' }, emoji: 'white_check_mark', added: true })).toMatchObject({ applied: true });
  });

  it('GIVEN delivery fails with not_in_channel THEN the reply becomes the private "invite me" message and nothing is recorded', async () => {
    const { db, core, post } = await setup();
    const d = delivery(async () => {
      throw new SlackDeliveryError({ code: 'not_in_channel', userMessage: "I'm not in #club yet — invite me first." }, 'chat.postMessage');
    });
    const reply = { private: false, text: 'Posted.', post, buttons: [{ action: 'x', label: 'x' }] };
    await publishPost(deps(core, d), where, reply, silentLogger);
    expect(reply).toMatchObject({ private: true, error: true, text: "I'm not in #club yet — invite me first.", buttons: undefined });
    expect(db.prepare(`SELECT status FROM meetings`).get()).toEqual({ status: 'posting' });
  });
});
