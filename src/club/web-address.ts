import { UserError } from '../errors.ts';

/** The longest web address a member may give (a meeting link, slides, a recording). */
export const MAX_ADDRESS = 500;

/**
 * A web address a member typed, checked and cleaned: http(s) only, no user name or password in it, one address of at
 * most MAX_ADDRESS characters. Slack's <…> wrapping is removed, and brackets are encoded so the address cannot end a
 * markdown link early (the encoded form opens the same page). Anything else is a UserError that says what to give,
 * naming `what` ("the meeting link", "the link") with an example.
 */
export function parseWebAddress(text: string, say: { code: string; what: string; example: string }): string {
  const t = unwrapAddress(text);
  const What = say.what[0]!.toUpperCase() + say.what.slice(1);
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new UserError(say.code, `Give ${say.what} as a full web address, e.g. ${say.example}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UserError(say.code, `${What} must start with https:// or http://.`);
  if (url.username || url.password) throw new UserError(say.code, `${What} must not carry a user name or password.`);
  if (t.length > MAX_ADDRESS || /\s/.test(t)) throw new UserError(say.code, `${What} must be one address of at most ${MAX_ADDRESS} characters.`);
  return url.toString().replace(/[()<>]/g, (c) => encodeURIComponent(c));
}

/** Slack wraps links in <…>: the text as typed, unwrapped and trimmed. */
export function unwrapAddress(text: string): string {
  return text.trim().replace(/^<(.*)>$/, '$1');
}
