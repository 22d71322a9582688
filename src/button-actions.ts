/**
 * What a button does, as one typed value, and the one text form a platform carries it in (Discord `custom_id`,
 * Slack `value`; both limited to 100 characters, Discord's the smaller). The text form is unchanged from before this
 * codec, so buttons on posts already sent keep working.
 */
export type ButtonAction =
  /** Sign up to present at the meeting the post is for (older posts name only the paper). */
  | { kind: 'signup'; clubId: number; paperId: number; meetingAt?: number }
  /** Mark the post's paper read. */
  | { kind: 'read'; clubId: number; paperId: number }
  /** "I was there", on a post whose meeting has started. */
  | { kind: 'attend'; clubId: number; meetingAt: number }
  /** Open the form that adds slides or a recording to the meeting. */
  | { kind: 'links'; clubId: number; meetingAt: number }
  /** A ballot's candidate (its 0-based place on the ballot). */
  | { kind: 'vote'; clubId: number; voteId: number; idx: number }
  /** The rotation's question, answered in the asked member's DM. */
  | { kind: 'rotation'; clubId: number; askId: number; answer: 'accept' | 'pass' };

/** The text a platform carries: `kind:clubId:…`, numbers in decimal. */
export function encodeAction(a: ButtonAction): string {
  switch (a.kind) {
    case 'signup':
      return a.meetingAt === undefined ? `signup:${a.clubId}:${a.paperId}` : `signup:${a.clubId}:${a.paperId}:${a.meetingAt}`;
    case 'read':
      return `read:${a.clubId}:${a.paperId}`;
    case 'attend':
    case 'links':
      return `${a.kind}:${a.clubId}:${a.meetingAt}`;
    case 'vote':
      return `vote:${a.clubId}:${a.voteId}:${a.idx}`;
    case 'rotation':
      return `rotation:${a.clubId}:${a.askId}:${a.answer}`;
  }
}

const ID = /^\d{1,15}$/;

/** The action a button's text stands for; null for anything that is not exactly one (a crafted or stale id). */
export function decodeAction(text: string): ButtonAction | null {
  if (text.length > 100) return null;
  const [kind, ...parts] = text.split(':');
  const ids = (n: number) => parts.length === n && parts.every((p) => ID.test(p));
  const num = (i: number) => Number(parts[i]);
  switch (kind) {
    case 'signup':
      if (ids(2)) return { kind, clubId: num(0), paperId: num(1) };
      return ids(3) ? { kind, clubId: num(0), paperId: num(1), meetingAt: num(2) } : null;
    case 'read':
      return ids(2) ? { kind, clubId: num(0), paperId: num(1) } : null;
    case 'attend':
    case 'links':
      return ids(2) ? { kind, clubId: num(0), meetingAt: num(1) } : null;
    case 'vote':
      return ids(3) ? { kind, clubId: num(0), voteId: num(1), idx: num(2) } : null;
    case 'rotation': {
      const answer = parts[2];
      if (parts.length !== 3 || !ID.test(parts[0]!) || !ID.test(parts[1]!) || (answer !== 'accept' && answer !== 'pass')) return null;
      return { kind, clubId: num(0), askId: num(1), answer };
    }
    default:
      return null;
  }
}
