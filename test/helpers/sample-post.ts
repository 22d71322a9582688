import type { PostContent } from '../../src/render/weekly-post.ts';

/** A weekly post as the core renders it (LoRA, week 3), for adapter rendering tests; override what a test needs. */
export function samplePost(over: Partial<PostContent> = {}): PostContent {
  return {
    clubId: 1,
    key: 'club:1:1767200400000',
    heading: '📄 Paper club — meeting 3',
    number: 3,
    threadName: 'Meeting 3: LoRA: Low-Rank Adaptation of Large Language Models',
    paperKey: '2106.09685',
    title: 'LoRA: Low-Rank Adaptation of Large Language Models',
    url: 'https://arxiv.org/abs/2106.09685',
    summary: 'Low-rank adapters are all you need',
    footnote: null,
    presenters: [{ userId: '111', displayName: 'alice' }],
    lists: ['Latent Space Paper Club'],
    meetingAt: new Date('2026-01-01T17:00:00Z'),
    timezone: 'UTC',
    readEmoji: '✅',
    howToRead: 'React with ✅ once you have read it.',
    buttons: [
      { action: 'signup:1:5', label: 'Sign up to present', style: 'primary' },
      { action: 'read:1:5', label: 'Mark read', style: 'secondary' },
    ],
    ...over,
  };
}
