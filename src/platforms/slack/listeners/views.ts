/**
 * Rotation & wrap-up (issue 12): a form modal's submit (view_submission). Runs the form's command in the club channel
 * it came from. Slack waits 3 seconds for the ack and shows the submitter an error after that, whatever the app does
 * later (https://api.slack.com/surfaces/modals#handling_submissions); looking the submitter up (users.info) can take
 * longer, a cold cache plus a rate limit's Retry-After. So the work races a deadline well inside those 3 seconds:
 * done by then, a refusal is shown on the form's first field (response_action errors) and success privately in the
 * channel; not done, the form is acknowledged (it closes) and the answer, either way, comes privately in the channel.
 */
import type { App } from '@slack/bolt';
import type { Reply } from '../../../commands/types.ts';
import { FORM_CALLBACK_ID, submittedForm } from '../form-view.ts';
import { toMrkdwn } from '../mrkdwn.ts';
import type { ListenerDeps } from './deps.ts';

/** How long a submit may work before it is acknowledged anyway (Slack's limit is 3 s, the network takes its share). */
export const FORM_ACK_DEADLINE_MS = 2000;

export function register(app: App, deps: ListenerDeps): void {
  const logger = deps.logger.child({ listener: 'view' });
  app.view(FORM_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const form = submittedForm(view as Parameters<typeof submittedForm>[0]);
    if (!form) {
      await ack();
      return;
    }
    const log = logger.child({ user: body.user.id, command: form.state.command });
    const work = (async (): Promise<Reply> => {
      const workspace = body.team?.id ?? body.user.team_id ?? '';
      const who = await deps.users.lookup(body.user.id, body.user.name, client);
      return deps.core.execute({
        where: { platform: 'slack', workspace, channel: form.state.channel },
        user: { userId: body.user.id, displayName: who.displayName, isPlatformAdmin: who.isPlatformAdmin },
        command: form.state.command,
        args: { ...Object.fromEntries(Object.entries(form.state.args).map(([k, v]) => [k, String(v)])), ...form.values },
      });
    })().catch((err: unknown): Reply => {
      log.error('form submit failed', { err });
      return { private: true, error: true, text: 'Something went wrong on our side; it has been logged. Please try again.' };
    });
    const tell = (text: string) =>
      client.chat.postEphemeral({ channel: form.state.channel, user: body.user.id, text: toMrkdwn(text) }).then(
        () => undefined,
        (err: unknown) => log.warn('form answer not delivered', { err }),
      );

    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), FORM_ACK_DEADLINE_MS)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') {
      if (first.error) {
        const field = view.blocks.find((b) => b.type === 'input')?.block_id ?? 'url';
        await ack({ response_action: 'errors', errors: { [field]: first.text.slice(0, 150) } });
        return;
      }
      await ack();
      await tell(first.text);
      return;
    }
    await ack();
    const reply = await work;
    await tell(reply.error ? `Your form was not saved: ${reply.text}` : reply.text);
  });
}
