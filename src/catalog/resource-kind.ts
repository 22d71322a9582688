import type { ResourceKind } from './types.ts';
import { parseUrl } from '../canonical-ids.ts';

// Hosts that say what a link is. Reading lists are paper lists, so anything unrecognized stays a paper.
const HOST_KINDS: Array<[RegExp, ResourceKind]> = [
  [/(^|\.)(arxiv\.org|openreview\.net|aclanthology\.org|proceedings\.(neurips|mlr)\.press|proceedings\.neurips\.cc|papers\.nips\.cc|nature\.com|science\.org|sciencedirect\.com|springer\.com|ieeexplore\.ieee\.org|dl\.acm\.org|semanticscholar\.org|transformer-circuits\.pub|distill\.pub|jmlr\.org)$/, 'paper'],
  [/(^|\.)(twitter\.com|x\.com|linkedin\.com|reddit\.com|threads\.net|bsky\.app|news\.ycombinator\.com|mastodon\.social)$/, 'thread'],
  [/(^|\.)(youtube\.com|youtu\.be|vimeo\.com)$/, 'video'],
  [/(^|\.)(coursera\.org|edx\.org|udemy\.com|fast\.ai|deeplearning\.ai)$/, 'course'],
  [/(^|\.)(substack\.com|medium\.com|jalammar\.github\.io|lilianweng\.github\.io|karpathy\.github\.io|colah\.github\.io|eugeneyan\.com|huyenchip\.com|sebastianraschka\.com|simonwillison\.net|towardsdatascience\.com)$/, 'blog'],
  [/(^|\.)(ai-2027\.com|situational-awareness\.ai|paulgraham\.com|gwern\.net)$/, 'essay'],
  [/(^|\.)(neuralnetworksanddeeplearning\.com|deeplearningbook\.org|d2l\.ai)$/, 'book'],
  [/^(github\.com|gitlab\.com)$/, 'code'],
];

// What a section holds, for links whose host says nothing: awesome-lists put repos, tools and courses in their own sections.
const SECTION_KINDS: Array<[RegExp, ResourceKind]> = [
  [/\b(?:papers?|research|publications?|readings?|preprints?)\b/i, 'paper'],
  [/\b(?:tools?|tooling|librar(?:y|ies)|frameworks?|repos|repositories|code|implementations?|software|packages?|projects?|apps?|platforms?|sdks?)\b/i, 'code'],
  [/\b(?:courses?|tutorials?|lectures?|classes|bootcamps?|workshops?|curricul(?:um|a))\b/i, 'course'],
  [/\b(?:videos?|talks?|podcasts?|youtube|channels?)\b/i, 'video'],
  [/\bbooks?\b/i, 'book'],
  [/\b(?:blogs?|articles?|posts?|newsletters?)\b/i, 'blog'],
  [/\b(?:datasets?|benchmarks?|data|communit(?:y|ies))\b/i, 'other'],
];

/** What a section's name says its links are, or null when it says nothing. */
export function sectionKind(section: string | null): ResourceKind | null {
  if (!section) return null;
  for (const [re, kind] of SECTION_KINDS) if (re.test(section)) return kind;
  return null;
}

/**
 * Guesses what a link is from its host, path and title: paper, blog post, thread, book, essay… A host that says
 * nothing takes its section's kind ('## Tools'); a title-only entry (no link) is a paper unless its section says otherwise.
 */
export default function detectKind(url: string, title = '', section: string | null = null): ResourceKind {
  if (!url.trim()) return sectionKind(section) ?? 'paper';
  const u = parseUrl(url);
  if (!u) return 'other';
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const path = u.pathname.toLowerCase();
  if (host === 'huggingface.co') return path.startsWith('/papers') ? 'paper' : path.startsWith('/blog') ? 'blog' : 'code';
  if (path.endsWith('.pdf')) return 'paper';
  if (/\bbitterlesson\b|\/incideas\//.test(path)) return 'essay';
  for (const [re, kind] of HOST_KINDS) if (re.test(host)) return kind;
  if (/^blog\./.test(host) || /(^|\/)(blog|posts?|writing)(\/|$)/.test(path) || /\/\d{4}\/\d{2}\/\d{2}\//.test(path)) return 'blog';
  if (/(^|\/)book(\/|$)|the-book/.test(path) || /\btextbook\b/i.test(title)) return 'book';
  return sectionKind(section) ?? 'paper';
}
