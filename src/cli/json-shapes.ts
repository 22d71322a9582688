import type { Paper, ReadingList } from '../catalog/types.ts';

/** The stable --json shape of a paper (documented in docs/cli.md). */
export function paperJson(p: Paper) {
  return {
    id: p.id,
    key: p.key,
    title: p.title,
    nickname: p.nickname,
    url: p.url,
    arxivId: p.arxivId,
    summary: p.summary,
    footnote: p.footnote,
    year: p.year,
    kind: p.kind,
  };
}

/** The stable --json shape of a list. */
export function listJson(l: ReadingList) {
  return { slug: l.slug, title: l.title, source: l.source, entryCount: l.entryCount };
}
