/** arXiv's Atom answer read into papers: a real XML parser, and the feed's known traps handled one by one. */
import { XMLParser } from 'fast-xml-parser';
import { BadAnswer, collapseSpace, RateLimited, type FetchedPaper, type SourceAnswer } from './types.ts';
import { normalizeArxivId } from '../../paper-identifiers.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Ids such as 1706.03762 must stay text, never become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'entry' || name === 'author' || name === 'link' || name === 'category',
});

interface AtomEntry {
  id?: unknown;
  title?: unknown;
  summary?: unknown;
  published?: unknown;
  author?: Array<{ name?: unknown }>;
  'arxiv:comment'?: unknown;
  'arxiv:doi'?: unknown;
  'arxiv:journal_ref'?: unknown;
}

/** Text of an element that may carry attributes (`<title type="html">…</title>` parses as { '#text': … }). */
function textOf(v: unknown): string | null {
  if (v && typeof v === 'object' && '#text' in v) return collapseSpace((v as { '#text': unknown })['#text']);
  return collapseSpace(v);
}

/**
 * The papers of an arXiv API answer, by arXiv id without version (the feed's ids carry one: `…/abs/1706.03762v7`).
 * Every id asked and not in the feed maps to null (arXiv answers an unknown id with an empty feed). Throws
 * RateLimited for the plain-text "Rate exceeded." and BadAnswer for anything that is not a feed, or is the feed
 * of one entry titled `Error` that arXiv sends with HTTP 200 for a malformed query.
 */
export function parseArxivFeed(body: string, asked: readonly string[]): SourceAnswer {
  const text = body.trim();
  // Throttling is a plain-text body, not a feed (PLATFORM-NOTES, "Paper metadata services").
  if (/^rate exceeded/i.test(text)) throw new RateLimited('arxiv', null);
  if (!text.startsWith('<')) throw new BadAnswer('arxiv', `not a feed: ${text.slice(0, 60)}`);
  let doc: { feed?: { entry?: AtomEntry[] } };
  try {
    doc = parser.parse(text) as typeof doc;
  } catch (err) {
    throw new BadAnswer('arxiv', `unreadable feed: ${(err as Error).message.slice(0, 80)}`);
  }
  if (!doc.feed || typeof doc.feed !== 'object') throw new BadAnswer('arxiv', 'no <feed> element');
  const entries = doc.feed.entry ?? [];
  // arXiv user manual §3.4 "Errors": one entry titled Error whose summary says what was wrong.
  const error = entries.find((e) => textOf(e.title) === 'Error' && /\/api\/errors/.test(String(textOf(e.id) ?? '')));
  if (error) throw new BadAnswer('arxiv', `error entry: ${textOf(error.summary) ?? 'no reason given'}`);
  const out: SourceAnswer = new Map(asked.map((id) => [id, null]));
  for (const e of entries) {
    const id = arxivIdOfEntry(textOf(e.id));
    if (!id) continue;
    out.set(id, paperOfEntry(e, id));
  }
  return out;
}

/** 'http://arxiv.org/abs/1706.03762v7' -> '1706.03762'; old style 'hep-th/9901001v2' too. */
export function arxivIdOfEntry(entryId: string | null): string | null {
  const m = entryId ? /\/abs\/(.+)$/.exec(entryId) : null;
  return m ? normalizeArxivId(m[1]!) : null;
}

function paperOfEntry(e: AtomEntry, id: string): FetchedPaper {
  const comment = textOf(e['arxiv:comment']) ?? '';
  const abstract = textOf(e.summary);
  // A withdrawn paper keeps its entry; its comment (and often its abstract) says so.
  const withdrawn = /\bwithdrawn\b/i.test(comment) || /^this (paper|article|submission) (has been|is) withdrawn/i.test(abstract ?? '');
  const published = textOf(e.published);
  const year = published && /^\d{4}-/.test(published) ? Number(published.slice(0, 4)) : null;
  const doi = textOf(e['arxiv:doi']);
  return {
    title: textOf(e.title),
    authors: (e.author ?? []).map((a) => textOf(a.name)).filter((n): n is string => !!n),
    year,
    venue: null,
    abstract,
    tldr: null,
    externalIds: { arxiv: id, ...(doi ? { doi } : {}) },
    withdrawn,
  };
}
