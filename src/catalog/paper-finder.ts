import type { Db } from '../store/db.ts';
import type { Paper } from './types.ts';
import { isWebUrl, normalizeUrl } from '../canonical-ids.ts';
import { fuzzyQuery } from './fuzzy-match.ts';
import { foldNoCase, paperIndex, topFuzzy } from './paper-index.ts';
import { toPaper, type PaperRow } from '../store/paper-rows.ts';
import { arxivIdFromText, normalizeTitle } from '../canonical-ids.ts';
import { hiddenFrom } from '../store/paper-scope.ts';
import { papersById, papersByArxiv, papersByNormUrl, papersByEntryUrl, papersByNormTitle, isListed, searchPaperRows } from '../store/catalog.ts';
import { identifiersOfUrl } from '../paper-identifiers.ts';
import { paperIdByIdentifier } from '../store/paper-identities.ts';

const ACCEPT = 0.78;
const MARGIN = 0.08;

/**
 * Every way a person finds a paper by what they type, for one community (a Discord server, a Slack workspace):
 * search, exact title, nickname, key, internal id (`#123`, what buttons and autocomplete carry), URL, arXiv id and
 * fuzzy title. The community scope (paper-scope.ts) is applied here and only here: every answer passes `shown`, so
 * a paper this community may not find is never returned, whichever path asks. Commands, buttons, autocomplete and
 * /suggest all look papers up through a finder (test/guards/scope-table.test.ts holds them to it). Without a
 * community (the operator's CLI) every paper is shown. Short-lived: make one per request.
 */
export class PaperFinder {
  private constructor(
    private readonly db: Db,
    readonly community: string | undefined,
    private readonly hidden: ReadonlySet<number> | null,
  ) {}

  /** A finder for what `community` may find (every paper without one). */
  static async for(db: Db, community?: string): Promise<PaperFinder> {
    return new PaperFinder(db, community, await hiddenFrom(db, community));
  }

  /** True when this community may find the paper. */
  shown(id: number): boolean {
    return !this.hidden?.has(id);
  }

  private keep<R extends { id: number }>(rows: R[]): R[] {
    return this.hidden ? rows.filter((r) => this.shown(r.id)) : rows;
  }

  private first(rows: PaperRow[]): Paper | null {
    const row = this.keep(rows)[0];
    return row ? toPaper(row) : null;
  }

  /** By internal id (`#123` in buttons and autocomplete). */
  async byId(id: number): Promise<Paper | null> {
    return this.first(await papersById(this.db, id));
  }

  /** By short key (arXiv id or slug), case-insensitive as SQLite's NOCASE; from the in-memory index. */
  async byKey(key: string): Promise<Paper | null> {
    const index = await paperIndex<PaperRow>(this.db);
    const at = index.byKeyNoCase.get(foldNoCase(key.trim()));
    return at === undefined ? null : this.first([index.rows[at]!]);
  }

  /**
   * By arXiv id: the paper that carries it, else a title-only paper suggested by that id whose link is the arXiv
   * page (made when the id's own paper is one this community may not find, see club/suggestions.ts).
   */
  async byArxiv(arxiv: string): Promise<Paper | null> {
    return this.first(await papersByArxiv(this.db, arxiv));
  }

  /** By a web address: the paper's own link, else the link a list gave it. */
  async byUrl(url: string): Promise<Paper | null> {
    const q = url.trim();
    if (!isWebUrl(q)) return null;
    return (
      this.first(await papersByNormUrl(this.db, normalizeUrl(q))) ??
      this.first(await papersByEntryUrl(this.db, q))
    );
  }

  /** Papers whose normalized title is exactly this one's, by id. */
  async byTitle(title: string): Promise<Paper[]> {
    return (await this.titleRows(title)).map(toPaper);
  }

  private async titleRows(title: string): Promise<PaperRow[]> {
    return this.keep(await papersByNormTitle(this.db, normalizeTitle(title)));
  }

  /** Papers whose nickname is `name` (NOCASE), by id; from the in-memory index. */
  async byNickname(name: string): Promise<Paper[]> {
    return (await this.nicknameRows(name)).map(toPaper);
  }

  private async nicknameRows(name: string): Promise<PaperRow[]> {
    const index = await paperIndex<PaperRow>(this.db);
    return this.keep((index.byNickNoCase.get(foldNoCase(name.trim())) ?? []).map((i) => index.rows[i]!));
  }

  /**
   * For /suggest: the paper named by this arXiv id or this exact title that the community may find, else one that no
   * list carries (a title or id another community suggested in the same words: adopting it reveals nothing of theirs
   * but that it was suggested). Never a paper that only other communities' own lists carry: their wording, link and
   * one-liner stay theirs, and the member's words make a new paper instead.
   */
  async sameIdentity(named: { arxiv: string } | { title: string }): Promise<Paper | null> {
    const rows = (
      'arxiv' in named
        ? await papersByArxiv(this.db, named.arxiv)
        : await papersByNormTitle(this.db, normalizeTitle(named.title))
    ) as PaperRow[];
    let row = rows.find((r) => this.shown(r.id));
    for (const r of rows) {
      if (row) break;
      if (!(await isListed(this.db, r.id))) row = r;
    }
    if (row) return toPaper(row);
    return 'arxiv' in named ? await this.byIdentifier(named.arxiv) : null;
  }

  /** Internal id (`#123`), key, arXiv id (bare or URL) or a web address: the ways a paper is named exactly. */
  async exact(query: string): Promise<Paper | null> {
    const q = query.trim();
    if (!q) return null;
    const internal = /^#(\d+)$/.exec(q);
    if (internal) return await this.byId(Number(internal[1]));
    const byKey = await this.byKey(q);
    if (byKey) return byKey;
    const arxiv = arxivIdFromText(q);
    const byArxiv = arxiv ? await this.byArxiv(arxiv) : null;
    return byArxiv ?? (await this.byUrl(q)) ?? (await this.byIdentifier(q));
  }

  /**
   * By any identifier the catalog knows the work by (paper_identifiers: another list's link, a look-up's find): the
   * arXiv link of a paper listed by its ACL page, its DOI link.
   */
  async byIdentifier(query: string): Promise<Paper | null> {
    const q = query.trim();
    const arxiv = arxivIdFromText(q);
    const ids = isWebUrl(q) ? identifiersOfUrl(q) : arxiv ? [{ kind: 'arxiv' as const, value: arxiv }] : [];
    for (const id of ids) {
      const paperId = await paperIdByIdentifier(this.db, id.kind, id.value);
      if (paperId !== null && this.shown(paperId)) return this.byId(paperId);
    }
    return null;
  }

  /**
   * Full-text search over titles, nicknames and summaries; any user text is safe (never an FTS syntax error). A
   * paper named exactly (key, id, nickname, title) ranks first.
   */
  async search(query: string, limit = 10): Promise<Paper[]> {
    const tokens = (query.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
    if (tokens.length === 0) return [];
    const out = new Map<number, Paper>();
    const byKey = await this.exact(query);
    if (byKey) out.set(byKey.id, byKey);
    // A paper named exactly (nickname 'LoRA', or its title) ranks above papers that merely mention the words.
    const named = [...await this.nicknameRows(query), ...await this.titleRows(query)];
    for (const r of named.sort((a, b) => a.id - b.id)) if (!out.has(r.id)) out.set(r.id, toPaper(r));
    // Each token quoted (so AND/OR/NEAR/* typed by a user are plain words); the last one as a prefix, as people type.
    const quoted = tokens.map((t, i) => `"${t}"${i === tokens.length - 1 ? '*' : ''}`);
    // Ranked inside the index first, then only the best few rows read: an OR of common words matches thousands.
    const run = async (match: string) =>
      this.keep(
        await searchPaperRows(this.db, match, limit + (this.hidden?.size ?? 0)),
      );
    let rows = await run(quoted.join(' '));
    if (rows.length === 0 && quoted.length > 1) rows = (await run(quoted.join(' OR ')));
    for (const r of rows) if (!out.has(r.id)) out.set(r.id, toPaper(r));
    return [...out.values()].slice(0, limit);
  }

  /**
   * The paper a person means, one rule for the bot and the CLI: `#id`, key, arXiv id or URL; exact nickname; exact
   * title; then the best fuzzy match (title or nickname) when it is clear. Otherwise suggestions, best first.
   *
   * "Clear": the best candidate scores at least ACCEPT (0.78), no exact nickname or title names another paper, and
   * either it beats the runner-up by at least MARGIN (0.08) — a typo of one paper ('lorra', 'Atention is all you
   * ned') — or it is the only paper in the catalog whose title or nickname begins with the query's words — so
   * 'attention' names "Attention Is All You Need" though "Self-Attention with …" scores close behind. Anything else
   * is real ambiguity: 'diffusion' (three titles score alike, none begins with it) asks "did you mean".
   */
  /** `exactOnly`: a close spelling is offered as a suggestion instead of taken (edits to the plan never guess). */
  async resolve(query: string, opts: { exactOnly?: boolean } = {}): Promise<{ paper: Paper } | { paper: null; suggestions: Paper[] }> {
    const q = query.trim();
    if (!q) return { paper: null, suggestions: [] };
    const exact = await this.exact(q);
    if (exact) return { paper: exact };

    const byNick = await this.nicknameRows(q);
    if (byNick.length === 1) return { paper: toPaper(byNick[0]!) };
    const byTitle = await this.titleRows(q);
    if (byTitle.length === 1 && byNick.length === 0) return { paper: toPaper(byTitle[0]!) };

    const tied = new Set([...byNick, ...byTitle].map((r) => r.id));
    const index = await paperIndex<PaperRow>(this.db);
    const fq = fuzzyQuery(q);
    // Only the best few are ever shown or compared; enough that the exact matches listed first never crowd them out.
    const scored = topFuzzy(index, fq, 5 + tied.size, 0.5, this.hidden);
    const best = scored[0];
    if (tied.size === 0 && best && best.score >= ACCEPT) {
      const margin = (scored[1]?.score ?? 0) <= best.score - MARGIN;
      const leading = this.papersLeadingWith(index, fq.norm);
      // The only title that starts with these words is no guess; a close spelling is, and `exactOnly` asks about it.
      if ((margin && !opts.exactOnly) || (leading.length === 1 && leading[0] === best.r.id)) return { paper: toPaper(best.r) };
    }
    const ranked = new Map<number, Paper>();
    for (const r of [...byNick, ...byTitle, ...scored.map((s) => s.r)]) if (!ranked.has(r.id)) ranked.set(r.id, toPaper(r));
    // Nothing close in spelling: words of the summary may still find it.
    if (ranked.size === 0) for (const p of await this.search(q, 5)) ranked.set(p.id, p);
    return { paper: null, suggestions: [...ranked.values()].slice(0, 5) };
  }

  /** Ids of the shown papers whose normalized title or nickname begins with the words of `norm` (whole words). */
  private papersLeadingWith(index: Awaited<ReturnType<typeof paperIndex<PaperRow>>>, norm: string): number[] {
    if (!norm) return [];
    const prefix = `${norm} `;
    const out: number[] = [];
    for (let i = 0; i < index.rows.length; i++) {
      if (!this.shown(index.ids[i]!)) continue;
      const title = index.titles[i]!;
      const nick = index.nicks[i];
      if (title === norm || title.startsWith(prefix) || (nick && (nick === norm || nick.startsWith(prefix)))) out.push(index.ids[i]!);
    }
    return out;
  }
}

/** The paper finder of a community (see PaperFinder); without one, the operator's: every paper. */
export function findPapers(db: Db, community?: string): Promise<PaperFinder> {
  return PaperFinder.for(db, community);
}

/** Full-text search (PaperFinder.search) among the papers `community` may find. */
export async function searchPapers(db: Db, query: string, limit = 10, community?: string): Promise<Paper[]> {
  return (await findPapers(db, community)).search(query, limit);
}

/** The paper a person means (PaperFinder.resolve) among the papers `community` may find. */
export async function resolvePaper(db: Db, query: string, community?: string): Promise<{ paper: Paper } | { paper: null; suggestions: Paper[] }> {
  return (await findPapers(db, community)).resolve(query);
}
