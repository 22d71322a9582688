import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { openDb, migrate } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { importList, identifiersOf, findPaperByIdentifier, addPaperIdentifiers, getPaperByKey } from '../../src/catalog/catalog-store.ts';
import importMarkdown from '../../src/catalog/import-markdown.ts';
import describeUnplaced from '../../src/catalog/unplaced-report.ts';
import { rowsOf, valueOf } from '../helpers/sql.ts';
import { listPapers } from '../../src/store/catalog.ts';
import { clubBlurb } from '../../src/catalog/catalog-store.ts';

const ids = async (db: ReturnType<typeof openDb>, paperId: number) => (await identifiersOf(db, paperId)).map((i) => `${i.kind}:${i.value}`);

describe('GIVEN papers known by several identifiers', () => {
  it('THEN an entry with an ACL Anthology link and an arXiv link beside it keeps both, and any of them (in any form) finds it', async () => {
    const db = openDb(':memory:');
    await importList(db, { slug: 'a', markdown: '# A\n\n- **Universal Sentence Encoders, Compared** [ACL](https://aclanthology.org/2020.acl-main.77/) [arXiv](https://arxiv.org/abs/2004.05211v2) [Code](https://github.com/example/use)\n' });
    const byArxiv = (await findPaperByIdentifier(db, 'arxiv', 'arXiv:2004.05211v3'))!;
    expect(byArxiv.title).toBe('Universal Sentence Encoders, Compared');
    expect(await ids(db, byArxiv.id)).toEqual(['arxiv:2004.05211', 'acl:2020.acl-main.77', 'url:aclanthology.org/2020.acl-main.77']);
    expect((await findPaperByIdentifier(db, 'acl', 'https://aclanthology.org/2020.acl-main.77.pdf'))?.id).toBe(byArxiv.id);
    expect((await findPaperByIdentifier(db, 'url', 'https://www.aclanthology.org/2020.acl-main.77/?utm_source=x'))?.id).toBe(byArxiv.id);
    // The code link names no paper: it is not an identifier.
    expect(await findPaperByIdentifier(db, 'url', 'https://github.com/example/use')).toBeNull();
    // Another list linking only the ACL page finds the same paper, not a second one.
    await importList(db, { slug: 'b', markdown: '# B\n\n- [USE, compared](https://aclanthology.org/2020.acl-main.77.pdf)\n' });
    expect(await valueOf(db, 'SELECT COUNT(*) FROM papers')).toBe(1);
  });

  it('THEN two works with one title and different identifiers stay two papers, in one list and across lists', async () => {
    const db = openDb(':memory:');
    await importList(db, { slug: 'a', markdown: '# A\n\n- [Deep learning](https://www.nature.com/articles/nature14539) (2015)\n' });
    await importList(db, { slug: 'b', markdown: '# B\n\n- [Deep learning](https://www.deeplearningbook.org/) (2016)\n- [Parsing With Compositional Vector Grammars](https://aclanthology.org/P13-1045.pdf)\n- [Parsing With Compositional Vector Grammars](https://arxiv.org/abs/1303.2468)\n' });
    const deep = await rowsOf(db, `SELECT id, url FROM papers WHERE norm_title = 'deep learning' ORDER BY id`) as Array<{ id: number; url: string }>;
    expect(deep.map((p) => p.url)).toEqual(['https://www.nature.com/articles/nature14539', 'https://www.deeplearningbook.org/']);
    expect(await ids(db, deep[0]!.id)).toEqual(['doi:10.1038/nature14539', 'url:nature.com/articles/nature14539']);
    // The paper listed twice (ACL first, arXiv later) keeps the arXiv id: it is found by it.
    expect((await findPaperByIdentifier(db, 'arxiv', '1303.2468'))?.url).toBe('https://arxiv.org/abs/1303.2468');
    expect((await findPaperByIdentifier(db, 'acl', 'P13-1045'))?.title).toBe('Parsing With Compositional Vector Grammars');
  });

  it('THEN a title-only entry still joins the paper of its title, and the paper then has the link’s identifiers', async () => {
    const db = openDb(':memory:');
    await importList(db, { slug: 'a', markdown: '# A\n\n- [ ] [Quiet Gradients in Linear Nets]()\n' });
    await importList(db, { slug: 'b', markdown: '# B\n\n- [Quiet Gradients in Linear Nets](https://arxiv.org/abs/2402.01711)\n' });
    const p = (await getPaperByKey(db, '2402.01711')) ?? (await findPaperByIdentifier(db, 'arxiv', '2402.01711'))!;
    expect(await valueOf(db, 'SELECT COUNT(*) FROM papers')).toBe(1);
    expect(await ids(db, p.id)).toEqual(['arxiv:2402.01711']);
  });

  it('THEN addPaperIdentifiers records new ones and leaves one that names another paper to it', async () => {
    const db = openDb(':memory:');
    await importList(db, { slug: 'a', markdown: '# A\n\n- [One](https://arxiv.org/abs/2401.00011)\n- [Two](https://arxiv.org/abs/2401.00012)\n' });
    const one = (await findPaperByIdentifier(db, 'arxiv', '2401.00011'))!;
    expect(await addPaperIdentifiers(db, one.id, [{ kind: 'doi', value: 'https://doi.org/10.1000/XYZ' }, { kind: 'arxiv', value: '2401.00012' }, { kind: 'doi', value: 'not a doi' }])).toBe(1);
    expect((await findPaperByIdentifier(db, 'doi', '10.1000/xyz'))?.id).toBe(one.id);
    expect((await findPaperByIdentifier(db, 'arxiv', '2401.00012'))?.title).toBe('Two');
  });

  it('THEN a paper first imported from another community’s list shows this community its own list’s URL', async () => {
    const db = openDb(':memory:');
    await importList(db, { slug: 'theirs', owner: 'discord:1', markdown: '# T\n\n- [Reading Notes on Sparse Models](https://their.example.org/sparse)\n' });
    await importList(db, { slug: 'ours', owner: 'discord:2', markdown: '# O\n\n- [Reading Notes on Sparse Models](https://their.example.org/sparse?utm_source=ours)\n' });
    const [row] = await listPapers(db, 'ours', { community: 'discord:2' });
    expect(row!.paper.url).toBe('https://their.example.org/sparse?utm_source=ours');
    expect((await clubBlurb(db, row!.paper.id, { sequenceSlug: 'ours', platform: 'discord', workspace: '2' })).url).toBe('https://their.example.org/sparse?utm_source=ours');
    expect((await listPapers(db, 'theirs', { community: 'discord:1' }))[0]!.paper.url).toBe('https://their.example.org/sparse');
  });
});

describe('GIVEN a database made before paper identifiers existed', () => {
  it('THEN migrating backfills every paper’s arXiv id and its URLs’ identifiers, and nothing is lost', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migrations.findIndex((m) => m.name === '0014-paper-identifiers');
    migrate(db, before);
    db.exec(`INSERT INTO lists (id, owner, slug, title, imported_at) VALUES (1, '', 'old', 'Old', 0);
      INSERT INTO papers (id, key, title, url, arxiv_id, norm_url, norm_title) VALUES
        (1, '1706.03762', 'Attention Is All You Need', 'https://arxiv.org/abs/1706.03762', '1706.03762', 'arxiv:1706.03762', 'attention is all you need'),
        (2, 'go-paper', 'Mastering Go', 'https://www.nature.com/articles/nature24270', NULL, 'nature.com/articles/nature24270', 'mastering go'),
        (3, 'untitled-idea', 'An Idea', 'https://scholar.google.com/scholar?q=An%20Idea', NULL, NULL, 'an idea');
      INSERT INTO list_entries (list_id, position, paper_id, title, url) VALUES (1, 1, 1, 'Attention Is All You Need', 'https://arxiv.org/pdf/1706.03762v5.pdf'),
        (1, 2, 2, 'Mastering Go', 'https://doi.org/10.1038/nature24270'), (1, 3, 3, 'An Idea', '');`);
    migrate(db);
    const rows = db.prepare(`SELECT paper_id, kind, value FROM paper_identifiers ORDER BY paper_id, kind, value`).all();
    expect(rows).toEqual([
      { paper_id: 1, kind: 'arxiv', value: '1706.03762' },
      { paper_id: 2, kind: 'doi', value: '10.1038/nature24270' },
      { paper_id: 2, kind: 'url', value: 'doi.org/10.1038/nature24270' },
      { paper_id: 2, kind: 'url', value: 'nature.com/articles/nature24270' },
    ]);
    expect(db.prepare('SELECT COUNT(*) FROM papers').pluck().get()).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM list_entries').pluck().get()).toBe(3);
  });
});

describe('GIVEN an import with links it could not place', () => {
  it('THEN it says how many and where (line, section), and the CLI sentence names them', () => {
    const md = '# L\n\n## Papers\n\n- [Gated Memories](https://arxiv.org/abs/2401.00041)\n\n## Misc\n\n[Website](https://example.org/site)\n';
    const { unplaced } = importMarkdown(md);
    expect(unplaced).toEqual([{ url: 'https://example.org/site', section: 'Misc', line: 9 }]);
    expect(describeUnplaced(unplaced)).toBe('1 link was not understood (neither a reading nor a reading’s link) — line 9 (Misc): https://example.org/site.');
  });
});
