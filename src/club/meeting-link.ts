import { parseWebAddress, unwrapAddress } from './web-address.ts';

/** Words that clear the meeting link in `/club settings link:…`. */
const CLEAR_WORDS = new Set(['none', 'off', 'clear', '-']);

/**
 * Reads a meeting link an admin typed: an http(s) URL (at most 500 characters, no login part), or `none` to clear
 * it (null). Anything else is a UserError saying what to give.
 */
export function parseMeetingLink(text: string): string | null {
  if (CLEAR_WORDS.has(unwrapAddress(text).toLowerCase())) return null;
  return parseWebAddress(text, { code: 'bad-link', what: 'the meeting link', example: 'https://meet.google.com/abc-defg-hij, or "none" to clear it' });
}
