/**
 * Rotation & wrap-up (issue 12): a form modal's submit (view_submission). Runs the form's command in the club channel
 * it came from; a refusal is shown on the form's first field (response_action errors), success privately in the channel.
 */
import type { App } from '@slack/bolt';
import { FORM_CALLBACK_ID, submittedForm } from '../form-view.ts';
import { toMrkdwn } from '../mrkdwn.ts';
import type { ListenerDeps } from './deps.ts';

export function register(app: App, deps: ListenerDeps): void {
  const logger = deps.logger.child({ listener: 'view' });
  app.view(FORM_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const form = submittedForm(view as Parameters<typeof submittedForm>[0]);
    if (!form) {
      await ack();
      return;
    }
    const log = logger.child({ user: body.user.id, command: form.state.command });
    try {
      const workspace = body.team?.id ?? body.user.team_id ?? '';
      const who = await deps.users.lookup(body.user.id, body.user.name);
      // The core answers from the database (no platform call), well within the 3 seconds Slack waits for the ack.
      const reply = await deps.core.execute({
        where: { platform: 'slack', workspace, channel: form.state.channel },
        user: { userId: body.user.id, displayName: who.displayName, isPlatformAdmin: who.isPlatformAdmin },
        command: form.state.command,
        args: { ...Object.fromEntries(Object.entries(form.state.args).map(([k, v]) => [k, String(v)])), ...form.values },
      });
      const firstField = view.blocks.find((b) => b.type === 'input')?.block_id ?? 'url';
      if (reply.error) {
        await ack({ response_action: 'errors', errors: { [firstField]: reply.text.slice(0, 150) } });
        return;
      }
      await ack();
      await client.chat.postEphemeral({ channel: form.state.channel, user: body.user.id, text: toMrkdwn(reply.text) }).catch((err) => log.warn('form answer not delivered', { err }));
    } catch (err) {
      log.error('form submit failed', { err });
      await ack({ response_action: 'errors', errors: { url: 'Something went wrong on our side; it has been logged. Please try again.' } }).catch(() => {});
    }
  });
}
