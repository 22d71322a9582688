import { samplePost } from '../../helpers/sample-post.ts';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/logger.ts';
import { editPublishedPost, renderPostEdit } from '../../../src/platforms/discord/post-update.ts';

const post = samplePost();

/** A client whose channels record edits, or fail them for message ids starting with 'gone'. */
function stubClient(edits: Array<{ channel: string; id: string; payload: unknown }>): Client {
  return {
    channels: {
      fetch: async (channel: string) => ({
        isTextBased: () => true,
        messages: {
          edit: async (id: string, payload: unknown) => {
            if (id.startsWith('gone')) throw new Error('Unknown Message');
            edits.push({ channel, id, payload });
          },
        },
      }),
    },
  } as unknown as Client;
}

/** The edit of samplePost() as Discord must receive it, written out by hand. */
const EXPECTED_EDIT = {
  content: '**📄 Paper club — meeting 3** — presenting: <@111>',
  embeds: [
    {
      title: 'LoRA: Low-Rank Adaptation of Large Language Models',
      url: 'https://arxiv.org/abs/2106.09685',
      description: '> Low-rank adapters are all you need\n\nReact with ✅ once you have read it.',
      color: 0x5865f2,
      fields: [
        { name: 'Presenter', value: '<@111>', inline: true },
        { name: 'Meeting', value: '<t:1767286800:F> (<t:1767286800:R>)', inline: true }, // 2026-01-01 17:00 UTC
        { name: 'On the lists', value: 'Latent Space Paper Club' },
      ],
      footer: { text: 'paperclub club:1:1767200400000' },
    },
  ],
  components: [
    {
      type: 1,
      components: [
        { type: 2, custom_id: 'signup:1:5', label: 'Sign up to present', style: 1 },
        { type: 2, custom_id: 'read:1:5', label: 'Mark read', style: 2 },
      ],
    },
  ],
  allowedMentions: { parse: [] },
};

describe('weekly post edit', () => {
  it('GIVEN a post with a presenter THEN the edit shows them, pings no one and has no nonce', () => {
    expect(renderPostEdit(post)).toEqual(EXPECTED_EDIT);
  });

  it('GIVEN messages on several platforms THEN only Discord ones are edited, and a failed edit is logged, not thrown', async () => {
    const edits: Array<{ channel: string; id: string; payload: unknown }> = [];
    const logger = memoryLogger();
    const n = await editPublishedPost(
      stubClient(edits),
      {
        post,
        messages: [
          { platform: 'slack', channel: 'C1', messageId: '1.2' },
          { platform: 'discord', channel: '10', messageId: 'gone-1' },
          { platform: 'discord', channel: '10', messageId: '20' },
        ],
      },
      { guild: 'g', logger },
    );
    expect(n).toBe(1);
    expect(edits).toEqual([{ channel: '10', id: '20', payload: EXPECTED_EDIT }]);
    expect(logger.lines.find((l) => l.msg === 'editing a weekly post failed')).toMatchObject({ op: 'edit weekly post', channel: '10', guild: 'g', messageId: 'gone-1' });
  });
});
