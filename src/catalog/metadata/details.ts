/** What the sources said about a paper, merged for readers: arXiv first for what it knows, Semantic Scholar for the rest. */
import type { Db } from '../../store/db.ts';
import { answersOfPaper, type CachedLookup } from './metadata-store.ts';
import type { ExternalIds, MetadataSource } from './types.ts';

/** A value and the source it came from. */
export interface Sourced<T> {
  value: T;
  source: MetadataSource;
  fetchedAt: number;
}

/** A paper's fetched details; each field null when no source had it. */
export interface PaperDetails {
  title: Sourced<string> | null;
  authors: Sourced<string[]> | null;
  year: Sourced<number> | null;
  venue: Sourced<string> | null;
  tldr: Sourced<string> | null;
  abstract: Sourced<string> | null;
  withdrawn: boolean;
  /**
   * Other ids of the same work the sources named (arXiv, DOI, ACL Anthology), first source first. Kept for the
   * paper's identifiers (issue 26's table): a look-up never merges papers by itself.
   */
  externalIds: ExternalIds;
}

/** How a source is named to readers. */
export const SOURCE_NAMES: Record<MetadataSource, string> = { arxiv: 'arXiv', s2: 'Semantic Scholar' };

export async function paperDetails(db: Db, paperId: number): Promise<PaperDetails> {
  const found = (await answersOfPaper(db, paperId)).filter((a): a is CachedLookup & { paper: NonNullable<CachedLookup['paper']> } => a.state === 'found' && !!a.paper);
  const pick = <T>(get: (p: CachedLookup['paper'] & object) => T | null | undefined): Sourced<T> | null => {
    for (const a of found) {
      const v = get(a.paper);
      if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) return { value: v, source: a.source, fetchedAt: a.fetchedAt };
    }
    return null;
  };
  const withdrawn = found.some((a) => a.paper.withdrawn);
  return {
    title: pick((p) => p.title),
    authors: pick((p) => p.authors),
    year: pick((p) => p.year),
    venue: pick((p) => p.venue),
    tldr: pick((p) => p.tldr),
    // A withdrawn paper's abstract is the withdrawal notice: never a summary.
    abstract: withdrawn ? null : pick((p) => p.abstract),
    withdrawn,
    externalIds: Object.assign({}, ...[...found].reverse().map((a) => a.paper.externalIds)) as ExternalIds,
  };
}

/**
 * The one-liner the sources give, with where it came from as its footnote (it is prose someone else wrote): Semantic
 * Scholar's TLDR, else the abstract's first sentence. Null when neither exists. A list's own blurb always comes first:
 * callers use this only when no list has one.
 */
export async function fetchedOneLiner(db: Db, paperId: number): Promise<{ summary: string; footnote: string } | null> {
  const d = await paperDetails(db, paperId);
  if (d.tldr) return { summary: d.tldr.value, footnote: 'summary: Semantic Scholar TLDR' };
  const first = d.abstract ? firstSentence(d.abstract.value) : null;
  if (first) return { summary: first, footnote: `summary: first sentence of the abstract (${SOURCE_NAMES[d.abstract!.source]})` };
  return null;
}

/** The abstract's first sentence (abbreviations such as 'e.g.' and 'et al.' do not end it); at most 300 characters. */
export function firstSentence(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  const re = /[.!?](?=\s+[A-Z0-9(“"'])/g;
  let end = t.length;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const before = t.slice(0, m.index + 1);
    if (/\b(e\.g|i\.e|et al|cf|vs|etc|Fig|Eq|approx|resp)\.$/i.test(before) || before.length < 20) continue;
    end = m.index + 1;
    break;
  }
  const s = t.slice(0, end);
  return s.length > 300 ? `${s.slice(0, 299).replace(/\s+\S*$/, '')}…` : s;
}

/** Whether a one-liner's footnote is the source note fetchedOneLiner gives (so the summary is not the list's words). */
export function isFetchedSummaryNote(footnote: string | null): boolean {
  return !!footnote && /^summary: (Semantic Scholar TLDR|first sentence of the abstract)/.test(footnote);
}
