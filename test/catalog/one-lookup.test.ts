/**
 * One lookup for the bot and the CLI (issue 9, item 11): a query with one clear best match resolves in both;
 * only real ambiguity asks "did you mean". The rule is documented on resolvePaper.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePaper } from '../../src/catalog/catalog-store.ts';
import { ADMIN, ALICE, clubFixture } from '../helpers/club-fixture.ts';

const f = await clubFixture();
const key = async (q: string) => {
  const r = await resolvePaper(f.db, q);
  return r.paper ? r.paper.key : null;
};

describe('GIVEN the seed lists', () => {
  it('THEN a nickname, a nickname with punctuation and a typo of one resolve', async () => {
    expect(await key('lora')).toBe('2106.09685');
    expect(await key('LoRA')).toBe('2106.09685');
    expect(await key('lorra')).toBe('2106.09685');
    expect(await key('GPT-3')).toBe('2005.14165');
    expect(await key('gpt3')).toBe('2005.14165');
    expect(await key('attenton is all you need')).toBe('1706.03762');
  });

  it('THEN the one title that begins with the words resolves even when others score close behind', async () => {
    expect(await key('attention')).toBe('1706.03762');
    expect(await key('scaling laws')).toBe('2001.08361');
  });

  it('THEN a genuinely ambiguous query asks, best candidates first', async () => {
    for (const q of ['diffusion', 'language models']) {
      const r = await resolvePaper(f.db, q);
      expect(r.paper, q).toBeNull();
      expect(r.paper === null && r.suggestions.length, q).toBeGreaterThan(2);
    }
  });
});

describe('GIVEN the bot', () => {
  it('THEN /paper show attention and /paper show GPT-3 answer the paper, not "did you mean"', async () => {
    const show = await f.run(ALICE, 'paper show', { paper: 'attention' });
    expect(show.error, show.text).toBeFalsy();
    expect(show.title).toBe('Attention Is All You Need');
    const gpt3 = await f.run(ALICE, 'paper show', { paper: 'GPT-3' });
    expect(gpt3.title).toBe('Language Models are Few-Shot Learners');
  });

  it('THEN /club pick attention picks it, and an ambiguous pick asks', async () => {
    await f.setup();
    const pick = await f.run(ADMIN, 'club pick', { paper: 'attention' });
    expect(pick.error, pick.text).toBeFalsy();
    expect(pick.text).toMatch(/Attention Is All You Need/);
    const ambiguous = await f.run(ADMIN, 'club pick', { paper: 'diffusion' });
    expect(ambiguous.error).toBeTruthy();
    expect(ambiguous.text).toMatch(/did you mean/);
  });
});

describe('GIVEN the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperclub-lookup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/paperclub.js', ...args], { env: { ...process.env, PAPERCLUB_DB: join(dir, 'cli.db') }, encoding: 'utf8' });

  it('THEN the same queries resolve (or ask) as in the bot', () => {
    expect(cli('paper', 'attention', '--json').stdout).toMatch(/"key": "1706.03762"/);
    expect(cli('paper', 'GPT-3', '--json').stdout).toMatch(/"key": "2005.14165"/);
    expect(cli('paper', 'diffusion').stdout).toMatch(/did you mean/);
  }, 90_000);
});
