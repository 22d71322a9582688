/** `/paperclub <subcommand> [args]`: ack at once, then run the line through the core and respond. */
import type { App } from '@slack/bolt';
import type { Where } from '../../../club/types.ts';
import { unescapeCommandText } from '../mrkdwn.ts';
import { sendFileToUser } from '../files.ts';
import { commandWords, genericFailure, respondWith } from '../respond.ts';
import type { ListenerDeps } from './deps.ts';

export const SLASH_COMMAND = '/paperclub';

export function register(app: App, deps: ListenerDeps): void {
  const logger = deps.logger.child({ listener: 'command' });
  const words = commandWords(deps.core.commands);
  app.command(SLASH_COMMAND, async ({ ack, command, respond, client }) => {
    // Slack's 3-second deadline: acknowledge first, answer through response_url afterwards.
    await ack();
    const line = unescapeCommandText(command.text).trim();
    const log = logger.child({ user: command.user_id, channel: command.channel_id, line: line.slice(0, 80) });
    try {
      const where: Where = { platform: 'slack', workspace: command.team_id, channel: command.channel_id, channelName: command.channel_name };
      const who = await deps.users.lookup(command.user_id, command.user_name);
      const reply = await deps.core.executeLine({
        where,
        user: { userId: command.user_id, displayName: who.displayName, isPlatformAdmin: who.isPlatformAdmin },
        line,
      });
      await respondWith(respond, reply, log, words, (file) => sendFileToUser(client, command.user_id, file, log));
      // After the answer: the weekly post shows the new presenter (a failed edit is logged, never the user's problem).
      await deps.updatePost(reply.postUpdate);
      // A paper's title that arrived after the answer: the answer is replaced through the same response_url.
      const edited = reply.later ? await reply.later : null;
      if (edited) await respondWith(respond, edited, log, words, undefined, { replaceOriginal: true });
    } catch (err) {
      log.error('slash command failed', { err });
      await respondWith(respond, genericFailure(), log);
    }
  });
}
