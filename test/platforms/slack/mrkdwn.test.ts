import { describe, expect, it } from 'vitest';
import { chunkMrkdwn, escapeText, link, slackCommandRefs, toMrkdwn, toPlain, unescapeCommandText } from '../../../src/platforms/slack/mrkdwn.ts';

describe('slack mrkdwn', () => {
  it('GIVEN user text with Slack control sequences THEN no ping can survive escaping', () => {
    const evil = '<!here> <!channel> <@U123> <!subteam^S1> & <#C1>';
    for (const out of [escapeText(evil), toMrkdwn(evil), toPlain(evil)]) {
      expect(out).not.toMatch(/<[!@#]/);
      expect(out).toContain('&lt;!here&gt;');
    }
  });

  it('GIVEN light markdown THEN bold, links, bullets and quotes become mrkdwn', () => {
    expect(toMrkdwn('**Attention** is [all you need](https://arxiv.org/abs/1706.03762)')).toBe(
      '*Attention* is <https://arxiv.org/abs/1706.03762|all you need>',
    );
    expect(toMrkdwn('- one\n- two')).toBe('• one\n• two');
    expect(toMrkdwn('> quoted <b>')).toBe('> quoted &lt;b&gt;');
  });

  it('GIVEN a link label or url trying to break out THEN it stays one harmless link', () => {
    expect(link('https://x.test/a|<!here>', 'x|<@U1>')).toBe('<https://x.test/a%7C%3C!here%3E|x¦&lt;@U1&gt;>');
    expect(link('javascript:alert(1)', 'click')).toBe('click');
    expect(toMrkdwn('[<!here>](https://ok.test)')).toBe('<https://ok.test|&lt;!here&gt;>');
  });

  it('GIVEN long text THEN chunks stay within the limit and never cut an entity or link', () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} &amp; <https://e.test/${i}|paper ${i}>`).join('\n');
    const chunks = chunkMrkdwn(text, 3000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(3000);
      expect(c.split('<').length).toBe(c.split('>').length);
      expect(c).not.toMatch(/&[a-z]*$/);
    }
    expect(chunks.join('\n').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });

  it('GIVEN a single long line without breaks THEN it is still cut within the limit', () => {
    const chunks = chunkMrkdwn('x'.repeat(7000), 3000);
    expect(chunks.map((c) => c.length)).toEqual([3000, 3000, 1000]);
  });

  it('GIVEN the core naming commands Discord-style THEN Slack replies name them under /paperclub', () => {
    const words = ['paper', 'signup', 'withdraw', 'read', 'club'];
    expect(slackCommandRefs('Changed your mind? /withdraw 3. See /paper upcoming, (/read) and `/club setup`.', words)).toBe(
      'Changed your mind? /paperclub withdraw 3. See /paperclub paper upcoming, (/paperclub read) and `/paperclub club setup`.',
    );
    expect(slackCommandRefs('https://x.test/paper/1 and /paperclub help', words)).toBe('https://x.test/paper/1 and /paperclub help');
  });

  it('GIVEN escaped slash command text THEN users stay parseable and links/channels are unwrapped', () => {
    expect(unescapeCommandText('club assign <@U123|alice> 4')).toBe('club assign <@U123|alice> 4');
    expect(unescapeCommandText('note lora see <https://arxiv.org/abs/2106.09685> in <#C1|general> &amp; more')).toBe(
      'note lora see https://arxiv.org/abs/2106.09685 in #general & more',
    );
  });
});
