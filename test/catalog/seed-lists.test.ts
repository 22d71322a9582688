import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import importMarkdown from '../../src/catalog/import-markdown.ts';

const seed = (name: string) => importMarkdown(readFileSync(new URL(`../../seeds/${name}.md`, import.meta.url)), name);

describe('GIVEN the Latent Space paper-club notes', () => {
  const list = seed('latent-space-paper-club');

  it('THEN it has 46 entries in list order and no header link', () => {
    expect(list.entries).toHaveLength(46);
    expect(list.entries.map((e) => e.position)).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
    expect(list.entries.some((e) => e.url.includes('latent.space'))).toBe(false);
    expect(list.title).toBe('llm-paper-notes');
  });

  it('THEN entry 1 keeps the "all you need" headline apart from its starred footnote', () => {
    const e = list.entries[0]!;
    expect(e.title).toBe('Attention Is All You Need');
    expect(e.url).toBe('https://arxiv.org/abs/1706.03762');
    expect(e.summary).toBe('Query, Key, and Value are all you need');
    expect(e.footnote).toMatch(/^Also position embeddings, multiple heads/);
  });

  it('THEN entry 25 (colon outside the bold) is Llama 2 with its headline', () => {
    const e = list.entries[24]!;
    expect(e.title).toBe('Llama 2: Open Foundation and Fine-Tuned Chat Models');
    expect(e.nickname).toBe('Llama 2');
    expect(e.summary).toBe('Iterative finetuning, PPO, rejection sampling, and ghost attention is all you need');
    expect(e.footnote).toMatch(/^Also, 27,540 SFT annotations/);
  });

  it('THEN entry 43 Self-Instruct keeps its repo and chat links as extra links, not entries', () => {
    const e = list.entries[42]!;
    expect(e.title).toMatch(/^Self-Instruct/);
    expect(e.extraLinks.map((l) => l.text)).toEqual(['GitHub Repo', 'LS Discord chat']);
    expect(e.summary).toBeNull();
    expect(list.entries.some((x) => x.url.includes('discord.com'))).toBe(false);
  });

  it('THEN nicknames come from "X;" and "X:" prefixes', () => {
    const byNick = new Map(list.entries.map((e) => [e.nickname, e]));
    expect(byNick.get('ALiBi')?.title).toBe('Train Short, Test Long: Attention with Linear Biases Enables Input Length Extrapolation');
    expect(byNick.get('ViT')?.title).toBe('An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale');
    expect(byNick.get('LoRA')?.title).toBe('LoRA: Low-Rank Adaptation of Large Language Models');
  });

  it('THEN non-paper links are recognized as such and headlines without footnotes have none', () => {
    expect(list.entries[31]!.kind).toBe('blog');
    expect(list.entries[41]!.kind).toBe('blog');
    expect(list.entries[41]!.summary).toBe('MOE is a architectural choice to route observations to subnetworks within a block.');
    expect(list.entries[10]!.footnote).toBeNull();
    expect(list.entries.every((e) => e.readMark === null)).toBe(true);
  });
});

describe('GIVEN the reading log written in blockquotes', () => {
  const list = seed('research-papers-read-recently');

  it('THEN it has 27 entries with the nested blockquote as summary', () => {
    expect(list.entries).toHaveLength(27);
    expect(list.entries[0]!.title).toBe('LoRA: Low-Rank Adaptation of Large Language Models');
    expect(list.entries[0]!.summary).toMatch(/^Introduced a method for efficiently fine-tuning LLMs/);
    expect(list.entries[10]!.title).toBe('Attention Is All You Need');
    expect(list.entries[19]!.summary).toBeNull(); // RouteLLM has no blurb
    expect(list.entries[26]!.summary).toBe('Word2Vec Paper 3');
  });
});

describe('GIVEN the research journal (front matter, sections, ✔️ marks as mojibake)', () => {
  const list = seed('mlcs-research-journal');

  it('THEN its title comes from the front matter', () => {
    expect(list.title).toBe('[MLCS] My Research Journal');
  });

  it('THEN it has 42 entries in 12 sections, 22 marked read', () => {
    expect(list.entries).toHaveLength(42);
    expect(new Set(list.entries.map((e) => e.section)).size).toBe(12);
    expect(list.entries.filter((e) => e.readMark === true)).toHaveLength(22);
    expect(list.entries.filter((e) => e.readMark === false)).toHaveLength(20);
  });

  it('THEN years, blurbs and TO READ markers are read per entry, and no mojibake is left', () => {
    const attention = list.entries.find((e) => e.title === 'Attention Is All You Need')!;
    expect(attention).toMatchObject({ year: 2017, readMark: true, section: 'Seminal Architectures' });
    expect(attention.summary).toBe('No list would be complete without the paper to rule them all.');
    const mamba = list.entries.find((e) => e.title.startsWith('Mamba'))!;
    expect(mamba).toMatchObject({ readMark: false, summary: null, year: 2023 });
    const cot = list.entries.find((e) => e.title.startsWith('Chain-of-Thought'))!;
    expect(cot.year).toBe(2022); // '(2022)' glued to the link
    expect(JSON.stringify(list)).not.toMatch(/‚úîÔ∏è|üöß|Ô∏è/);
    expect(list.entries.find((e) => e.title === 'The Bitter Lesson')!.kind).toBe('essay');
    expect(list.entries[0]!.kind).toBe('book');
  });
});

describe('GIVEN the messy AI diary', () => {
  const list = seed('ai-research-diary');
  const papers = list.entries.filter((e) => e.kind === 'paper');

  it('THEN all 11 of its papers are found, including those CommonMark reads as code', () => {
    expect(papers.map((e) => e.title)).toEqual([
      'Attention Is All You Need',
      'Are Emergent Abilities of Large Language Models a Mirage?',
      'Exploiting Novel GPT-4 APIs',
      'Orca: Progressive Learning from Complex Explanation Traces of GPT-4',
      'Open Problems in Mechanistic Interpretability',
      'Scaling Laws for Neural Language Models',
      'In-Context Learning and Induction Heads',
      'Learning to Simulate Dynamic Environments with GameGAN',
      'World Models',
      'Mastering Atari with Discrete World Models',
      'V-JEPA: Latent Video Prediction for Visual Representation Learning',
    ]);
  });

  it('THEN no image is an entry, the repeated Transformer link is one entry, and credits are extra links', () => {
    expect(list.entries.some((e) => /\.(png|jpe?g|gif)$/i.test(e.url))).toBe(false);
    expect(list.entries.filter((e) => e.url === 'https://arxiv.org/abs/1706.03762')).toHaveLength(1);
    const orca = papers.find((e) => e.nickname === 'Orca')!;
    expect(orca.extraLinks.map((l) => l.text)).toEqual(['Cameron Wolfe', 'twitter thread']);
    expect(orca.summary).toBe('Can large language models (LLMs) train themselves?');
  });

  it('THEN the other resources are kept with their kind', () => {
    const others = list.entries.filter((e) => e.kind !== 'paper');
    expect(others.map((e) => e.kind).sort()).toEqual(['blog', 'blog', 'blog', 'thread', 'thread']);
  });
});
