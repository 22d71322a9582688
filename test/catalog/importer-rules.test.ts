import { describe, it, expect } from 'vitest';
import repairMojibake from '../../src/catalog/mojibake.ts';
import splitNickname from '../../src/catalog/nickname.ts';
import detectKind from '../../src/catalog/resource-kind.ts';
import { splitFootnote, firstSentence, summarize } from '../../src/catalog/entry-text.ts';
import { arxivIdFromUrl, normalizeUrl } from '../../src/canonical-ids.ts';
import importMarkdown from '../../src/catalog/import-markdown.ts';
import { UserError } from '../../src/errors.ts';
import { normalizeTitle, arxivIdFromText } from '../../src/canonical-ids.ts';

describe('mojibake repair', () => {
  it('GIVEN UTF-8 read as Mac Roman THEN it restores the characters', () => {
    expect(repairMojibake('‚úîÔ∏è read')).toBe('✔️ read');
    expect(repairMojibake('\uF8FFüöß Under Construction')).toBe('🚧 Under Construction');
  });
  it('GIVEN proper text THEN it is left alone', () => {
    for (const s of ['café Jürgen', 'naïve — “quotes”', '✔️ 🚧', 'plain ascii']) expect(repairMojibake(s)).toBe(s);
  });
});

describe('canonical ids', () => {
  it('GIVEN arXiv abs, pdf, export hosts, versions and .pdf THEN one id', () => {
    for (const url of ['https://arxiv.org/abs/1706.03762', 'https://arxiv.org/pdf/1706.03762v5.pdf', 'http://export.arxiv.org/abs/1706.03762v2', 'https://www.arxiv.org/pdf/1706.03762']) {
      expect(arxivIdFromUrl(url)).toBe('1706.03762');
    }
    expect(arxivIdFromUrl('https://arxiv.org/abs/hep-th/9901001v1')).toBe('hep-th/9901001');
    expect(arxivIdFromText('arXiv:2106.09685')).toBe('2106.09685');
  });
  it('GIVEN a broken arXiv id THEN no id is guessed', () => {
    expect(arxivIdFromUrl('https://arxiv.org/abs/2001.083613')).toBeNull();
    expect(arxivIdFromUrl('https://arxiv.org/abs/2013.01234')).toBeNull();
  });
  it('GIVEN URL variants THEN they normalize alike', () => {
    expect(normalizeUrl('https://www.Example.com/a/?utm_source=x#frag')).toBe('example.com/a');
    expect(normalizeUrl('https://openreview.net/pdf?id=X')).toBe(normalizeUrl('https://openreview.net/forum?id=X'));
    expect(normalizeTitle('  Attention   is all you NEED! ')).toBe('attention is all you need');
  });
});

describe('nicknames', () => {
  it.each([
    ['ALiBi; Train Short, Test Long: Attention with Linear Biases', 'ALiBi', 'Train Short, Test Long: Attention with Linear Biases'],
    ['LoRA: Low-Rank Adaptation of Large Language Models', 'LoRA', 'LoRA: Low-Rank Adaptation of Large Language Models'],
    ['ViT; An Image is Worth 16x16 Words', 'ViT', 'An Image is Worth 16x16 Words'],
    ['Llama 2: Open Foundation and Fine-Tuned Chat Models', 'Llama 2', 'Llama 2: Open Foundation and Fine-Tuned Chat Models'],
    ['Large Language Models: A Survey', null, 'Large Language Models: A Survey'],
    ['Attention Is All You Need', null, 'Attention Is All You Need'],
  ])('GIVEN %s THEN nickname %s', (raw, nickname, title) => {
    expect(splitNickname(raw)).toEqual({ nickname, title });
  });
});

describe('summaries', () => {
  it('GIVEN a starred footnote THEN headline and footnote are apart', () => {
    expect(splitFootnote('Encoder is all you need*. Left-to-right is NOT all you need. (*Also, pre-training + finetuning)')).toEqual({
      headline: 'Encoder is all you need. Left-to-right is NOT all you need.',
      footnote: 'Also, pre-training + finetuning',
    });
    expect(splitFootnote('*A projection layer is all you need (*Also, 400 million (!) pairs)').footnote).toBe('Also, 400 million (!) pairs');
  });
  it('GIVEN a blurb THEN the first sentence, abbreviations respected', () => {
    expect(firstSentence('Uses e.g. LoRA. Then more.')).toBe('Uses e.g. LoRA.');
    expect(summarize('', ['a survey paper. More text.']).summary).toBe('A survey paper.');
  });
});

describe('resource kinds', () => {
  it.each([
    ['https://arxiv.org/abs/1706.03762', 'paper'],
    ['https://twitter.com/x/status/1', 'thread'],
    ['https://someone.substack.com/p/x', 'blog'],
    ['http://jalammar.github.io/illustrated-transformer/', 'blog'],
    ['https://worldmodels.github.io/', 'paper'],
    ['https://github.com/a/b', 'code'],
    ['https://www.youtube.com/watch?v=1', 'video'],
    ['http://incompleteideas.net/book/the-book-2nd.html', 'book'],
  ])('GIVEN %s THEN %s', (url, kind) => expect(detectKind(url)).toBe(kind));
});

describe('importer shapes', () => {
  it('GIVEN task-list checkboxes, reference links and a table THEN all are entries', () => {
    const md = '# L\n\n- [x] [Read One](https://a.example/1)\n- [ ] [Unread](https://a.example/2)\n\n[Ref Paper][r]\n\n[r]: https://arxiv.org/abs/2106.09685\n\n| Paper | Note |\n|---|---|\n| [In Table](https://b.example/t) | nice |\n';
    const { entries } = importMarkdown(md);
    expect(entries.map((e) => [e.title, e.readMark])).toEqual([
      ['Read One', true],
      ['Unread', false],
      ['Ref Paper', false],
      ['In Table', false],
    ]);
  });
  it('GIVEN anchors, relative links, images only THEN no entries and a UserError', () => {
    expect(() => importMarkdown('# T\n\n[top](#top) [rel](./x.md) ![img](https://x.example/a.png)\n')).toThrow(UserError);
  });
  it('GIVEN fenced code THEN links inside are not entries; indented code is re-read', () => {
    const { entries } = importMarkdown('# T\n\n```\n- [Code](https://c.example/1)\n```\n\n- [Real](https://r.example/1)\n\n    -[Deep](https://d.example/1)\n');
    expect(entries.map((e) => e.title)).toEqual(['Real', 'Deep']);
  });
  it('GIVEN bad input THEN clear UserErrors', () => {
    expect(() => importMarkdown(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]))).toThrow(/binary/);
    expect(() => importMarkdown(Buffer.from('caf\xe9 [x](https://a.example)', 'latin1'))).toThrow(/not valid UTF-8/);
    expect(() => importMarkdown('x'.repeat(1024 * 1024 + 1))).toThrow(/at most 1 MiB/);
    expect(() => importMarkdown('# Only a title\n\nno links')).toThrow(/no entries/);
  });
});

describe('rules for real list shapes', () => {
  const titles = (md: string) => importMarkdown(md).entries.map((e) => e.title);

  it.each(['Paper', 'pdf', '[pdf]', '(PDF)', 'html', '[html]', 'arXiv', 'Code', '[code]', 'Tweet', 'Project', 'Blog', 'Video', 'Slides', 'PAPER', '[Project Page]'])(
    'GIVEN entries whose only links are labelled %s THEN the label never becomes a title',
    (label) => {
      const md = [
        '# L',
        '',
        `- **Sparse Routing Revisited** [${label}](https://arxiv.org/abs/2401.00011)`,
        `- [${label}](https://arxiv.org/abs/2401.00012)`,
        '',
        `**[3]** Doe, Jane. "**Gated Memories**." Venue (2016). [${label}](https://arxiv.org/abs/2401.00013)`,
        '',
        '| Title | Links |',
        '| --- | --- |',
        `| **Quiet Gradients** - a blurb | [${label}](https://arxiv.org/abs/2401.00014) |`,
      ].join('\n');
      const got = titles(md);
      expect(got).toEqual(expect.arrayContaining(['Sparse Routing Revisited', 'Gated Memories', 'Quiet Gradients']));
      const bare = label.replace(/[^\p{L}]/gu, '').toLowerCase();
      expect(got.filter((t) => t.replace(/[^\p{L}]/gu, '').toLowerCase() === bare)).toEqual([]);
    },
  );

  it('GIVEN rows with the same label but different arXiv ids THEN they stay different entries', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `| **Paper** | [Paper](https://arxiv.org/abs/2402.${String(10000 + i)}) |`);
    const md = ['# L', '', '| Title | Links |', '| --- | --- |', ...rows].join('\n');
    const { entries } = importMarkdown(md);
    expect(entries).toHaveLength(30);
    expect(new Set(entries.map((e) => e.url)).size).toBe(30);
  });

  it('GIVEN one title linked to two different arXiv ids or two different pages THEN two entries', () => {
    const md = '# L\n\n- [Scaling Laws](https://arxiv.org/abs/2001.08361)\n- [Scaling Laws](https://arxiv.org/abs/2203.15556)\n- [A Survey](https://a.example/one)\n- [A Survey](https://b.example/two)\n';
    expect(importMarkdown(md).entries.map((e) => e.url)).toEqual([
      'https://arxiv.org/abs/2001.08361',
      'https://arxiv.org/abs/2203.15556',
      'https://a.example/one',
      'https://b.example/two',
    ]);
  });

  it('GIVEN newsletter, social and navigation links in the header, body and footer THEN none is an entry', () => {
    const md = [
      '# Weekly',
      '',
      '[Subscribe](https://news.example.com/subscribe) | [Follow us](https://twitter.com/weekly) | [Join our Discord](https://discord.gg/abc)',
      '',
      '## This week',
      '',
      '- [Real Paper Title](https://arxiv.org/abs/2401.00021)',
      '- [Join our Discord](https://discord.com/invite/abc)',
      '- [Follow me on LinkedIn](https://www.linkedin.com/in/someone)',
      '- [Back to top](#weekly)',
      '',
      '---',
      '',
      'Like it? [Subscribe to the newsletter](https://news.example.com/subscribe) or [sponsor us](https://github.com/sponsors/weekly).',
    ].join('\n');
    expect(titles(md)).toEqual(['Real Paper Title']);
  });

  it('GIVEN a schedule with a dead week THEN the dead week is not an entry and the video is an extra link', () => {
    const md = [
      '| Week | Date | Paper |',
      '| --- | --- | --- |',
      '| 1 | Sep 4 | [Doe et al. "First Paper Title" (2019).](https://arxiv.org/abs/1904.01111) [video](https://youtube.com/watch?v=1) |',
      '| 2 | Sep 11 | No session, dead week |',
      '| 3 | Sep 18 | Midterm break |',
      '| 4 | Sep 25 | [Roe. "Second Paper Title" (2020).](https://arxiv.org/abs/2001.01111) |',
    ].join('\n');
    const { entries } = importMarkdown(md);
    expect(entries.map((e) => [e.title, e.authors, e.year])).toEqual([
      ['First Paper Title', 'Doe et al.', 2019],
      ['Second Paper Title', 'Roe', 2020],
    ]);
    expect(entries[0]!.extraLinks).toEqual([{ text: 'video', url: 'https://youtube.com/watch?v=1' }]);
  });

  it('GIVEN task items linking to in-page anchors THEN each gets its heading\'s link and the heading adds no second entry', () => {
    const md = '# Q\n\n- [x] [Gated Memories](#gated-memories)\n- [ ] [Quiet Gradients](#quiet-gradients)\n\n### [Gated Memories](https://arxiv.org/abs/2401.00031)\n\nWhy it matters.\n\n### [Quiet Gradients](https://c.example/qg)\n';
    const { entries } = importMarkdown(md);
    expect(entries.map((e) => [e.title, e.url, e.readMark, e.summary])).toEqual([
      ['Gated Memories', 'https://arxiv.org/abs/2401.00031', true, 'Why it matters.'],
      ['Quiet Gradients', 'https://c.example/qg', false, null],
    ]);
  });

  it('GIVEN an empty link or an anchor to a heading without a link THEN a title-only entry; a table of contents gives none', () => {
    const md = '# Q\n\n## Contents\n\n- [Queue](#queue)\n\n## Queue\n\n- [ ] [Gated Memories]()\n- [ ] [Quiet Gradients](#quiet-gradients)\n\n### Quiet Gradients\n\nNo link for this one yet.\n';
    const { entries } = importMarkdown(md);
    expect(entries.map((e) => [e.title, e.url, e.kind])).toEqual([
      ['Gated Memories', '', 'paper'],
      ['Quiet Gradients', '', 'paper'],
    ]);
  });

  it('GIVEN an awesome-list THEN repos, tools and courses are kept with their kind, not as papers', () => {
    const md = '# A\n\n## Papers\n\n- [Gated Memories](https://arxiv.org/abs/2401.00041)\n\n## Tools\n\n- [nanotool](https://nanotool.example.dev) - a tool.\n- [nanoGPT](https://github.com/karpathy/nanoGPT)\n\n## Courses\n\n- [Deep Learning 101](https://dl101.example.edu) - a course.\n';
    expect(importMarkdown(md).entries.map((e) => [e.title, e.kind])).toEqual([
      ['Gated Memories', 'paper'],
      ['nanotool', 'code'],
      ['nanoGPT', 'code'],
      ['Deep Learning 101', 'course'],
    ]);
  });
});

describe('a link cut off in the middle', () => {
  const shape = (doc: string) => importMarkdown(doc).entries.map((e) => [e.title, e.url, e.summary]);

  it('GIVEN a list item whose link never closes THEN it is an entry of its own, kept by its title, not the previous entry’s summary', () => {
    expect(shape('# List\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n- [BERT: Pre-training](https://arxiv.org/abs/1810.04\n- [LoRA](https://arxiv.org/abs/2106.09685)\n')).toEqual([
      ['Attention Is All You Need', 'https://arxiv.org/abs/1706.03762', null],
      ['BERT: Pre-training', '', null],
      ['LoRA', 'https://arxiv.org/abs/2106.09685', null],
    ]);
  });

  it('GIVEN a quoted entry (the Latent Space shape) cut, with the next line glued on THEN the glued text is that entry’s own', () => {
    const doc = '> [Fast Transformer Decoding](https://arxiv.org/abs/1911.02150)\n>> Introduced Multi-Query Attention\n\n> [GLU Variants Improve Transformer](https://arxiv.org/pdf/ proposed GLU activations for Transformers\n';
    expect(shape(doc)).toEqual([
      ['Fast Transformer Decoding', 'https://arxiv.org/abs/1911.02150', 'Introduced Multi-Query Attention'],
      ['GLU Variants Improve Transformer', '', 'Proposed GLU activations for Transformers'],
    ]);
  });
});
