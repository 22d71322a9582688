/** Sends a core Reply through a response_url: private -> ephemeral, public -> in_channel, long replies paged. */
import type { RespondFn } from '@slack/bolt';
import type { Reply } from '../../commands/types.ts';
import type { Logger } from '../../logger.ts';
import { renderReply } from './render.ts';

/** A response_url takes five messages within 30 minutes. */
const MAX_RESPONSES = 5;

export async function respondWith(respond: RespondFn, reply: Reply, logger: Logger): Promise<void> {
  const messages = renderReply(reply, { maxMessages: MAX_RESPONSES });
  for (const m of messages) {
    try {
      await respond({
        response_type: reply.private ? 'ephemeral' : 'in_channel',
        replace_original: false,
        text: m.text,
        blocks: m.blocks,
      });
    } catch (err) {
      // An expired or over-used response_url: nothing more we can show; the work itself is done.
      logger.warn('respond failed', { error: err instanceof Error ? err.message : String(err) });
      return;
    }
  }
}

/** A private reply saying something went wrong on our side. */
export function genericFailure(): Reply {
  return { private: true, error: true, text: 'Something went wrong on my side; it has been logged. Please try again.' };
}
