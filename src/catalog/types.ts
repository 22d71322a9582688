import type { PaperIdentifier } from '../paper-identifiers.ts';

/** What a list calls a resource: papers are the club's staple, the rest are still worth a week. */
export type ResourceKind = 'paper' | 'blog' | 'thread' | 'book' | 'essay' | 'video' | 'course' | 'code' | 'other';

export interface Link {
  text: string;
  url: string;
}

/** One item of a markdown reading list, as the list wrote it. */
export interface ListEntry {
  /** 1-based order in the list. */
  position: number;
  section: string | null;
  title: string;
  url: string;
  /** One-line summary: the "all you need" headline, or the blurb's first sentence. */
  summary: string | null;
  /** The starred footnote of an "X is all you need*" line, kept apart from the headline. */
  footnote: string | null;
  /** Repo / slides / chat links that belong to this entry; they are not papers. */
  extraLinks: Link[];
  /** The list author's own mark: true read (✔️), false to read (*TO READ*), null when the list has none. */
  readMark: boolean | null;
  year: number | null;
  /** Who wrote it, when the list says so ('Vaswani et al.'); kept as the list wrote it. */
  authors: string | null;
  kind: ResourceKind;
  /** Short name the title carries: 'LoRA', 'ViT', 'ALiBi'. */
  nickname: string | null;
  /** Every identifier of the work its links give (arXiv id, DOI, ACL Anthology id, OpenReview id, canonical URL). */
  identifiers: PaperIdentifier[];
}

/** A link in a list that the importer saw but could not place as an entry or as an entry's link. */
export interface UnplacedLink {
  url: string;
  section: string | null;
  /** 1-based line of the file, when known. */
  line: number | null;
}

/** A parsed reading list. */
export interface ParsedList {
  title: string;
  entries: ListEntry[];
  /** What was not understood: links that are neither entries nor an entry's links (navigation and page chrome aside). */
  unplaced: UnplacedLink[];
}

/** A paper with one identity across lists. */
export interface Paper {
  id: number;
  /** Short stable id: the arXiv id when there is one, otherwise a slug. */
  key: string;
  title: string;
  nickname: string | null;
  url: string;
  arxivId: string | null;
  summary: string | null;
  footnote: string | null;
  year: number | null;
  kind: ResourceKind;
}

/** A reading list as stored. */
export interface ReadingList {
  id: number;
  /** '' for a shared list (the shipped seeds); else the community that owns it ('discord:<guild>', 'operator'). */
  owner: string;
  slug: string;
  title: string;
  source: string | null;
  entryCount: number;
  /** Entries that are papers (kind 'paper'); the rest are other resources. One definition: catalog-store LIST_COLUMNS. */
  paperCount: number;
}
