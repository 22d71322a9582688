/** What a link's text and address say about it: a generic label ('[pdf]', 'Code'), or navigation / social chrome. */
import { parseUrl } from '../canonical-ids.ts';

// Words lists put on links instead of the paper's name. Compared after brackets, punctuation and case are dropped.
const GENERIC_LABELS = new Set([
  'paper', 'papers', 'pdf', 'html', 'arxiv', 'abs', 'abstract', 'full text', 'preprint', 'link', 'url', 'here', 'this', 'source',
  'code', 'github', 'gitlab', 'repo', 'repository', 'official code', 'source code', 'implementation', 'pytorch', 'tensorflow', 'jax',
  'colab', 'notebook', 'demo', 'playground', 'api', 'docs', 'model', 'models', 'weights', 'checkpoint', 'checkpoints',
  'data', 'dataset', 'datasets', 'benchmark', 'leaderboard',
  'tweet', 'thread', 'twitter', 'x', 'reddit', 'hn', 'hacker news', 'discussion', 'linkedin',
  'project', 'project page', 'website', 'site', 'page', 'homepage', 'web',
  'blog', 'blog post', 'post', 'article', 'press', 'news', 'announcement',
  'video', 'youtube', 'talk', 'recording', 'podcast', 'audio', 'slides', 'poster', 'presentation',
  'bibtex', 'bib', 'doi', 'openreview', 'reviews', 'review', 'supplementary', 'supp', 'appendix',
  'notes', 'summary', 'tl dr', 'tldr', 'explainer', 'explanation', 'annotated', 'huggingface', 'hugging face', 'hf', 'semantic scholar',
  'citation', 'citations', 'cite', 'cited by', 'scholar', 'google scholar', 'book', 'ebook', 'chapter', 'lecture', 'lecture notes',
  'evaluation', 'eval', 'results', 'website part', 'part', 'pdf link', 'abs link', 'official', 'unofficial',
  // Where it was published, as a link's label ('[NeurIPS 2020](…)', '[ACL](…)'): the venue, not the paper's name.
  'acl', 'acl anthology', 'anthology', 'aclweb', 'emnlp', 'naacl', 'eacl', 'coling', 'neurips', 'nips', 'icml', 'iclr', 'cvpr',
  'iccv', 'eccv', 'aaai', 'ijcai', 'kdd', 'sigir', 'www', 'jmlr', 'tmlr', 'tacl', 'pmlr', 'ieee', 'acm', 'springer', 'nature',
  'science', 'proceedings', 'journal', 'conference', 'workshop', 'publisher', 'published version', 'camera ready',
]);

/** True for link text that names the kind of link, not the paper: 'Paper', '[pdf]', '(Code)', 'arXiv:1706.03762', '[1]'. */
export function isGenericLabel(text: string): boolean {
  const t = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s.]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.+$/, '');
  if (!t) return true;
  // A bare address as the link's text ('[https://arxiv.org/abs/…](…)', 'arxiv.org/abs/…'): it names where, not what.
  if (isAddressText(text)) return true;
  // Citation numbers and bare ids: '[12]', '1706.03762', 'arXiv 1706.03762'.
  if (/^(?:arxiv\s*)?(?:\d+|\d{4}\.\d{4,5}(?:v\d+)?)$/.test(t)) return true;
  const bare = t.replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
  if (GENERIC_LABELS.has(bare)) return true;
  // Numbered labels: 'Slides 2', 'Github2', 'Website-Part 1', 'Video (Part 3)'.
  const unnumbered = bare.replace(/\s*(?:part\s*)?\d+$/, '').replace(/\s+part$/, '').trim();
  if (unnumbered !== bare && GENERIC_LABELS.has(unnumbered)) return true;
  // 'Paper link', 'code here', 'pdf v2'.
  const stripped = bare.replace(/\s+(?:link|here|page|v\d+)$/, '');
  return stripped !== bare && GENERIC_LABELS.has(stripped);
}

const NAV_TEXT =
  /^(?:subscribe(?: here| now)?|sign ?up|sign ?in|log ?in|join(?: us| now)?|follow(?: us| me)?|newsletter|unsubscribe|back to top|to top|top|home|next|prev|previous|contents|table of contents|toc|license|contributing|contribute|sponsor|donate|share|rss|feed|contact(?: us)?|about(?: us| me)?|edit(?: this page)?|privacy(?: policy)?|terms|faq|archive|archives|read more|see more|view all|all posts|back)$/i;
const NAV_PHRASE =
  /\b(?:subscribe|newsletter|mailing list|unsubscribe|follow (?:us|me)|join (?:our|us|my|the community)|our discord|discord server|back to top|buy me a coffee|sponsor (?:us|me|this)|contribution guide(?:lines)?|contributing guide(?:lines)?|code of conduct)\b/i;

/** Newsletter, social, donation and page-navigation links: the page's chrome, never reading-list entries. */
export function isNavigationLink(text: string, url: string): boolean {
  const t = text.replace(/[^\p{L}\p{N}\s']+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (NAV_TEXT.test(t) || NAV_PHRASE.test(t)) return true;
  const u = parseUrl(url);
  if (!u) return false;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const path = u.pathname.toLowerCase().replace(/\/+$/, '');
  if (/^(?:discord\.gg|t\.me|patreon\.com|ko-fi\.com|buymeacoffee\.com|eepurl\.com|mailchi\.mp)$/.test(host)) return true;
  if (/(?:^|\.)discord(?:app)?\.com$/.test(host) && path.startsWith('/invite')) return true;
  // A profile, not a post: twitter.com/someone, linkedin.com/in/someone, youtube.com/@someone.
  if (/^(?:twitter\.com|x\.com)$/.test(host) && !path.includes('/status/')) return true;
  if (host === 'linkedin.com' && /^\/(?:in|company|school)\//.test(path)) return true;
  if (/^(?:youtube\.com|m\.youtube\.com)$/.test(host) && /^\/(?:@|channel\/|c\/|user\/)/.test(path)) return true;
  if (host === 'github.com' && path.startsWith('/sponsors')) return true;
  if (/\/(?:contributing|license|licence|code_of_conduct)(?:\.md)?$/.test(path)) return true;
  return /(?:^|\/)(?:subscribe|newsletter|feed|rss)(?:\.xml)?$/.test(path);
}

// Which link of an entry is the paper when all are generic: the paper-ish ones first.
const PAPER_LABELS = /^(?:paper|papers|pdf|html|arxiv|abs|abstract|full text|preprint|openreview|link|url|doi|acl|acl anthology|anthology|proceedings|journal|published version|\d+)$/;

/** Rank of a generic link as the entry's main link: lower is better (paper / pdf before code / tweet). */
export function paperLabelRank(text: string): number {
  const t = text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (PAPER_LABELS.test(t) || /^arxiv/.test(t)) return 0;
  return 1;
}

/** True for link text that is an address: 'https://arxiv.org/abs/2106.09685', 'www.example.org', 'arxiv.org/abs/…'. */
export function isAddressText(text: string): boolean {
  const t = text.trim();
  return /^(?:https?:\/\/|www\.)\S+$/i.test(t) || /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/\S*$/i.test(t);
}

/**
 * True for link text that stands for a reading without being its title: an acronym or short name ('BERT', 'GPT-3',
 * 'ViT') or its authors ('Vaswani et al.', 'Hochreiter & Schmidhuber 1997'). Syllabi link readings this way.
 */
export function isShortName(text: string): boolean {
  const t = text.trim().replace(/[.,;:]+$/, '');
  if (!t) return false;
  if (isAuthorLabel(t)) return true;
  const words = t.split(/\s+/);
  // One or two tokens, each an acronym or a capitalised coinage: 'BERT', 'GPT-3', 'LoRA', 'Word2Vec', 'ResNet'.
  return words.length <= 2 && words.every((w) => /^[A-Z0-9][A-Za-z0-9-]*$/.test(w) && /[A-Z].*[A-Z0-9]|\d/.test(w));
}

/** 'Vaswani et al.', 'Vaswani et al. 2017', 'Hochreiter & Schmidhuber (1997)', 'Sutton and Barto': names, not a title. */
export function isAuthorLabel(text: string): boolean {
  const t = text.trim().replace(/[.,;:]+$/, '').replace(/[,\s]*\(?(?:1[89]|20)\d\d\)?$/, '').trim();
  if (/^\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?\s+et\s+al\.?$/u.test(t)) return true;
  return /^\p{Lu}[\p{L}'-]+\s+(?:and|&)\s+\p{Lu}[\p{L}'-]+$/u.test(t);
}
