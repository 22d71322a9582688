/** Buttons (Sign up to present, Mark read): ack, core.runAction with the button's value, respond, then update the post. */
import type { App } from '@slack/bolt';
import type { Where } from '../../../club/types.ts';
import { ACTION_PREFIX } from '../render.ts';
import { renderFormView } from '../form-view.ts';
import { commandWords, genericFailure, respondWith } from '../respond.ts';
import type { ListenerDeps } from './deps.ts';

export function register(app: App, deps: ListenerDeps): void {
  const logger = deps.logger.child({ listener: 'action' });
  const words = commandWords(deps.core.commands);
  app.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}`) }, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (action.type !== 'button' || !action.value) return;
    const log = logger.child({ user: body.user.id, action: action.value });
    try {
      const workspace = body.team?.id ?? body.user.team_id ?? '';
      const channel = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id ?? '';
      const where: Where = { platform: 'slack', workspace, channel, channelName: body.channel?.name };
      const who = await deps.users.lookup(body.user.id, body.user.name ?? body.user.username, client);
      const reply = await deps.core.runAction({
        where,
        user: { userId: body.user.id, displayName: who.displayName, isPlatformAdmin: who.isPlatformAdmin },
        action: action.value,
      });
      // Rotation & wrap-up: "Add slides / recording" opens a form; when Slack refuses it (an expired trigger_id),
      // the reply's text still names the command that does the same.
      if (reply.form) {
        try {
          await client.views.open({ trigger_id: body.trigger_id, view: renderFormView(reply.form, channel) });
          return;
        } catch (err) {
          log.warn('form not opened; answering with the command instead', { err });
        }
      }
      await respondWith(respond, reply, log, words);
      await deps.updatePost(reply.postUpdate, client);
    } catch (err) {
      log.error('button failed', { err });
      await respondWith(respond, genericFailure(), log);
    }
  });
}
