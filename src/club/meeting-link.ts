import { UserError } from '../errors.ts';

/** Words that clear the meeting link in `/club settings link:…`. */
const CLEAR_WORDS = new Set(['none', 'off', 'clear', '-']);

/**
 * Reads a meeting link an admin typed: an http(s) URL (at most 500 characters, no login part), or `none` to clear
 * it (null). Anything else is a UserError saying what to give.
 */
export function parseMeetingLink(text: string): string | null {
  const t = text.trim().replace(/^<(.*)>$/, '$1'); // Slack wraps links in <…>
  if (CLEAR_WORDS.has(t.toLowerCase())) return null;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new UserError('bad-link', 'Give the meeting link as a full web address, e.g. https://meet.google.com/abc-defg-hij, or "none" to clear it.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UserError('bad-link', 'The meeting link must start with https:// or http://.');
  if (url.username || url.password) throw new UserError('bad-link', 'The meeting link must not carry a user name or password.');
  if (t.length > 500 || /\s/.test(t)) throw new UserError('bad-link', 'The meeting link must be one address of at most 500 characters.');
  return url.toString();
}
