import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { embedLength, fitEmbed, renderReply } from '../../../src/platforms/discord/render.ts';

describe('renderReply', () => {
  it('GIVEN a short plain reply THEN it is content with mentions off', () => {
    const p = renderReply({ private: false, text: 'Week 3 is LoRA @everyone' });
    expect(p).toEqual({ content: 'Week 3 is LoRA @everyone', allowedMentions: { parse: [] } });
  });

  it('GIVEN a private reply THEN it is ephemeral', () => {
    expect(renderReply({ private: true, text: 'only you' }).flags).toBe(MessageFlags.Ephemeral);
  });

  it('GIVEN a titled reply with fields THEN it is one embed with them', () => {
    const p = renderReply({ private: false, title: 'LoRA', url: 'https://arxiv.org/abs/2106.09685', text: 'Low-rank adapters', fields: [{ name: 'Read by', value: '3' }] });
    expect(p.content).toBeUndefined();
    expect(p.embeds?.[0]).toMatchObject({ title: 'LoRA', url: 'https://arxiv.org/abs/2106.09685', description: 'Low-rank adapters', fields: [{ name: 'Read by', value: '3' }] });
  });

  it('GIVEN text over 2,000 chars THEN it moves to an embed description within 4,096', () => {
    const p = renderReply({ private: false, text: 'x'.repeat(5000) });
    expect(p.content).toBeUndefined();
    expect(p.embeds![0]!.description!.length).toBe(4096);
  });

  it('GIVEN 40 fields and long values THEN the embed keeps 25 fields and 6,000 characters', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `field ${i}`, value: 'v'.repeat(2000) }));
    const e = renderReply({ private: false, title: 't'.repeat(300), text: 'd'.repeat(4000), fields }).embeds![0]!;
    expect(e.title!.length).toBe(256);
    expect(e.fields!.length).toBeLessThanOrEqual(25);
    expect(e.fields!.every((f) => f.value.length <= 1024)).toBe(true);
    expect(embedLength(e)).toBeLessThanOrEqual(6000);
  });

  it('GIVEN empty field values THEN they become a zero-width space (Discord rejects empty ones)', () => {
    expect(fitEmbed({ fields: [{ name: '', value: '' }] }).fields).toEqual([{ name: '\u200b', value: '\u200b' }]);
  });

  it('GIVEN 12 buttons THEN rows hold at most 5 and over-long custom ids are dropped', () => {
    const buttons = Array.from({ length: 12 }, (_, i) => ({ action: `read:1:${i}`, label: `B${i}` }));
    buttons.push({ action: 'x'.repeat(101), label: 'too long' });
    const rows = renderReply({ private: false, text: 'pick', buttons }).components!;
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 2]);
    expect(rows.flatMap((r) => r.components).some((b) => 'label' in b && b.label === 'too long')).toBe(false);
  });

  it('GIVEN a file THEN it is attached by name', () => {
    const p = renderReply({ private: true, text: 'export', file: { name: 'club.md', content: '# notes' } });
    expect(p.files?.[0]?.name).toBe('club.md');
    expect(p.files?.[0]?.attachment.toString()).toBe('# notes');
  });
});
