/**
 * Hole 4 of issue 23: a community's own wording of a paper must never become everyone's. When a shared list
 * carries the paper too — imported before or after the community's own list — the paper is named, nicknamed,
 * linked, summarised and keyed by the shared list; the community's own list still shows its own one-liner to it.
 */
import { describe, expect, it } from 'vitest';
import { importList } from '../../src/catalog/catalog-store.ts';
import type { Where } from '../../src/club/types.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { manualClock } from '../../src/clock.ts';
import { memoryLogger } from '../../src/logger.ts';
import { openDb } from '../../src/store/db.ts';
import { ADMIN } from '../helpers/club-fixture.ts';
import { getPaper, listPapers } from '../../src/store/catalog.ts';

const OURS = 'discord:guild-a';
const ELSEWHERE: Where = { platform: 'discord', workspace: 'guild-b', channel: 'b-club', channelName: 'b-club' };

const OWN_LIST = `# Guild A reading

- [Falconet: Our Private Words For The Transformer](https://arxiv.org/abs/1706.03762) — our team's private take on it.
- [Heron: Our Internal Name For Retrieval Notes](https://retrieval.example.com/paper) — our private retrieval blurb.
`;
const SHARED_LIST = `# Shared reading

- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
- [Retrieval Augmented Generation Survey](https://retrieval.example.com/paper)
`;
const PRIVATE_WORDS = /Falconet|Our Private Words|private take|Heron|Our Internal Name|private retrieval|our-internal-name/i;

async function catalog(order: 'own list first' | 'shared list first') {
  const db = openDb(':memory:');
  const own = async () => await importList(db, { slug: 'ours', owner: OURS, markdown: OWN_LIST });
  const shared = async () => await importList(db, { slug: 'shared', markdown: SHARED_LIST });
  if (order === 'own list first') (await own()), (await shared());
  else (await shared()), (await own());
  return db;
}

describe('GIVEN a paper on a community\'s own list and on a shared list (hole 4)', () => {
  for (const order of ['own list first', 'shared list first'] as const) {
    it(`THEN, ${order}, the paper carries the shared list's title, no nickname, link, key and one-liner of the community's`, async () => {
      const db = await catalog(order);
      const papers = [];
      for (const e of await listPapers(db, 'shared')) papers.push((await getPaper(db, e.paper.id))!);
      expect(papers.map((p) => [p.title, p.nickname, p.url, p.key, p.summary])).toEqual([
        ['Attention Is All You Need', null, 'https://arxiv.org/abs/1706.03762', '1706.03762', null],
        ['Retrieval Augmented Generation Survey', null, 'https://retrieval.example.com/paper', 'retrieval-augmented-generation-survey', null],
      ]);
      // The community's own list keeps showing it its own one-liners.
      expect((await listPapers(db, 'ours', { community: OURS })).map((e) => e.blurb)).toEqual(["Our team's private take on it.", 'Our private retrieval blurb.']);
    });
  }

  it('THEN another server\'s /paper show, search and autocomplete show the shared words only', async () => {
    const db = await catalog('own list first');
    await importList(db, { slug: 'club-list', markdown: '# Club\n\n1. [Some Club Paper](https://arxiv.org/abs/2301.00001): Club is all you need\n' });
    const core = new ClubCore({ db, clock: manualClock('2026-11-02T12:00:00Z'), logger: memoryLogger() });
    const run = (command: string, args: Record<string, unknown>) => core.execute({ where: ELSEWHERE, user: ADMIN, command, args: args as never });
    expect((await run('club setup', { list: 'club-list', when: '0 17 * * 3', timezone: 'UTC' })).error).toBeFalsy();
    for (const [paper, title] of [
      ['1706.03762', 'Attention Is All You Need'],
      ['https://retrieval.example.com/paper', 'Retrieval Augmented Generation Survey'],
    ]) {
      const shown = await run('paper show', { paper });
      expect(shown.title).toBe(title);
      expect(JSON.stringify(shown)).not.toMatch(PRIVATE_WORDS);
    }
    const search = await run('paper search', { query: 'retrieval' });
    expect(search.text).toContain('[Retrieval Augmented Generation Survey](https://retrieval.example.com/paper)');
    expect(search.text).not.toMatch(PRIVATE_WORDS);
    const choices = await core.suggest({ where: ELSEWHERE, user: ADMIN, source: 'paper', query: 'attention' });
    expect(choices.map((c) => c.name)).toContain('Attention Is All You Need');
    expect(JSON.stringify(choices)).not.toMatch(PRIVATE_WORDS);
  });
});
