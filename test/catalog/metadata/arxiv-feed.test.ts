/** arXiv's Atom answer, read with a real XML parser: the traps PLATFORM-NOTES lists, each on a feed shaped like arXiv's. */
import { describe, expect, it } from 'vitest';
import { parseArxivFeed } from '../../../src/catalog/metadata/arxiv-feed.ts';
import { firstSentence } from '../../../src/catalog/metadata/details.ts';
import { isPlaceholderTitle, lookupKeysOf } from '../../../src/catalog/metadata/lookup-keys.ts';
import { parseS2Batch } from '../../../src/catalog/metadata/semantic-scholar.ts';
import { BadAnswer, RateLimited } from '../../../src/catalog/metadata/types.ts';

// Shaped as export.arxiv.org answers id_list=1706.03762 (abridged): the feed's own link and title come first.
const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3D%26id_list%3D1706.03762" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=1706.03762&amp;start=0&amp;max_results=10</title>
  <id>http://arxiv.org/api/Xb1P0ZGdq2wH4uPsxqPu1Gi0Tm8</id>
  <updated>2026-12-07T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/1706.03762v7</id>
    <updated>2023-08-02T00:41:18Z</updated>
    <published>2017-06-12T17:57:34Z</published>
    <title>Attention Is All
  You Need</title>
    <summary>  The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks &amp; more. We propose a new simple network architecture.
</summary>
    <author><name>Ashish Vaswani</name></author>
    <author><name>Noam Shazeer</name></author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">15 pages, 5 figures</arxiv:comment>
    <link href="http://arxiv.org/abs/1706.03762v7" rel="alternate" type="text/html"/>
  </entry>
</feed>`;

describe('parseArxivFeed', () => {
  it('GIVEN a feed with its own title and link, a versioned entry id and hard-wrapped text THEN the paper is read by its bare id, whitespace collapsed', () => {
    const out = parseArxivFeed(FEED, ['1706.03762']);
    expect(out.get('1706.03762')).toEqual({
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      year: 2017,
      venue: null,
      abstract: 'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks & more. We propose a new simple network architecture.',
      tldr: null,
      externalIds: { arxiv: '1706.03762' },
      withdrawn: false,
    });
  });

  it('GIVEN an empty feed (totalResults 0) THEN every id asked is unknown', () => {
    const empty = FEED.replace(/<entry>[\s\S]*<\/entry>/, '');
    expect([...parseArxivFeed(empty, ['1706.03762', '2401.00001'])]).toEqual([
      ['1706.03762', null],
      ['2401.00001', null],
    ]);
  });

  it('GIVEN the HTTP 200 feed of one entry titled Error THEN it is a bad answer naming the reason, not a paper called Error', () => {
    const error = FEED.replace(/<entry>[\s\S]*<\/entry>/, `<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.1</id><title>Error</title><summary>incorrect id format for 1234.1</summary></entry>`);
    expect(() => parseArxivFeed(error, ['1234.1'])).toThrow(BadAnswer);
    expect(() => parseArxivFeed(error, ['1234.1'])).toThrow(/incorrect id format for 1234\.1/);
  });

  it('GIVEN the plain-text "Rate exceeded." THEN it is a rate limit; other text or broken XML are bad answers', () => {
    expect(() => parseArxivFeed('Rate exceeded.', ['1706.03762'])).toThrow(RateLimited);
    expect(() => parseArxivFeed('Service Unavailable', ['1706.03762'])).toThrow(BadAnswer);
    expect(() => parseArxivFeed('<html><body>oops</body></html>', ['1706.03762'])).toThrow(/no <feed>/);
  });
});

describe('parseS2Batch', () => {
  it('GIVEN a batch answer with a null and a paper without TLDR THEN unknown ids are null and the TLDR stays empty', () => {
    const body = JSON.stringify([
      null,
      { paperId: 'x', title: 'BERT', authors: [{ authorId: '1', name: 'Jacob Devlin' }], year: 2019, venue: '', tldr: null, externalIds: { ArXiv: '1810.04805', DOI: '10.18653/v1/N19-1423', ACL: 'N19-1423', CorpusId: 52967399 } },
    ]);
    const out = parseS2Batch(body, ['ARXIV:0000.00000', 'ARXIV:1810.04805']);
    expect(out.get('ARXIV:0000.00000')).toBeNull();
    expect(out.get('ARXIV:1810.04805')).toMatchObject({ title: 'BERT', venue: null, tldr: null, externalIds: { arxiv: '1810.04805', doi: '10.18653/v1/N19-1423', acl: 'N19-1423' } });
    expect(() => parseS2Batch('[null]', ['a', 'b'])).toThrow(/array of 2/);
    expect(() => parseS2Batch('<html>', ['a'])).toThrow(/not JSON/);
  });
});

describe('what to look a paper up by', () => {
  it('GIVEN arXiv, DOI, ACL Anthology and other links THEN each source gets its own forms of id, best first, and unknown sites none', () => {
    expect(lookupKeysOf({ arxivId: '1706.03762', url: 'https://arxiv.org/abs/1706.03762' })).toEqual({ arxiv: '1706.03762', s2: ['ARXIV:1706.03762'] });
    // ACL's DOIs (10.18653/v1/…) name an ACL Anthology id too.
    expect(lookupKeysOf({ arxivId: null, url: 'https://doi.org/10.18653/v1/N18-3011' })).toEqual({ arxiv: null, s2: ['DOI:10.18653/v1/n18-3011', 'ACL:N18-3011'] });
    expect(lookupKeysOf({ arxivId: null, url: 'https://aclanthology.org/2020.acl-main.463/' })).toEqual({ arxiv: null, s2: ['ACL:2020.acl-main.463'] });
    expect(lookupKeysOf({ arxivId: null, url: 'https://aclanthology.org/N19-1423.pdf' })).toEqual({ arxiv: null, s2: ['ACL:N19-1423'] });
    expect(lookupKeysOf({ arxivId: null, url: 'https://dl.acm.org/doi/10.1145/3442188.3445922' }).s2).toEqual(['DOI:10.1145/3442188.3445922', 'URL:https://dl.acm.org/doi/10.1145/3442188.3445922']);
    expect(lookupKeysOf({ arxivId: null, url: 'https://lilianweng.github.io/posts/2023-06-23-agent/' })).toEqual({ arxiv: null, s2: [] });
    // An arXiv id the catalog learned for a paper listed by its proceedings link comes first.
    expect(lookupKeysOf({ arxivId: null, url: 'https://aclanthology.org/N19-1423/' }, [{ kind: 'arxiv', value: '1810.04805' }])).toEqual({ arxiv: '1810.04805', s2: ['ARXIV:1810.04805', 'ACL:N19-1423'] });
  });

  it('GIVEN titles THEN only links, arXiv:ids and bare ids (arXiv, ACL, DOI) count as placeholders a fetched title may replace', () => {
    expect(['https://arxiv.org/abs/2405.04434', 'arXiv:2405.04434', '2405.04434', 'N19-1423', '2020.acl-main.463', '10.18653/v1/N19-1423'].map(isPlaceholderTitle)).toEqual([true, true, true, true, true, true]);
    expect(['Attention Is All You Need', 'GPT-4 Technical Report', 'LoRA'].map(isPlaceholderTitle)).toEqual([false, false, false]);
  });

  it('GIVEN abstracts THEN the first sentence ends at a real full stop, not at e.g. or et al.', () => {
    expect(firstSentence('We propose LoRA, e.g. for GPT-3. It freezes the weights.')).toBe('We propose LoRA, e.g. for GPT-3.');
    expect(firstSentence('Following Vaswani et al. we study attention. More follows.')).toBe('Following Vaswani et al. we study attention.');
    expect(firstSentence('One sentence without a stop')).toBe('One sentence without a stop');
    expect(firstSentence('x'.repeat(400))!.length).toBeLessThanOrEqual(300);
  });
});
