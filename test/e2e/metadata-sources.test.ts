/**
 * The metadata look-ups against local stand-ins of arXiv and Semantic Scholar (fake-arxiv.ts, fake-semantic-scholar.ts):
 * batching, pacing, 429 and Retry-After, unknown / withdrawn / versioned ids, malformed answers, no network.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperDetails, fetchedOneLiner } from '../../src/catalog/metadata/details.ts';
import { cachedLookup } from '../../src/catalog/metadata/metadata-store.ts';
import { fetchArxiv } from '../../src/catalog/metadata/arxiv-source.ts';
import { fetchSemanticScholar } from '../../src/catalog/metadata/semantic-scholar.ts';
import { RateLimited } from '../../src/catalog/metadata/types.ts';
import { arxivIdOf, arxivPaper, importBare, metadataWorld, s2Paper, type MetadataWorld } from './metadata-world.ts';
import { getPaper } from '../../src/store/catalog.ts';
import { valueOf } from '../helpers/sql.ts';

let w: MetadataWorld;
afterEach(async () => w?.close());

describe('look-ups in batches, at each source\'s pace', () => {
  beforeEach(async () => {
    w = await metadataWorld({ gapMs: 40 });
  });

  it('GIVEN 250 bare arXiv links THEN arXiv is asked in 3 requests of at most 100 ids, spaced by the gap, and Semantic Scholar in 1; every title is filled', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => arxivIdOf(i + 1));
    ids.forEach((id, i) => {
      w.arxiv.addPaper(id, arxivPaper(i + 1));
      w.s2.addPaper(s2Paper(i + 1));
    });
    const paperIds = await importBare(w.db, 'bare', ids);
    expect((await getPaper(w.db, paperIds[0]!))!.title).toBe(ids[0]);
    const service = w.service();
    const req = await service.request(paperIds);
    expect(req.pending).toBe(true);
    await req.settled;
    expect(w.arxiv.requests.map((r) => r.ids.length)).toEqual([100, 100, 50]);
    // max_results always names the batch: arXiv's default of 10 would cut it short.
    expect(w.arxiv.requests.map((r) => r.maxResults)).toEqual([100, 100, 50]);
    expect(w.arxiv.requests.every((r) => r.refused === null)).toBe(true);
    const gaps = w.arxiv.requests.slice(1).map((r, i) => r.at - w.arxiv.requests[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(40);
    expect(w.s2.requests.map((r) => r.ids.length)).toEqual([250]);
    expect(w.s2.requests[0]!.fields).toBe('title,authors,year,venue,externalIds,tldr,abstract');
    expect((await getPaper(w.db, paperIds[0]!))!.title).toBe('A Study of Things Number 1');
    expect((await getPaper(w.db, paperIds[249]!))!.title).toBe('A Study of Things Number 250');
    expect(service.requestCounts()).toEqual({ arxiv: 3, s2: 1 });
    // Cached: asking again sends nothing.
    expect((await service.request(paperIds)).pending).toBe(false);
  });

  it('GIVEN a paper asked for again while its request is under way THEN no second request is sent and both askers hear the answer', async () => {
    w.arxiv.addPaper(arxivIdOf(1), arxivPaper(1));
    w.arxiv.delayMs = 200;
    w.s2.delayMs = 200;
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(1)]);
    const service = w.service();
    const first = await service.request([id!]);
    await new Promise((r) => setTimeout(r, 100));
    const second = await service.request([id!]);
    expect(second.pending).toBe(true);
    await Promise.all([first.settled, second.settled]);
    expect(service.requestCounts()).toEqual({ arxiv: 1, s2: 1 });
    expect((await getPaper(w.db, id!))!.title).toBe('A Study of Things Number 1');
  });

  it('GIVEN 600 papers THEN Semantic Scholar gets 500 ids and then 100 (its batch limit), and the stand-in refuses 501', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => arxivIdOf(i + 1));
    ids.forEach((_, i) => w.s2.addPaper(s2Paper(i + 1)));
    const paperIds = await importBare(w.db, 'bare', ids);
    await (await w.service().request(paperIds)).settled;
    expect(w.s2.requests.map((r) => r.ids.length)).toEqual([500, 100]);
    await expect(fetchSemanticScholar(Array.from({ length: 501 }, (_, i) => `ARXIV:${arxivIdOf(i + 1)}`), { url: w.s2.url, fetch })).rejects.toThrow(/HTTP 400.*more than 500/);
  });

  it('GIVEN a paper known to both THEN the details merge: arXiv\'s title, authors and year, Semantic Scholar\'s venue and TLDR, each with its source', async () => {
    w.arxiv.addPaper(arxivIdOf(7), arxivPaper(7, { title: 'Attention Is All\n   You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'] }));
    w.s2.addPaper(s2Paper(7, { title: 'Attention is All you Need', venue: 'Neural Information Processing Systems', year: 2017 }));
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(7)]);
    await (await w.service().request([id!])).settled;
    const d = await paperDetails(w.db, id!);
    expect(d.title).toMatchObject({ value: 'Attention Is All You Need', source: 'arxiv' });
    expect(d.authors).toMatchObject({ value: ['Ashish Vaswani', 'Noam Shazeer'], source: 'arxiv' });
    expect(d.year).toMatchObject({ value: 2024, source: 'arxiv' });
    expect(d.venue).toMatchObject({ value: 'Neural Information Processing Systems', source: 's2' });
    expect(await fetchedOneLiner(w.db, id!)).toEqual({ summary: 'Thing 7 matters, and this paper shows why.', footnote: 'summary: Semantic Scholar TLDR' });
  });
});

describe('ids the sources do not know, withdrawn and versioned papers', () => {
  beforeEach(async () => {
    w = await metadataWorld();
  });

  it('GIVEN an id neither source knows THEN it is cached as not found (asked again only in a week) and the paper keeps its link as title', async () => {
    const [id] = await importBare(w.db, 'bare', ['2401.99999']);
    const service = w.service();
    await (await service.request([id!])).settled;
    expect(await cachedLookup(w.db, 'arxiv', '2401.99999')).toMatchObject({ state: 'not-found' });
    expect(await cachedLookup(w.db, 's2', 'ARXIV:2401.99999')).toMatchObject({ state: 'not-found' });
    expect((await getPaper(w.db, id!))!.title).toBe('2401.99999');
    expect((await service.request([id!])).pending).toBe(false);
    const later = w.service({ now: () => Date.now() + 8 * 86_400_000 });
    expect((await later.request([id!])).pending).toBe(true);
  });

  it('GIVEN a withdrawn paper THEN its title is used but its abstract (the withdrawal notice) is never a one-liner', async () => {
    w.arxiv.addPaper(arxivIdOf(3), arxivPaper(3), arxivPaper(3, { summary: 'This paper has been withdrawn by the author due to an error in Lemma 2.', comment: 'This paper has been withdrawn' }));
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(3)]);
    await (await w.service().request([id!])).settled;
    expect((await getPaper(w.db, id!))!.title).toBe('A Study of Things Number 3');
    expect((await paperDetails(w.db, id!)).withdrawn).toBe(true);
    expect(await fetchedOneLiner(w.db, id!)).toBeNull();
  });

  it('GIVEN a paper with two versions, listed by its v1 link THEN the look-up asks the bare id and shows the latest version\'s title', async () => {
    w.arxiv.addPaper(arxivIdOf(4), arxivPaper(4, { title: 'Old Title' }), arxivPaper(4, { title: 'New Title' }));
    const md = `# V\n\n- https://arxiv.org/abs/${arxivIdOf(4)}v1\n`;
    const { importList } = await import('../../src/catalog/catalog-store.ts');
    await importList(w.db, { slug: 'v', markdown: md });
    const id = await valueOf(w.db, 'SELECT id FROM papers WHERE arxiv_id = ?', arxivIdOf(4)) as number;
    await (await w.service().request([id])).settled;
    expect(w.arxiv.requests[0]!.ids).toEqual([arxivIdOf(4)]);
    expect((await getPaper(w.db, id))!.title).toBe('New Title');
    // The stand-in answers a versioned id with that version (manual §5.1.1), entry id and all (after the gap).
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`${w.arxiv.url}?id_list=${arxivIdOf(4)}v1&max_results=1`);
    expect(await res.text()).toMatch(new RegExp(`<id>http://arxiv.org/abs/${arxivIdOf(4).replace('.', '\\.')}v1</id>[\\s\\S]*Old Title`));
  });
});

describe('throttling and malformed answers', () => {
  beforeEach(async () => {
    w = await metadataWorld({ gapMs: 20 });
    w.arxiv.addPaper(arxivIdOf(1), arxivPaper(1));
    w.s2.addPaper(s2Paper(1));
  });

  it('GIVEN Semantic Scholar answers 429 with Retry-After: 1 THEN the same batch is sent again no sooner than a second later and succeeds', async () => {
    w.s2.failNext('too-many');
    w.s2.retryAfterSeconds = 1;
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(1)]);
    await (await w.service().request([id!])).settled;
    expect(w.s2.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(w.s2.requests[1]!.at - w.s2.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(await cachedLookup(w.db, 's2', `ARXIV:${arxivIdOf(1)}`)).toMatchObject({ state: 'found' });
  });

  it('GIVEN arXiv throttles with a plain-text "Rate exceeded." (as 429, then as HTTP 200) THEN the bot backs off exponentially and gets the feed on the third try', async () => {
    w.arxiv.failNext('rate-exceeded', 'rate-exceeded-200');
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(1)]);
    await (await w.service().request([id!])).settled;
    const r = w.arxiv.requests;
    expect(r.map((x) => x.refused)).toEqual(['rate-exceeded', 'rate-exceeded-200', null]);
    // gap 20 ms: back-off 40 ms, then 80 ms.
    expect(r[1]!.at - r[0]!.at).toBeGreaterThanOrEqual(40);
    expect(r[2]!.at - r[1]!.at).toBeGreaterThanOrEqual(80);
    expect((await getPaper(w.db, id!))!.title).toBe('A Study of Things Number 1');
  });

  it('GIVEN arXiv\'s HTTP 200 feed with one entry titled Error THEN nothing is taken from it: the look-up is failed, retried a minute later', async () => {
    w.arxiv.failNext('error-entry');
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(1)]);
    const service = w.service();
    await (await service.request([id!])).settled;
    const c = (await cachedLookup(w.db, 'arxiv', arxivIdOf(1)))!;
    expect(c).toMatchObject({ state: 'failed', failures: 1 });
    expect(c.retryAt! - c.fetchedAt).toBe(60_000);
    // Semantic Scholar answered meanwhile: its title fills the gap already.
    expect((await paperDetails(w.db, id!)).title).toMatchObject({ source: 's2', value: 'A Study of Things Number 1' });
    expect((await getPaper(w.db, id!))!.title).toBe('A Study of Things Number 1');
    const later = w.service({ now: () => Date.now() + 61_000 });
    await (await later.request([id!])).settled;
    expect(await cachedLookup(w.db, 'arxiv', arxivIdOf(1))).toMatchObject({ state: 'found', failures: 0 });
  });

  it('GIVEN a failed look-up THEN it is tried again by itself once its back-off ends, and the paper gets its title', async () => {
    w.arxiv.failNext('server-error');
    w.s2.failNext('server-error');
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(1)]);
    const service = w.service({ firstRetryMs: 300 });
    await (await service.request([id!])).settled;
    expect((await getPaper(w.db, id!))!.title).toBe(arxivIdOf(1));
    const until = Date.now() + 5_000;
    const done = async () => (await getPaper(w.db, id!))!.title === 'A Study of Things Number 1' && (await cachedLookup(w.db, 's2', `ARXIV:${arxivIdOf(1)}`))?.state === 'found';
    while (!(await done()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await getPaper(w.db, id!))!.title).toBe('A Study of Things Number 1');
    expect(w.arxiv.requests[1]!.at - w.arxiv.requests[0]!.at).toBeGreaterThanOrEqual(300);
    expect(service.requestCounts()).toEqual({ arxiv: 2, s2: 2 });
  });

  it('GIVEN malformed answers (text instead of a feed, an HTML 502, truncated JSON, a 500) THEN each is a failure whose wait doubles, and the paper is untouched', async () => {
    w.arxiv.failNext('not-xml', 'server-error');
    w.s2.failNext('html', 'truncated');
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(1)]);
    let t = Date.now();
    await (await w.service({ now: () => t }).request([id!])).settled;
    expect(await cachedLookup(w.db, 'arxiv', arxivIdOf(1))).toMatchObject({ state: 'failed', failures: 1 });
    expect(await cachedLookup(w.db, 's2', `ARXIV:${arxivIdOf(1)}`)).toMatchObject({ state: 'failed', failures: 1 });
    t += 61_000;
    await (await w.service({ now: () => t }).request([id!])).settled;
    const a = (await cachedLookup(w.db, 'arxiv', arxivIdOf(1)))!;
    expect(a).toMatchObject({ state: 'failed', failures: 2 });
    expect(a.retryAt! - a.fetchedAt).toBe(120_000);
    expect((await getPaper(w.db, id!))!.title).toBe(arxivIdOf(1));
    expect(w.logger.lines.filter((l) => l.msg.startsWith('metadata look-up failed')).length).toBe(4);
  });

  it('GIVEN a Semantic Scholar key THEN it goes in the x-api-key header and never into the log', async () => {
    await w.close();
    w = await metadataWorld({ s2: { keys: ['s2-key-secret'] } });
    w.s2.addPaper(s2Paper(1));
    const [id] = await importBare(w.db, 'bare', [arxivIdOf(1)]);
    await (await w.service({ s2ApiKey: 's2-key-secret' }).request([id!])).settled;
    expect(w.s2.requests[0]!.key).toBe('s2-key-secret');
    expect(JSON.stringify(w.logger.lines)).not.toContain('s2-key-secret');
  });
});

describe('the stand-ins keep the services\' rules', () => {
  beforeEach(async () => {
    w = await metadataWorld({ gapMs: 200 });
    w.arxiv.addPaper(arxivIdOf(1), arxivPaper(1));
  });

  it('GIVEN two arXiv requests at once, or one too soon after another THEN the second is throttled ("Rate exceeded."), which the client reads as a rate limit', async () => {
    w.arxiv.delayMs = 100;
    const both = await Promise.allSettled([fetchArxiv([arxivIdOf(1)], { url: w.arxiv.url, fetch }), fetchArxiv([arxivIdOf(1)], { url: w.arxiv.url, fetch })]);
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((both[1] as PromiseRejectedResult).reason).toBeInstanceOf(RateLimited);
    await expect(fetchArxiv([arxivIdOf(1)], { url: w.arxiv.url, fetch })).rejects.toBeInstanceOf(RateLimited);
    expect(w.arxiv.requests.map((r) => r.refused)).toEqual([null, 'parallel', 'too soon']);
  });

  it('GIVEN max_results over 2,000, a malformed id, or no max_results THEN arXiv\'s rules: an Error entry, an Error entry, and at most 10 entries', async () => {
    const ask = async (query: string) => {
      await new Promise((r) => setTimeout(r, 250));
      return (await fetch(`${w.arxiv.url}?${query}`)).text();
    };
    expect(await ask(`id_list=${arxivIdOf(1)}&max_results=2001`)).toMatch(/<title>Error<\/title>\s*<summary>max_results must be an integer between 0 and 2000/);
    await expect(ask('id_list=1234.1')).resolves.toMatch(/<summary>incorrect id format for 1234\.1<\/summary>/);
    for (let i = 2; i <= 12; i++) w.arxiv.addPaper(arxivIdOf(i), arxivPaper(i));
    const twelve = Array.from({ length: 12 }, (_, i) => arxivIdOf(i + 1)).join(',');
    expect((await ask(`id_list=${twelve}`)).match(/<entry>/g)).toHaveLength(10);
  });
});

describe('no network', () => {
  it('GIVEN both sources unreachable THEN 50 papers give one log line, nobody waits afterwards, and every title stays as the list wrote it', async () => {
    w = await metadataWorld();
    const ids = Array.from({ length: 50 }, (_, i) => arxivIdOf(i + 1));
    const paperIds = await importBare(w.db, 'bare', ids);
    // A port nobody listens on: connection refused, as with no network.
    const service = w.service({ arxivUrl: 'http://127.0.0.1:9/api/query', s2Url: 'http://127.0.0.1:9/graph/v1' });
    await (await service.request(paperIds.slice(0, 25))).settled;
    const second = await service.request(paperIds.slice(25));
    expect(second.pending).toBe(false);
    const lines = w.logger.lines.filter((l) => l.level !== 'debug');
    expect(lines.map((l) => l.msg)).toEqual(['paper metadata unreachable: papers show what their lists say; look-ups try again later']);
    expect(await Promise.all(paperIds.map(async (id) => (await getPaper(w.db, id))!.title))).toEqual(ids);
  });
});
