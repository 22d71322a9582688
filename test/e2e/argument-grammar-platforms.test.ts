/**
 * The argument grammar (commands/arguments.ts) on the real platforms: Discord sends typed option values, Slack one
 * line of text; both reach the same core path, so a date in words, a meeting number where a paper is asked for and
 * an ambiguous date read the same as in the playground.
 */
import { describe, expect, it } from 'vitest';
import { discordWorld } from './discord-world.ts';
import { slackWorld } from './slack-world.ts';

describe('GIVEN Discord slash commands with typed options', () => {
  it('WHEN /signup gets a date in words, /read a bare number and /signup an ambiguous date THEN the meeting, its paper and a question come back', async () => {
    // Mon 2 Nov 2026: Wednesdays 17:00 UTC are meetings 1–3 on 4, 11 and 18 Nov.
    const w = await discordWorld();
    try {
      await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: 'wed 17:00', timezone: 'UTC' });
      const signed = JSON.stringify(await w.slash(w.users.alice, 'signup', { week: 'Wed 18 Nov' }));
      expect(signed).toMatch(/alice will present at \*\*meeting 3\*\* on Wed 18 Nov 2026, 17:00 UTC/);
      const read = JSON.stringify(await w.slash(w.users.bob, 'read', { paper: '2' }));
      expect(read).toMatch(/Marked \*\*GPT: Improving Language Understanding/);
      const asked = JSON.stringify(await w.slash(w.users.bob, 'signup', { week: '11/12' }));
      expect(asked).toMatch(/'11\/12' could be Thu 12 Nov 2026 or Fri 11 Dec 2026\. Which one\?/);
      expect(asked).not.toMatch(/No paper matches/);
      expect([...w.fake.refusals]).toEqual([]);
    } finally {
      await w.close();
    }
  }, 60_000);
});

describe('GIVEN Slack slash commands as one line of text', () => {
  it('WHEN /paperclub signup gets a day/month date and /paperclub read a bare number THEN the meeting and its paper come back', async () => {
    // Mon 5 Jan 2026: Wednesdays 17:00 UTC are meetings 1–3 on 7, 14 and 21 Jan.
    const w = await slackWorld();
    try {
      const slash = async (text: string, user: string) => JSON.stringify(await w.slashResponse(text, user));
      expect(await slash('club setup latent-space wed 17:00 UTC', 'UBOSS')).toMatch(/Paper club started here|Club updated/);
      expect(await slash('signup 21/01', 'UALICE')).toMatch(/will present at \*meeting 3\* on Wed 21 Jan 2026, 17:00 UTC/);
      expect(await slash('read 2', 'UBOB')).toMatch(/Marked \*GPT: Improving Language Understanding/);
      const skipped = await slash('club skip Jan 14', 'UBOSS');
      expect(skipped).toMatch(/No meeting on Wed 14 Jan 2026, 17:00 UTC\./);
      expect(skipped).not.toMatch(/Unexpected|No paper matches/);
    } finally {
      await w.slack.stop();
      await w.fake.stop();
      await w.db.close();
    }
  }, 60_000);
});
