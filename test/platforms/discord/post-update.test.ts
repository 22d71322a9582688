import { samplePost } from '../../helpers/sample-post.ts';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/logger.ts';
import { editPublishedPost, renderPostEdit } from '../../../src/platforms/discord/post-update.ts';
import { renderWeeklyPost } from '../../../src/platforms/discord/weekly-post.ts';

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

describe('weekly post edit', () => {
  it('GIVEN a post with a presenter THEN the edit renders like delivery but pings no one and has no nonce', () => {
    const edit = renderPostEdit(post);
    const { nonce: _n, enforceNonce: _e, allowedMentions: _a, ...sent } = renderWeeklyPost(post);
    expect(edit).toEqual({ ...sent, allowedMentions: { parse: [] } });
    expect(edit.content).toContain('<@111>');
    expect(edit.embeds![0]!.fields!.find((f) => f.name === 'Presenter')!.value).toBe('<@111>');
    expect(edit).not.toHaveProperty('nonce');
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
    expect(edits).toEqual([{ channel: '10', id: '20', payload: renderPostEdit(post) }]);
    expect(logger.lines.find((l) => l.msg === 'editing a weekly post failed')).toMatchObject({ op: 'edit weekly post', channel: '10', guild: 'g', messageId: 'gone-1' });
  });
});
