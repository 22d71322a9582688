import { samplePost } from '../../helpers/sample-post.ts';
import { ButtonStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { postKeyOf, postNonce, renderWeeklyPost } from '../../../src/platforms/discord/weekly-post.ts';

const post = samplePost;

describe('weekly post', () => {
  it('GIVEN a presenter THEN only that user may be pinged, from content (embeds never ping)', () => {
    const p = renderWeeklyPost(post());
    expect(p.allowedMentions).toEqual({ parse: [], users: ['111'] });
    expect(p.content).toContain('<@111>');
  });

  it('GIVEN a meeting time THEN the embed shows Discord timestamps, full and relative', () => {
    const e = renderWeeklyPost(post()).embeds![0]!;
    const meeting = e.fields!.find((f) => f.name === 'Meeting')!;
    expect(meeting.value).toBe('<t:1767286800:F> (<t:1767286800:R>)');
    expect(e).toMatchObject({ title: post().title, url: post().url });
    expect(e.fields!.find((f) => f.name === 'On the lists')!.value).toBe('Latent Space Paper Club');
  });

  it('GIVEN no presenter THEN it says so and pings nobody', () => {
    const p = renderWeeklyPost(post({ presenters: [] }));
    expect(p.allowedMentions).toEqual({ parse: [], users: [] });
    expect(p.embeds![0]!.fields![0]!.value).toMatch(/No presenter yet/);
  });

  it('GIVEN the post THEN it has the two buttons and a findable key and nonce', () => {
    const p = renderWeeklyPost(post());
    expect(p.components![0]!.components).toEqual([
      expect.objectContaining({ custom_id: 'signup:1:5', label: 'Sign up to present', style: ButtonStyle.Primary }),
      expect.objectContaining({ custom_id: 'read:1:5', label: 'Mark read', style: ButtonStyle.Secondary }),
    ]);
    expect(postKeyOf({ embeds: [{ footer: p.embeds![0]!.footer! }] })).toBe('club:1:1767200400000');
    expect(p.nonce.length).toBeLessThanOrEqual(25);
    expect(p.nonce).toBe(postNonce('club:1:1767200400000'));
    expect(p.nonce).not.toBe(postNonce('club:1:1767805200000'));
  });

  it('GIVEN a huge title and summary THEN the embed stays within limits', () => {
    const e = renderWeeklyPost(post({ title: 'T'.repeat(400), summary: 'S'.repeat(6000) })).embeds![0]!;
    expect(e.title!.length).toBe(256);
    expect(e.description!.length).toBeLessThanOrEqual(4096);
  });
});
