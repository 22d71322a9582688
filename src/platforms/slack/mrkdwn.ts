import { boundaryBefore, charCount, cutToChars } from '../../characters.ts';

/** Light markdown (the core's reply format) -> Slack mrkdwn, escaping so user text can never ping anyone. */

/** Escapes the three characters Slack treats as control sequences; `<!here>` and `<@U…>` need a `<`. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// A URL is only linked when it is plain http(s); `|` and `>` inside would end the link early.
function safeUrl(url: string): string | null {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return null;
  return url.replace(/[<>|]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
}

/** A link `<url|text>` with escaped text, or the escaped text alone when the url is not http(s). */
export function link(url: string, text: string): string {
  const u = safeUrl(url);
  const label = escapeText(text).replace(/\|/g, '¦');
  return u ? `<${u}|${label}>` : label;
}

const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;

function inline(segment: string): string {
  // Escape first, then turn **bold** into Slack's *bold*; _italic_ and `code` are the same in both.
  return escapeText(segment).replace(/\*\*([^*\n]+)\*\*/g, '*$1*');
}

/** Converts one line: links, bold, list bullets and quotes. */
function line(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    out += inline(text.slice(last, m.index));
    out += link(m[2]!, m[1]!.replace(/\*\*/g, ''));
    last = m.index! + m[0].length;
  }
  out += inline(text.slice(last));
  // A quote marker at the start of a line is safe to restore: it cannot open a `<…>` sequence.
  out = out.replace(/^&gt; ?/, '> ');
  out = out.replace(/^(\s*)[-*] /, '$1• ');
  return out;
}

/** Light markdown to mrkdwn, line by line. */
export function toMrkdwn(markdown: string): string {
  return markdown.split('\n').map(line).join('\n');
}

/** Plain text for notification fallbacks: no markup, still escaped. */
export function toPlain(markdown: string, max = 300): string {
  const plain = markdown
    .replace(LINK, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return escapeText(truncate(plain, max));
}

/** Cuts text to at most `max` characters (ellipsis included), as Slack counts them; never inside a character. */
export function truncate(text: string, max: number): string {
  if (charCount(text) <= max) return text;
  return cutToChars(text, Math.max(0, max - 1)) + '…';
}

/**
 * Splits mrkdwn into chunks of at most `max` characters, preferring line breaks, never cutting an
 * entity (`&amp;`) or a link (`<…>`) in half.
 */
export function chunkMrkdwn(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    // A hard cut goes back to where a character ends (never half an emoji).
    if (cut < max / 2) cut = boundaryBefore(rest, max);
    // Do not split inside `<…>` or `&…;`.
    const open = rest.lastIndexOf('<', cut);
    if (open > rest.lastIndexOf('>', cut - 1) && open > 0) cut = open;
    const amp = rest.lastIndexOf('&', cut);
    if (amp > -1 && amp > cut - 6 && rest.indexOf(';', amp) >= cut) cut = amp;
    if (cut <= 0) cut = boundaryBefore(rest, max) || max;
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/**
 * The core names commands as Discord does (`/signup 3`); on Slack they live under one command (`/paperclub signup 3`).
 * `words` are the first words of the core's command paths.
 */
export function slackCommandRefs(text: string, words: readonly string[]): string {
  if (!words.length) return text;
  const alt = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return text.replace(new RegExp(`(^|[\\s(\`'"“])/(${alt})\\b`, 'g'), '$1/paperclub $2');
}

/**
 * Slash command text arrives escaped (manifest `should_escape: true`): users stay `<@U…|name>` for the core's
 * member parser; links and channels are unwrapped back to what the person typed.
 */
export function unescapeCommandText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name: string | undefined) => name ?? '@group')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
