import type { ResourceKind } from './types.ts';
import { parseUrl } from './canonical-ids.ts';

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

/** Guesses what a link is from its host, path and title: paper, blog post, thread, book, essay… */
export default function detectKind(url: string, title = ''): ResourceKind {
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
  return 'paper';
}
