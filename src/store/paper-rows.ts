import type { Paper, ResourceKind } from '../catalog/types.ts';


/** A row of the papers table as SQLite returns it. */
export interface PaperRow {
  id: number;
  key: string;
  title: string;
  nickname: string | null;
  url: string;
  arxiv_id: string | null;
  norm_url: string | null;
  norm_title: string;
  summary: string | null;
  footnote: string | null;
  year: number | null;
  kind: string;
}

/** A papers row as the rest of the bot sees a paper. */
export function toPaper(r: PaperRow): Paper {
  return {
    id: r.id,
    key: r.key,
    title: r.title,
    nickname: r.nickname,
    url: r.url,
    arxivId: r.arxiv_id,
    summary: r.summary,
    footnote: r.footnote,
    year: r.year,
    kind: r.kind as ResourceKind,
  };
}
