import { samplePost } from '../../helpers/sample-post.ts';
import { describe, expect, it } from 'vitest';
import type { PostUpdate } from '../../../src/commands/types.ts';
import { memoryLogger } from '../../../src/logger.ts';
import { createPostUpdater } from '../../../src/platforms/slack/post-update.ts';

type Client = Parameters<typeof createPostUpdater>[0]['client'];

const post = samplePost({
  key: 'club:1:1763571600000',
  summary: 'Small low-rank matrices <!channel>',
  presenters: [{ userId: 'UBOB', displayName: 'Bob' }],
  lists: [],
  meetingAt: new Date('2025-11-19T17:00:00Z'),
  howToRead: 'React with ✅',
  buttons: [{ action: 'signup:1:7', label: 'Sign up to present', style: 'primary' }],
});

/** A Web API client whose chat.update records its arguments and fails with the queued Slack errors. */
function fakeClient(errors: Array<string | null> = []) {
  const calls: Array<Record<string, unknown>> = [];
  const client = {
    chat: {
      update: async (args: Record<string, unknown>) => {
        calls.push(args);
        const error = errors.shift();
        if (error) throw Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
        return { ok: true, channel: args.channel, ts: args.ts };
      },
    },
  } as unknown as Client;
  return { client, calls };
}

const update = (messages: PostUpdate['messages']): PostUpdate => ({ post, messages });

describe('slack post updater (chat.update after a presenter change)', () => {
  it('GIVEN messages on Slack and Discord THEN only the Slack ones are updated, with the delivery renderer and its metadata', async () => {
    const { client, calls } = fakeClient();
    const n = await createPostUpdater({ client, logger: memoryLogger() })(
      update([
        { platform: 'slack', channel: 'C1', messageId: '111.222' },
        { platform: 'discord', channel: '999', messageId: '888' },
      ]),
    );
    expect(n).toBe(1);
    // Written out by hand: the same blocks and metadata as the post (so findPost still finds it), the user text escaped.
    const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
    expect(calls).toEqual([
      {
        channel: 'C1',
        ts: '111.222',
        text: '📄 Paper club — meeting 3: LoRA: Low-Rank Adaptation of Large Language Models — presenting: Bob',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: '📄 Paper club — meeting 3', emoji: true } },
          { type: 'section', text: mrkdwn('*<https://arxiv.org/abs/2106.09685|LoRA: Low-Rank Adaptation of Large Language Models>*') },
          { type: 'section', text: mrkdwn('> Small low-rank matrices &lt;!channel&gt;') },
          { type: 'section', fields: [mrkdwn('*Presenting:* <@UBOB>'), mrkdwn('*Meeting:* <!date^1763571600^{date_long_pretty} at {time}|Wed, 19 Nov 2025 17:00 UTC>')] },
          {
            type: 'context',
            elements: [mrkdwn("React with :white_check_mark: once you've read it (remove it to un-mark), press *Mark read*, or use `/paperclub read`. Discuss in the thread.")],
          },
          {
            type: 'actions',
            block_id: 'paperclub-post-actions',
            elements: [{ type: 'button', action_id: 'paperclub-0', text: { type: 'plain_text', text: 'Sign up to present', emoji: true }, value: 'signup:1:7', style: 'primary' }],
          },
        ],
        metadata: { event_type: 'paperclub_post', event_payload: { key: 'club:1:1763571600000' } },
      },
    ]);
  });

  it('GIVEN no update, or none for Slack THEN nothing is called', async () => {
    const { client, calls } = fakeClient();
    const updatePost = createPostUpdater({ client, logger: memoryLogger() });
    expect(await updatePost(undefined)).toBe(0);
    expect(await updatePost(update([{ platform: 'console', channel: 'c', messageId: 'm' }]))).toBe(0);
    expect(calls).toEqual([]);
  });

  it('GIVEN failed updates THEN each is logged with context and skipped; the rest go through and nothing throws', async () => {
    const { client, calls } = fakeClient(['message_not_found', 'cant_update_message', 'not_in_channel', null]);
    const logger = memoryLogger();
    const messages = ['1.1', '1.2', '1.3', '1.4'].map((ts) => ({ platform: 'slack', channel: 'C1', messageId: ts }));
    expect(await createPostUpdater({ client, logger })(update(messages))).toBe(1);
    expect(calls).toHaveLength(4);
    const failed = logger.lines.filter((l) => l.msg === 'slack api call failed');
    expect(failed.map((l) => [l.level, l.code, l.ts])).toEqual([
      ['warn', 'message_not_found', '1.1'],
      ['warn', 'cant_update_message', '1.2'],
      ['warn', 'not_in_channel', '1.3'],
    ]);
    expect(failed[0]).toMatchObject({ method: 'chat.update', channel: 'C1', club: 1, key: post.key, part: 'slack-post-update' });
    expect(logger.lines.find((l) => l.msg === 'weekly post updated')).toMatchObject({ messages: 1 });
  });
});
