/**
 * HTML text helpers for the club's web page: every piece of text and every attribute value goes through `esc`, and
 * every link through `safeHref`, so a person's words never become markup.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value (always double-quoted by the page) with `& < > " '` as entities. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The URL when it is an absolute http(s) address (escaped for an attribute), else null: no `javascript:` or `data:` links. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? esc(u.href) : null;
  } catch {
    return null;
  }
}

/** An outside link (`rel` so the other site gets no handle on this page), or the plain text when the URL is not http(s). */
export function outLink(url: string | null | undefined, text: string): string {
  const href = safeHref(url);
  return href ? `<a href="${href}" rel="noopener noreferrer nofollow">${esc(text)}</a>` : esc(text);
}
