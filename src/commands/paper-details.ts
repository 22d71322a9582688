/** Replies that name papers wait a little for their look-ups, and come again as an edit when an answer is late. */
import { NO_LOOKUPS, settledWithin } from '../catalog/metadata/lookups.ts';
import type { CommandContext, Reply } from './types.ts';

/**
 * Asks for what the papers lack (title, authors, one-liner) and builds the reply: at once when nothing is missing,
 * else after the look-ups or `waitMs` (about 1.5 s), whichever comes first. A late answer rebuilds the reply and
 * hands it to the adapter as `later` (an edit). `build` reads the store afresh each time.
 */
export async function replyNamingPapers(ctx: CommandContext, paperIds: number[], build: () => Reply | Promise<Reply>): Promise<Reply> {
  const lookups = ctx.lookups ?? NO_LOOKUPS;
  const request = await lookups.request(paperIds);
  if (!request.pending) return build();
  const inTime = await settledWithin(request, lookups.waitMs);
  const reply = await build();
  if (inTime) return reply;
  const later = request.settled
    .then(async () => {
      const next = await build();
      return next.text === reply.text && next.title === reply.title ? null : next;
    })
    // A paper gone meanwhile (or any other trouble) leaves the first answer as it is.
    .catch(() => null);
  return { ...reply, later };
}
