import { paperButtons } from '../../../src/render/weekly-post.ts';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/commands/types.ts';
import { ACTION_PREFIX, LIMITS, renderReply, type Block } from '../../../src/platforms/slack/render.ts';
import { messageError } from '../../e2e/fake-slack.ts';

function texts(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    const any = b as { text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text?: string | { text: string } }> };
    if (any.text) out.push(any.text.text);
    for (const f of any.fields ?? []) out.push(f.text);
    for (const e of any.elements ?? []) if (e.text) out.push(typeof e.text === 'string' ? e.text : e.text.text);
  }
  return out;
}

function checkLimits(blocks: Block[]) {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const b of blocks) {
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'section' && b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
  }
  // And the strict stand-in, which refuses what Slack refuses (invalid_blocks, msg_blocks_too_long…), accepts it.
  expect(messageError({ text: 'fallback', blocks })).toBeNull();
}

describe('slack renderReply', () => {
  it('GIVEN a short reply with a title link and buttons THEN one message with an actions block carrying the core actions', () => {
    const reply: Reply = {
      private: false,
      title: 'LoRA',
      url: 'https://arxiv.org/abs/2106.09685',
      text: '**Week 3** — presented by Alice',
      buttons: paperButtons(1, 7, 1_767_200_400_000),
    };
    const [msg, ...rest] = renderReply(reply);
    expect(rest).toEqual([]);
    expect(msg!.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: '*<https://arxiv.org/abs/2106.09685|LoRA>*' } });
    const actions = msg!.blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({
      elements: [
        { action_id: `${ACTION_PREFIX}0`, value: 'signup:1:7:1767200400000', style: 'primary' },
        { action_id: `${ACTION_PREFIX}1`, value: 'read:1:7' },
      ],
    });
    expect((actions as { elements: Array<{ style?: string }> }).elements[1]!.style).toBeUndefined();
  });

  it('GIVEN a note body that tries to ping THEN its title, text and fields are shown escaped in the blocks and the fallback text, and nothing pings', () => {
    const reply: Reply = {
      private: false,
      title: '<!channel> notes',
      text: 'Bob: <!here> read this <@U999>',
      fields: [{ name: '<!everyone>', value: '<!subteam^S1|team>', inline: true }],
    };
    const messages = renderReply(reply);
    expect(messages).toHaveLength(1);
    const [m] = messages;
    // What must be there: each part, escaped (a header swaps the angle brackets instead: plain text, never parsed).
    expect(texts(m!.blocks)).toEqual(['‹!channel› notes', 'Bob: &lt;!here&gt; read this &lt;@U999&gt;', '*&lt;!everyone&gt;*\n&lt;!subteam^S1|team&gt;']);
    expect(m!.text).toBe('&lt;!channel&gt; notes: Bob: &lt;!here&gt; read this &lt;@U999&gt;');
    expect(JSON.stringify(m!.blocks) + m!.text).not.toMatch(/<[!@]/);
  });

  it('GIVEN a very long list THEN it pages into messages of at most 50 blocks and 3,000-char sections', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `- **${i}.** [Paper number ${i} with a fairly long title](https://arxiv.org/abs/${i})`).join('\n');
    const messages = renderReply({ private: true, text, more: 'Page 1 of 9: /paperclub paper list latent-space 2' }, { maxMessages: 50 });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) checkLimits(m.blocks);
    const last = messages[messages.length - 1]!;
    expect(texts(last.blocks).at(-1)).toContain('Page 1 of 9');
  });

  it('GIVEN more pages than a response_url accepts THEN output stops at the cap and says what was left out', () => {
    const text = 'x '.repeat(400_000);
    const messages = renderReply({ private: true, text }, { maxMessages: 5 });
    expect(messages).toHaveLength(5);
    for (const m of messages) checkLimits(m.blocks);
    expect(texts(messages[4]!.blocks).at(-1)).toMatch(/more pages? not shown/);
  });

  it('GIVEN many short inline fields THEN sections hold at most 10 fields', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ name: `f${i}`, value: `value ${i}`, inline: true }));
    const [msg, ...rest] = renderReply({ private: true, text: 'stats', fields });
    expect(rest).toEqual([]);
    checkLimits(msg!.blocks);
    expect(msg!.blocks.filter((b) => b.type === 'section' && b.fields).map((b) => (b as { fields: unknown[] }).fields.length)).toEqual([10, 10, 3]);
  });

  it('GIVEN many long inline fields THEN they spread over messages that each stay under the block text limit', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(3000), inline: true }));
    const messages = renderReply({ private: true, text: 'stats', fields }, { maxMessages: 20 });
    for (const m of messages) checkLimits(m.blocks);
    const shown = messages.flatMap((m) => texts(m.blocks)).filter((t) => t.startsWith('*f'));
    expect(shown).toHaveLength(23);
  });

  it('GIVEN an error reply THEN it is flagged with a warning and keeps its message', () => {
    const [msg] = renderReply({ private: true, error: true, text: "No paper matches 'lorra' — did you mean LoRA?" });
    expect(texts(msg!.blocks)[0]).toBe(":warning: No paper matches 'lorra' — did you mean LoRA?");
  });

  it('GIVEN a file (club export) THEN its content is shown as escaped code blocks within limits', () => {
    const content = '# Notes\n' + '<!here> note line\n'.repeat(1000);
    const messages = renderReply({ private: true, text: 'Export of the club', file: { name: 'club.md', content } });
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) checkLimits(m.blocks);
    const shownText = messages.flatMap((m) => texts(m.blocks)).join('\n');
    expect(texts(messages[0]!.blocks).some((t) => t.startsWith('```# Notes\n&lt;!here&gt; note line'))).toBe(true);
    expect(shownText.split('&lt;!here&gt; note line').length - 1).toBeGreaterThan(10);
    expect(shownText).not.toMatch(/<!/);
  });
});
