import { describe, expect, it } from 'vitest';
import { ADMIN, clubFixture } from '../helpers/club-fixture.ts';

const LIST = [
  '# Serving reading list',
  '',
  '- [Efficient Memory Management for LLM Serving](https://arxiv.org/abs/2309.06180) - vLLM; paged attention for the KV cache.',
  '- [FlashAttention](https://arxiv.org/abs/2205.14135) - word2vec-era ideas, IO-aware.',
  '- [Orca: A Distributed Serving System](https://www.usenix.org/conference/osdi22/presentation/yu) - a serving system with iteration-level scheduling.',
  '',
].join('\n');

describe('GIVEN an admin importing a list file by a path', () => {
  it('WHEN /club import names lists/serving.md THEN the slug comes from the file name only, and blurbs keep the list’s own capitalisation', async () => {
    const f = await clubFixture();
    await f.setup();
    const imported = await f.run(ADMIN, 'club import', { file: { name: 'lists/serving.md', content: LIST } });
    expect(imported.error, imported.text).toBeFalsy();
    expect(imported.text).toMatch(/as `serving`:/);
    expect(imported.text).not.toMatch(/lists-serving/);
    const shown = await f.line(ADMIN, '/paper list serving');
    expect(shown.text).toMatch(/— vLLM; paged attention for the KV cache\./);
    expect(shown.text).toMatch(/— word2vec-era ideas, IO-aware\./);
    // A blurb that starts mid-sentence with a plain word still reads as a sentence.
    expect(shown.text).toMatch(/— A serving system with iteration-level scheduling\./);
  });
});
