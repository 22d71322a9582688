/** reaction_added / reaction_removed on a meeting post -> read marks; body.event_id makes Slack's re-sends apply once. */
import type { App } from '@slack/bolt';
import type { ListenerDeps } from './deps.ts';

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

export function register(app: App, deps: ListenerDeps): void {
  const logger = deps.logger.child({ listener: 'reaction' });

  const handle = (added: boolean) =>
    async ({ event, body }: { event: ReactionEvent; body: { team_id?: string; event_id?: string } }) => {
      if (event.item.type !== 'message' || !event.item.channel || !event.item.ts) return;
      const workspace = body.team_id ?? '';
      const channel = event.item.channel;
      // Most reactions in a workspace are not ours to count: skip them before any API call.
      if (!(await deps.core.isReadReaction({ platform: 'slack', channel, messageId: event.item.ts, emoji: event.reaction }))) {
        logger.debug('reaction ignored', { added, channel, ts: event.item.ts, eventId: body.event_id });
        return;
      }
      const who = await deps.users.lookup(event.user);
      const result = await deps.core.reaction({
              platform: 'slack',
              workspace,
              channel,
              messageId: event.item.ts,
              user: { userId: event.user, displayName: who.displayName, isPlatformAdmin: who.isPlatformAdmin },
              emoji: event.reaction,
              added,
              eventId: body.event_id,
            });
      logger.debug('reaction handled', { added, user: event.user, channel, ts: event.item.ts, eventId: body.event_id, ...result });
    };

  app.event('reaction_added', handle(true));
  app.event('reaction_removed', handle(false));
}
