import type { Selectable } from 'kysely';
import type { PapersTable } from './schema.ts';
import type { Paper, ResourceKind } from '../catalog/types.ts';


/** A row of the papers table as stored (the schema's own type, so the two cannot drift). */
export type PaperRow = Selectable<PapersTable>;

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
