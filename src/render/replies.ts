import type { Reply } from './reply.ts';

/** A private error reply that says what to do instead. */
export function errorReply(text: string): Reply {
  return { private: true, error: true, text };
}

export function privateReply(text: string, extra: Partial<Reply> = {}): Reply {
  return { private: true, text, ...extra };
}

export function publicReply(text: string, extra: Partial<Reply> = {}): Reply {
  return { private: false, text, ...extra };
}
