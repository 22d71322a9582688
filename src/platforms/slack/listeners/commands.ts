/** `/paperclub <subcommand> [args]`: ack at once, then run the line through the core and respond. */
import type { App } from '@slack/bolt';
import type { Where } from '../../../club/types.ts';
import { unescapeCommandText } from '../mrkdwn.ts';
import { sendFileToUser } from '../files.ts';
import { commandWords, genericFailure, respondWith } from '../respond.ts';
import type { ListenerDeps } from './deps.ts';

export const SLASH_COMMAND = '/paperclub';

/** The answer to a club command run in a direct message: clubs live in channels. */
export const USE_A_CHANNEL =
  'Paper club commands work in channels, not in direct messages. To start a club, invite me to its channel (`/invite @paperclub`) and run `/paperclub club setup` there; other commands run in the club\'s channel. (`/paperclub help` works anywhere.)';

/**
 * A direct message (a DM with the bot, or a group DM): its id starts with D, and a slash command names it
 * `directmessage` (or `mpdm-…` for a group DM). The app has no scope to inspect those conversations (no im:read in
 * slack/manifest.yml: conversations.info answers missing_scope), and a club cannot live in one anyway.
 */
function isDirectMessage(channelId: string, channelName: string | undefined): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage' || Boolean(channelName?.startsWith('mpdm-'));
}

export function register(app: App, deps: ListenerDeps): void {
  const logger = deps.logger.child({ listener: 'command' });
  const words = commandWords(deps.core.commands);
  app.command(SLASH_COMMAND, async ({ ack, command, respond, client }) => {
    // Slack's 3-second deadline: acknowledge first, answer through response_url afterwards.
    await ack();
    const line = unescapeCommandText(command.text).trim();
    const log = logger.child({ user: command.user_id, channel: command.channel_id, line: line.slice(0, 80) });
    if (isDirectMessage(command.channel_id, command.channel_name) && !/^help\b/i.test(line)) {
      await respondWith(respond, { private: true, error: true, text: USE_A_CHANNEL }, log);
      return;
    }
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
