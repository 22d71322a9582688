/** Sends a core Reply through a response_url: private -> ephemeral, public -> in_channel, long replies paged. */
import type { RespondFn } from '@slack/bolt';
import type { Reply } from '../../commands/types.ts';
import type { Logger } from '../../logger.ts';
import { renderReply } from './render.ts';

/** A response_url takes five messages within 30 minutes. */
const MAX_RESPONSES = 5;

/**
 * Sends every page of the reply; `commandWords` turn the core's `/signup` into `/paperclub signup`. A reply's
 * file goes through `sendFile` (an upload) when given and it succeeds; otherwise it is shown inline, paged.
 */
export async function respondWith(
  respond: RespondFn,
  reply: Reply,
  logger: Logger,
  commandWords: readonly string[] = [],
  sendFile?: (file: { name: string; content: string }) => Promise<boolean>,
  /** An edit of the answer already sent (a paper's title arrived after it): it replaces that message. */
  opts: { replaceOriginal?: boolean } = {},
): Promise<void> {
  const uploaded = reply.file && sendFile ? await sendFile(reply.file) : false;
  const messages = renderReply(reply, { maxMessages: MAX_RESPONSES, commandWords, ...(uploaded ? { fileSent: 'sent to you as a file in a direct message from paperclub' } : {}) });
  for (const m of messages) {
    try {
      await respond({
        response_type: reply.private ? 'ephemeral' : 'in_channel',
        replace_original: opts.replaceOriginal === true,
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

/** First words of the core's command paths ('paper', 'signup', 'club'…), for command references in replies. */
export function commandWords(commands: ReadonlyArray<{ group: string | null; name: string }>): string[] {
  return [...new Set(commands.map((c) => c.group ?? c.name))];
}
