/**
 * Identity gets better, never worse (issue 27, item 5, on issue 26's paper_identifiers): the ids a look-up finds join
 * the paper's identifiers, so the same work reached by another link is the same paper; a look-up never merges two
 * papers, nor gives a paper a second id of a kind it has.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identifiersOf, importList, resolvePaper } from '../../src/catalog/catalog-store.ts';
import { addFetchedIdentifiers } from '../../src/catalog/metadata/metadata-store.ts';
import { resolveSuggestion } from '../../src/club/suggestions.ts';
import { arxivPaper, metadataWorld, s2Paper, type MetadataWorld } from './metadata-world.ts';
import { listPapers } from '../../src/store/catalog.ts';
import { valueOf } from '../helpers/sql.ts';

const BERT_ARXIV = '1810.04805';
const BERT_ACL = 'https://aclanthology.org/N19-1423/';
const BERT_DOI = '10.18653/v1/N19-1423';

let w: MetadataWorld;
beforeEach(async () => {
  w = await metadataWorld();
  // Semantic Scholar knows BERT by its ACL id, with its arXiv id and DOI.
  w.s2.addPaper(s2Paper(1, { title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding', externalIds: { ArXiv: BERT_ARXIV, DOI: BERT_DOI, ACL: 'N19-1423', CorpusId: 52967399 } }));
  w.arxiv.addPaper(BERT_ARXIV, arxivPaper(1, { title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding' }));
});
afterEach(async () => w.close());

/** Imports a list of bare links and returns the ids of its papers in order. */
async function bare(slug: string, ...urls: string[]): Promise<number[]> {
  await importList(w.db, { slug, markdown: `# ${slug}\n\n${urls.map((u) => `- ${u}`).join('\n')}\n` });
  return (await listPapers(w.db, slug)).map((p) => p.paper.id);
}

describe('identity from look-ups', () => {
  it('GIVEN a paper listed by its ACL Anthology link THEN the arXiv id and DOI found join its identifiers, and its arXiv link (a list, /suggest, a search) finds that same paper', async () => {
    const [bert] = await bare('acl', BERT_ACL);
    expect((await identifiersOf(w.db, bert!)).map((i) => i.kind)).toEqual(['acl', 'url']);
    await (await w.service().request([bert!])).settled;
    expect((await identifiersOf(w.db, bert!)).map((i) => `${i.kind} ${i.value}`)).toEqual([`arxiv ${BERT_ARXIV}`, `doi ${BERT_DOI.toLowerCase()}`, 'acl N19-1423', 'url aclanthology.org/N19-1423']);
    const [viaArxiv] = await bare('arxiv', `https://arxiv.org/abs/${BERT_ARXIV}v2`);
    expect(viaArxiv).toBe(bert);
    expect(await resolveSuggestion(w.db, `https://arxiv.org/abs/${BERT_ARXIV}`, false)).toMatchObject({ paper: { id: bert }, created: false });
    expect((await resolvePaper(w.db, `https://doi.org/${BERT_DOI}`)).paper?.id).toBe(bert);
    // Known by its arXiv id now, arXiv is asked for it too.
    await (await w.service().request([bert!])).settled;
    expect(w.arxiv.requests.flatMap((r) => r.ids)).toEqual([BERT_ARXIV]);
  });

  it('GIVEN the arXiv id a look-up finds already names another paper THEN the two stay two papers, each with its own ids', async () => {
    const [arxivPaperId] = await bare('arxiv', `https://arxiv.org/abs/${BERT_ARXIV}`);
    const [aclPaperId] = await bare('acl', BERT_ACL);
    expect(aclPaperId).not.toBe(arxivPaperId);
    await (await w.service().request([aclPaperId!])).settled;
    expect((await identifiersOf(w.db, aclPaperId!)).map((i) => i.kind)).toEqual(['doi', 'acl', 'url']);
    expect(await identifiersOf(w.db, arxivPaperId!)).toEqual([expect.objectContaining({ kind: 'arxiv', value: BERT_ARXIV })]);
    expect(await valueOf(w.db, 'SELECT COUNT(*) FROM papers')).toBe(2);
  });

  it('GIVEN a paper known by one DOI THEN a source naming another DOI for it adds none, but the arXiv id it lacked joins (a look-up never gives a paper a second id of a kind)', async () => {
    const [paper] = await bare('doi', 'https://doi.org/10.1000/mine');
    expect(await addFetchedIdentifiers(w.db, paper!, { doi: '10.1000/other', arxiv: '2401.00077' })).toEqual([{ kind: 'arxiv', value: '2401.00077' }]);
    expect((await identifiersOf(w.db, paper!)).map((i) => `${i.kind} ${i.value}`)).toEqual(['arxiv 2401.00077', 'doi 10.1000/mine', 'url doi.org/10.1000/mine']);
  });
});

describe('a paper suggested by its arXiv link', () => {
  it('GIVEN /suggest of an arXiv link new to the catalog THEN a list with that link later finds the same paper (its arXiv id is one of its identifiers)', async () => {
    const suggested = await resolveSuggestion(w.db, `https://arxiv.org/abs/${BERT_ARXIV}`, false);
    expect(suggested.created).toBe(true);
    const [listed] = await bare('later', `https://arxiv.org/abs/${BERT_ARXIV}`);
    expect(listed).toBe(suggested.paper.id);
  });
});
