import { addPaperIdentifiers, getPaper } from '../catalog/catalog-store.ts';
import { findPapers } from '../catalog/paper-finder.ts';
import { arxivIdFromText, arxivYear, normalizeTitle, normalizeUrl, parseUrl, slugify } from '../catalog/canonical-ids.ts';
import { paperIndexChanged } from '../catalog/paper-index.ts';
import { scopeChanged } from '../catalog/paper-scope.ts';
import type { Paper } from '../catalog/types.ts';
import { UserError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import { papersSoFar } from './progress.ts';
import type { Club, Member } from './types.ts';

/** A paper members suggested for a vote: who first suggested it (for the vote's text) and how many did. */
export interface OpenSuggestion {
  paper: Paper;
  /** The first member who suggested it. */
  by: Member;
  firstAt: number;
  count: number;
}

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
export function resolveSuggestion(db: Db, text: string, asNew: boolean, community?: string): SuggestedPaper {
  const q = text.trim().replace(/\s+/g, ' ');
  if (!q) throw new UserError('no-paper', 'Name a paper: a title, nickname, arXiv id or arXiv link.');
  const finder = findPapers(db, community);
  if (/^#\d+$/.test(q)) {
    const p = finder.exact(q);
    if (!p) throw new UserError('unknown-paper', 'That paper is no longer in the catalog.');
    return { paper: p, created: false };
  }
  const arxiv = arxivIdFromText(q);
  if (arxiv) {
    const known = finder.sameIdentity({ arxiv });
    if (known) return { paper: known, created: false };
    return { paper: addTitleOnlyPaper(db, { title: `arXiv:${arxiv}`, arxiv }), created: true };
  }
  if (parseUrl(q) && /^https?:\/\//i.test(q)) {
    const known = finder.byUrl(q);
    if (known) return { paper: known, created: false };
    throw new UserError('not-arxiv', 'That link is not an arXiv paper I know. Suggest it by its title instead, e.g. /suggest Attention Is All You Need.');
  }
  if (q.length > MAX_TITLE) throw new UserError('title-too-long', `A title is at most ${MAX_TITLE} characters.`);
  const res = finder.resolve(q);
  if (res.paper) return { paper: res.paper, created: false };
  const sameTitle = finder.sameIdentity({ title: q });
  if (sameTitle) return { paper: sameTitle, created: false };
  const best = res.suggestions[0];
  if (best && !asNew) {
    throw new UserError(
      'did-you-mean',
      `No paper is called '${q.slice(0, 60)}' — did you mean ${best.nickname ?? best.title}? To suggest it as a new paper anyway, add new:yes.`,
    );
  }
  if (!/\p{L}/u.test(q) || normalizeTitle(q).length < 3) throw new UserError('bad-title', 'Give the paper\'s title (a few words), an arXiv id or an arXiv link.');
  return { paper: addTitleOnlyPaper(db, { title: q, arxiv: null }), created: true };
}

/**
 * Adds a paper that no list carries (a member's suggestion): a title, and an arXiv id when there is one. An id a
 * paper of another community's own list already has is kept as the link only (ids are unique), so that paper's
 * wording stays its community's.
 */
function addTitleOnlyPaper(db: Db, p: { title: string; arxiv: string | null }): Paper {
  const url = p.arxiv ? `https://arxiv.org/abs/${p.arxiv}` : `https://scholar.google.com/scholar?q=${encodeURIComponent(p.title)}`;
  const arxiv = p.arxiv && !stmt(db, 'SELECT 1 FROM papers WHERE arxiv_id = ?').get(p.arxiv) ? p.arxiv : null;
  const base = arxiv ?? (slugify(p.title) || 'paper');
  let key = base;
  for (let n = 2; stmt(db, 'SELECT 1 FROM papers WHERE key = ?').get(key); n++) key = `${base}-${n}`;
  const id = Number(
    stmt(db, `INSERT INTO papers (key, title, nickname, url, arxiv_id, norm_url, norm_title, summary, footnote, year, kind)
              VALUES (?, ?, NULL, ?, ?, ?, ?, NULL, NULL, ?, 'paper')`).run(
      key,
      p.title,
      url,
      arxiv,
      p.arxiv ? normalizeUrl(url) : null,
      normalizeTitle(p.title),
      p.arxiv ? arxivYear(p.arxiv) : null,
    ).lastInsertRowid,
  );
  // Its arXiv id names it from now on (a list importing the same link finds this paper, not a second one).
  if (arxiv) addPaperIdentifiers(db, id, [{ kind: 'arxiv', value: arxiv }]);
  // The fuzzy index is cached per database: it must see the new title.
  paperIndexChanged(db);
  return getPaper(db, id)!;
}

/** Records a member's suggestion; false when they had already suggested this paper to this club. */
export function addSuggestion(db: Db, club: Club, member: Member, paperId: number, now: number): boolean {
  const info = stmt(db, 'INSERT OR IGNORE INTO suggestions (club_id, paper_id, member_id, suggested_at) VALUES (?, ?, ?, ?)').run(club.id, paperId, member.id, now);
  // A title another community added is now one of this community's papers too (paper-scope.ts).
  if (info.changes > 0) scopeChanged(db);
  return info.changes > 0;
}

/** Takes back a member's suggestion of a paper to a club; false when they had not suggested it. */
export function withdrawSuggestion(db: Db, clubId: number, memberId: number, paperId: number): boolean {
  return stmt(db, 'DELETE FROM suggestions WHERE club_id = ? AND paper_id = ? AND member_id = ?').run(clubId, paperId, memberId).changes > 0;
}

/** Ids of the papers a member has suggested to a club (waiting or not), in the order suggested. */
export function papersSuggestedBy(db: Db, clubId: number, memberId: number): Set<number> {
  return new Set(stmt(db, 'SELECT paper_id FROM suggestions WHERE club_id = ? AND member_id = ? ORDER BY suggested_at, id').pluck().all(clubId, memberId) as number[]);
}

/** The papers a platform user has suggested to a club, in the order suggested; reads only (autocomplete). */
export function papersSuggestedByUser(db: Db, club: Club, userId: string): Paper[] {
  const memberId = stmt(db, 'SELECT id FROM members WHERE platform = ? AND workspace = ? AND user_id = ?').pluck().get(club.platform, club.workspace, userId) as
    | number
    | undefined;
  if (memberId === undefined) return [];
  return [...papersSuggestedBy(db, club.id, memberId)].map((id) => getPaper(db, id)).filter((p): p is Paper => p !== null);
}

/**
 * Suggestions still waiting for a vote, oldest first: a paper leaves once the club has met on it or a vote
 * chose it.
 */
export function openSuggestions(db: Db, club: Club): OpenSuggestion[] {
  const met = new Set(papersSoFar(db, club.id));
  const rows = stmt(db, 
    `SELECT s.paper_id AS paperId, min(s.suggested_at) AS firstAt, count(*) AS count,
            (SELECT member_id FROM suggestions f WHERE f.club_id = s.club_id AND f.paper_id = s.paper_id ORDER BY suggested_at, id LIMIT 1) AS byId
     FROM suggestions s
     WHERE s.club_id = ? AND s.paper_id NOT IN (SELECT winner_paper_id FROM votes WHERE club_id = ? AND winner_paper_id IS NOT NULL)
     GROUP BY s.paper_id ORDER BY firstAt, min(s.id)`,
  ).all(club.id, club.id) as Array<{ paperId: number; firstAt: number; count: number; byId: number }>;
  const out: OpenSuggestion[] = [];
  for (const r of rows) {
    if (met.has(r.paperId)) continue;
    const paper = getPaper(db, r.paperId);
    const by = memberById(db, r.byId);
    if (paper && by) out.push({ paper, by, firstAt: r.firstAt, count: r.count });
  }
  return out;
}

/** A member by id. */
export function memberById(db: Db, id: number): Member | null {
  const r = stmt(db, 'SELECT id, platform, workspace, user_id AS userId, display_name AS displayName, private FROM members WHERE id = ?').get(id) as
    | (Omit<Member, 'private'> & { private: number })
    | undefined;
  return r ? { ...r, private: r.private === 1 } : null;
}

/** The club's suggestions, oldest first: the paper, who suggested it (private members unnamed) and when. */
export function suggestionsOf(db: Db, clubId: number): Array<{ paperId: number; by: string | null; at: number }> {
  return stmt(
    db,
    `SELECT s.paper_id AS paperId, CASE WHEN m.private = 1 THEN NULL ELSE m.display_name END AS by, s.suggested_at AS at
     FROM suggestions s JOIN members m ON m.id = s.member_id WHERE s.club_id = ? ORDER BY s.suggested_at, s.id`,
  ).all(clubId) as Array<{ paperId: number; by: string | null; at: number }>;
}
