import { mapInOrder } from '../in-order.ts';
import { addPaperIdentifiers } from '../catalog/catalog-store.ts';
import { findPapers } from '../catalog/paper-finder.ts';
import { normalizeUrl, parseUrl } from '../canonical-ids.ts';
import type { Paper } from '../catalog/types.ts';
import { UserError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import type { Club } from './types.ts';
import { papersSuggestedBy } from '../store/votes.ts';
import { getPaper } from '../store/catalog.ts';
import { arxivIdFromText, arxivYear, normalizeTitle, slugify } from '../canonical-ids.ts';
import { paperIndexChanged } from '../store/catalog-version.ts';
import { paperWithArxiv, paperWithKey, insertTitleOnlyPaper } from '../store/catalog.ts';
import { memberIdOf } from '../store/clubs.ts';

/** What `/suggest` resolved the text to: a catalog paper, or a new title-only paper it added. */
export interface SuggestedPaper {
  paper: Paper;
  created: boolean;
}

const MAX_TITLE = 300;

/**
 * The paper a member means: a catalog paper (id, nickname, title, fuzzy), else a new arXiv link or title, which is
 * added to the catalog as a title-only paper (in no list). A near miss is not added unless `asNew`: "did you mean".
 * Looked up among the papers the member's community may find (paper-finder.ts): a paper only another community's
 * own list carries is never adopted, whether named by title, link or arXiv id; the member's words make a new paper.
 */
export async function resolveSuggestion(db: Db, text: string, asNew: boolean, community?: string): Promise<SuggestedPaper> {
  const q = text.trim().replace(/\s+/g, ' ');
  if (!q) throw new UserError('no-paper', 'Name a paper: a title, nickname, arXiv id or arXiv link.');
  const finder = await findPapers(db, community);
  if (/^#\d+$/.test(q)) {
    const p = await finder.exact(q);
    if (!p) throw new UserError('unknown-paper', 'That paper is no longer in the catalog.');
    return { paper: p, created: false };
  }
  const arxiv = arxivIdFromText(q);
  if (arxiv) {
    const known = await finder.sameIdentity({ arxiv });
    if (known) return { paper: known, created: false };
    return { paper: await addTitleOnlyPaper(db, { title: `arXiv:${arxiv}`, arxiv }), created: true };
  }
  if (parseUrl(q) && /^https?:\/\//i.test(q)) {
    const known = await finder.byUrl(q);
    if (known) return { paper: known, created: false };
    throw new UserError('not-arxiv', 'That link is not an arXiv paper I know. Suggest it by its title instead, e.g. /suggest Attention Is All You Need.');
  }
  if (q.length > MAX_TITLE) throw new UserError('title-too-long', `A title is at most ${MAX_TITLE} characters.`);
  const res = await finder.resolve(q);
  if (res.paper) return { paper: res.paper, created: false };
  const sameTitle = await finder.sameIdentity({ title: q });
  if (sameTitle) return { paper: sameTitle, created: false };
  const best = res.suggestions[0];
  if (best && !asNew) {
    throw new UserError(
      'did-you-mean',
      `No paper is called '${q.slice(0, 60)}' — did you mean ${best.nickname ?? best.title}? To suggest it as a new paper anyway, add new:yes.`,
    );
  }
  if (!/\p{L}/u.test(q) || normalizeTitle(q).length < 3) throw new UserError('bad-title', 'Give the paper\'s title (a few words), an arXiv id or an arXiv link.');
  return { paper: await addTitleOnlyPaper(db, { title: q, arxiv: null }), created: true };
}

/**
 * Adds a paper that no list carries (a member's suggestion): a title, and an arXiv id when there is one. An id a
 * paper of another community's own list already has is kept as the link only (ids are unique), so that paper's
 * wording stays its community's.
 */
async function addTitleOnlyPaper(db: Db, p: { title: string; arxiv: string | null }): Promise<Paper> {
  const url = p.arxiv ? `https://arxiv.org/abs/${p.arxiv}` : `https://scholar.google.com/scholar?q=${encodeURIComponent(p.title)}`;
  const arxiv = p.arxiv && !(await paperWithArxiv(db, p.arxiv)) ? p.arxiv : null;
  const base = arxiv ?? (slugify(p.title) || 'paper');
  let key = base;
  for (let n = 2; await paperWithKey(db, key); n++) key = `${base}-${n}`;
  const id = await insertTitleOnlyPaper(db, {
    key,
    title: p.title,
    url,
    arxiv,
    normUrl: p.arxiv ? normalizeUrl(url) : null,
    normTitle: normalizeTitle(p.title),
    year: p.arxiv ? arxivYear(p.arxiv) : null,
  });
  // Its arXiv id names it from now on (a list importing the same link finds this paper, not a second one).
  if (arxiv) await addPaperIdentifiers(db, id, [{ kind: 'arxiv', value: arxiv }]);
  // The fuzzy index is cached per database: it must see the new title.
  paperIndexChanged(db);
  return (await getPaper(db, id))!;
}

/** The papers a platform user has suggested to a club, in the order suggested; reads only (autocomplete). */
export async function papersSuggestedByUser(db: Db, club: Club, userId: string): Promise<Paper[]> {
  const memberId = await memberIdOf(db, club.platform, club.workspace, userId);
  if (memberId === undefined) return [];
  return (await mapInOrder(await papersSuggestedBy(db, club.id, memberId), (id) => getPaper(db, id))).filter((p): p is Paper => p !== null);
}
