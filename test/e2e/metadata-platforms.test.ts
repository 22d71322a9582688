/**
 * A suggestion whose paper's title arrives after the answer, on Discord and Slack: the real discord.js and Bolt
 * adapters against their stand-ins, with look-ups against the arXiv and Semantic Scholar stand-ins made slow. The
 * answer goes out within Discord's and Slack's deadlines with the link, and is edited in place to the title.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetadataService } from '../../src/catalog/metadata/metadata-service.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { discordWorld } from './discord-world.ts';
import type { FakeArxiv } from './fake-arxiv.ts';
import type { FakeSemanticScholar } from './fake-semantic-scholar.ts';
import { DEEPSEEK, deepSeekStandIns } from './metadata-world.ts';
import { CHANNEL, slackWorld } from './slack-world.ts';

const ID = DEEPSEEK.id;
const TITLE = DEEPSEEK.title;

let arxiv: FakeArxiv;
let s2: FakeSemanticScholar;
let service: MetadataService | null = null;
beforeEach(async () => {
  ({ arxiv, s2 } = await deepSeekStandIns());
  // Slower than a command may wait (1.5 s): the title arrives after the answer.
  arxiv.delayMs = 2_500;
  s2.delayMs = 2_500;
});
afterEach(async () => {
  service?.stop();
  await arxiv.close();
  await s2.close();
});

/** Look-ups for a world's database (the world opens it, so the service is made when the core is). */
function lookupsFor(db: () => Db) {
  let made: MetadataService | null = null;
  return {
    get waitMs() {
      return 1_500;
    },
    request: async (ids: Iterable<number>, opts?: { background?: boolean }) => await (made ??= service = new MetadataService(db(), silentLogger, { arxivUrl: arxiv.url, s2Url: s2.url })).request(ids, opts),
    onChanged: () => {},
  };
}

describe('Discord', () => {
  it('GIVEN a slow look-up THEN /suggest answers with the link and its answer is edited to the real title', async () => {
    let dbRef: Db | null = null;
    const w = await discordWorld({ core: { lookups: lookupsFor(() => dbRef!) } });
    dbRef = w.db;
    try {
      await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
      const i = w.fake.slashCommand({ user: w.users.alice, channelId: w.channel, path: 'suggest', options: { paper: `https://arxiv.org/abs/${ID}` } });
      const first = await w.fake.waitForAnswer(i);
      expect(first.data.content ?? JSON.stringify(first.data)).toContain(`**arXiv:${ID}** (new to the catalog)`);
      const edit = await w.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/webhooks/`) && JSON.stringify(r.body).includes(TITLE));
      expect(JSON.stringify(edit.body)).toContain(`alice suggested **${TITLE}** (new to the catalog)`);
    } finally {
      await w.close();
    }
  }, 90_000);
});

describe('Slack', () => {
  it('GIVEN a slow look-up THEN /paperclub suggest answers with the link and the answer is replaced (response_url, replace_original) with the real title', async () => {
    let dbRef: Db | null = null;
    const w = await slackWorld({ core: { lookups: lookupsFor(() => dbRef!) } });
    dbRef = w.db;
    try {
      w.fake.invite(CHANNEL);
      await w.slashResponse('club setup', 'UBOSS');
      const first = (await w.slashResponse(`suggest https://arxiv.org/abs/${ID}`, 'UALICE')) as { text?: string; replace_original?: boolean };
      expect(first.text).toContain(`arXiv:${ID}`);
      expect(first.replace_original).toBe(false);
      const id = w.fake.responses.at(-1)!.id;
      const edited = (await w.fake.waitForResponse(id, 2)) as { text?: string; replace_original?: boolean };
      expect(edited.text).toContain(TITLE);
      expect(edited.replace_original).toBe(true);
      expect(w.fake.refusals).toEqual([]);
    } finally {
      await w.close();
    }
  }, 90_000);
});
