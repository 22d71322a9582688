/** What the rest of the bot asks of paper metadata: look these papers up, and say when their details changed. */

/** The look-ups one request started. */
export interface LookupRequest {
  /** False when nothing needed asking (all cached, look-ups off, or the source is unreachable for now). */
  pending: boolean;
  /** Resolves once every look-up started has an answer or failed; never rejects. */
  settled: Promise<void>;
}

/** The port commands, votes and posts use; the metadata service implements it, NO_LOOKUPS stands in when it is off. */
export interface PaperLookups {
  /** Starts the look-ups these papers lack (a real title, authors, year, a one-liner). `background`: behind commands' asks. */
  request(paperIds: Iterable<number>, opts?: { background?: boolean }): Promise<LookupRequest>;
  /** How long a command may wait for a look-up before it answers with what it has (the rest comes as an edit). */
  readonly waitMs: number;
  /** Hears the ids of papers whose shown details changed (a title filled, a one-liner found), and of those whose title did. */
  onChanged(listener: (paperIds: number[], titled: number[]) => void): void;
}

/** Look-ups off (PAPERCLUB_METADATA=off, tests, tools): nothing is ever asked, everything shows what lists say. */
export const NO_LOOKUPS: PaperLookups = {
  request: async () => ({ pending: false, settled: Promise.resolve() }),
  waitMs: 0,
  onChanged: () => {},
};

/** Resolves true when `request` settled within `ms`, false when it is still going (or nothing was pending: true). */
export async function settledWithin(request: LookupRequest, ms: number): Promise<boolean> {
  if (!request.pending) return true;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([request.settled.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
