/** Shared set-up of the metadata tests: a catalog of papers, both stand-ins, and a service pointed at them. */
import { importList } from '../../src/catalog/catalog-store.ts';
import { MetadataService, type MetadataOptions } from '../../src/catalog/metadata/metadata-service.ts';
import { memoryLogger } from '../../src/logger.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { FakeArxiv, type ArxivVersion } from './fake-arxiv.ts';
import { FakeSemanticScholar, type S2Paper } from './fake-semantic-scholar.ts';
import { valuesOf } from '../helpers/sql.ts';

/** A synthetic arXiv id for paper n (2401.00001 …), five digits as ids from 2015 on have. */
export function arxivIdOf(n: number): string {
  return `2401.${String(n).padStart(5, '0')}`;
}

export function arxivPaper(n: number, over: Partial<ArxivVersion> = {}): ArxivVersion {
  return {
    title: `A Study of Things Number ${n}`,
    summary: `We study thing ${n} in depth. It turns out to matter a great deal.`,
    authors: [`Ada Lovelace ${n}`, 'Alan Turing'],
    published: '2024-01-02T18:00:00Z',
    ...over,
  };
}

export function s2Paper(n: number, over: Partial<S2Paper> = {}): S2Paper {
  return {
    paperId: `s2-${n}`,
    title: `A Study of Things Number ${n}`,
    authors: [`Ada Lovelace ${n}`, 'Alan Turing'],
    year: 2024,
    venue: 'NeurIPS',
    abstract: null,
    tldr: `Thing ${n} matters, and this paper shows why.`,
    externalIds: { ArXiv: arxivIdOf(n), CorpusId: 100_000 + n },
    ...over,
  };
}

/** A markdown list of bare arXiv links (what members paste): each paper's title is its link until looked up. */
export function bareLinkList(ids: string[]): string {
  return `# Bare links\n\n${ids.map((id) => `- https://arxiv.org/abs/${id}`).join('\n')}\n`;
}

export interface MetadataWorld {
  db: Db;
  arxiv: FakeArxiv;
  s2: FakeSemanticScholar;
  logger: ReturnType<typeof memoryLogger>;
  service(opts?: MetadataOptions): MetadataService;
  close(): Promise<void>;
}

/** Both stand-ins (throttling below `gapMs`), a fresh database, and services that close with the world. */
export async function metadataWorld(opts: { gapMs?: number; s2?: ConstructorParameters<typeof FakeSemanticScholar>[0] } = {}): Promise<MetadataWorld> {
  const gap = opts.gapMs ?? 30;
  const arxiv = new FakeArxiv({ minGapMs: gap });
  const s2 = new FakeSemanticScholar(opts.s2 ?? {});
  await arxiv.start();
  await s2.start();
  const db = openDb(':memory:');
  const logger = memoryLogger();
  const services: MetadataService[] = [];
  return {
    db,
    arxiv,
    s2,
    logger,
    service(o = {}) {
      const s = new MetadataService(db, logger, { arxivUrl: arxiv.url, s2Url: s2.url, gapMs: { arxiv: gap, s2: gap }, ...o });
      services.push(s);
      return s;
    },
    async close() {
      for (const s of services) s.stop();
      await arxiv.close();
      await s2.close();
      await db.close();
    },
  };
}

/** Imports a list under `slug` and returns its paper ids in list order. */
export async function importBare(db: Db, slug: string, ids: string[]): Promise<number[]> {
  await importList(db, { slug, markdown: bareLinkList(ids) });
  return (await valuesOf(db, `SELECT e.paper_id FROM list_entries e JOIN lists l ON l.id = e.list_id WHERE l.slug = ? ORDER BY e.position`, slug) as number[]);
}

/** A real paper as arXiv lists it (abridged), for the tests that show a suggestion by link. */
export const DEEPSEEK = {
  id: '2405.04434',
  title: 'DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model',
  version: {
    title: 'DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model',
    summary: 'We present DeepSeek-V2, a strong Mixture-of-Experts (MoE) language model. It has 236B parameters.',
    authors: ['DeepSeek-AI'],
    published: '2024-05-07T17:58:30Z',
  } satisfies ArxivVersion,
};

/** Both stand-ins started, arXiv knowing DeepSeek-V2. */
export async function deepSeekStandIns(): Promise<{ arxiv: FakeArxiv; s2: FakeSemanticScholar }> {
  const arxiv = new FakeArxiv();
  const s2 = new FakeSemanticScholar();
  await arxiv.start();
  await s2.start();
  arxiv.addPaper(DEEPSEEK.id, DEEPSEEK.version);
  return { arxiv, s2 };
}
