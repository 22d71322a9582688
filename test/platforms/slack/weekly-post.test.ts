import { samplePost } from '../../helpers/sample-post.ts';
import type { PostContent } from '../../../src/render/weekly-post.ts';
import { describe, expect, it } from 'vitest';
import { dateToken, POST_EVENT_TYPE, renderSlackPost } from '../../../src/platforms/slack/weekly-post.ts';

function post(over: Partial<PostContent> = {}): PostContent {
  return samplePost({
    key: 'club:1:1763571600000',
    summary: 'Fine-tune big models by training small low-rank matrices <!here>',
    presenters: [{ userId: 'UALICE', displayName: 'Alice' }],
    lists: ['Latent Space Paper Club', 'Research papers read recently'],
    meetingAt: new Date('2025-11-19T17:00:00Z'),
    howToRead: 'React with ✅',
    buttons: [
      { action: 'signup:1:7', label: 'Sign up to present', style: 'primary' },
      { action: 'read:1:7', label: 'Mark read', style: 'secondary' },
    ],
    ...over,
  });
}

describe('slack weekly post', () => {
  it('GIVEN a post with a presenter THEN header, title link, one-liner, mention, date token, lists and both buttons', () => {
    const m = renderSlackPost(post());
    const json = JSON.stringify(m.blocks);
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: '📄 Paper club — meeting 3' } });
    expect(json).toContain('<https://arxiv.org/abs/2106.09685|LoRA: Low-Rank Adaptation of Large Language Models>');
    expect(json).toContain('*Presenting:* <@UALICE>');
    expect(json).toContain('<!date^1763571600^{date_long_pretty} at {time}|Wed, 19 Nov 2025 17:00 UTC>');
    expect(json).toContain('Latent Space Paper Club · Research papers read recently');
    expect(json).toContain(':white_check_mark:');
    expect(json).toContain('&lt;!here&gt;');
    expect(json).not.toContain('<!here>');
    const actions = m.blocks.at(-1) as { type: string; elements: Array<{ value: string; text: { text: string } }> };
    expect(actions.type).toBe('actions');
    expect(actions.elements.map((e) => [e.text.text, e.value])).toEqual([
      ['Sign up to present', 'signup:1:7'],
      ['Mark read', 'read:1:7'],
    ]);
    expect(m.metadata).toEqual({ event_type: POST_EVENT_TYPE, event_payload: { key: 'club:1:1763571600000' } });
    expect(m.blocks.length).toBeLessThanOrEqual(50);
  });

  it('GIVEN no presenter THEN the post calls for one and mentions nobody', () => {
    const m = renderSlackPost(post({ presenters: [] }));
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Presenter wanted!');
    expect(json).not.toMatch(/<@/);
    expect(m.text).toContain('presenter wanted');
  });

  it('GIVEN a presenter id that is not a Slack user id THEN the name is shown escaped, not as a mention', () => {
    const m = renderSlackPost(post({ presenters: [{ userId: '<!channel>', displayName: 'Eve <!channel> & co' }] }));
    const fields = (m.blocks.find((b) => b.type === 'section' && 'fields' in b) as { fields: Array<{ text: string; verbatim?: boolean }> }).fields;
    expect(fields[0]).toEqual({ type: 'mrkdwn', text: '*Presenting:* Eve &lt;!channel&gt; &amp; co', verbatim: true });
    expect(m.text).toContain('presenting: Eve &lt;!channel&gt; &amp; co');
    expect(JSON.stringify(m.blocks) + m.text).not.toMatch(/<!channel>|<@/);
  });

  it('GIVEN a different read emoji THEN the post names it by its Slack short name', () => {
    expect(JSON.stringify(renderSlackPost(post({ readEmoji: '📖' })).blocks)).toContain(':book:');
  });

  it('GIVEN a date THEN the token carries unix seconds and a UTC fallback', () => {
    expect(dateToken(new Date('2026-03-04T09:30:00Z'))).toBe('<!date^1772616600^{date_long_pretty} at {time}|Wed, 04 Mar 2026 09:30 UTC>');
  });
});
