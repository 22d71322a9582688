import { describe, expect, it } from 'vitest';
import { weeklyPostText } from '../../src/render/weekly-post.ts';
import { ADMIN, ALICE, BOB, clubFixture, WHERE } from '../helpers/club-fixture.ts';

describe('GIVEN the small words of replies and posts', () => {
  it('WHEN a held meeting had no presenter THEN /paper now and the edited post say "no presenter", not "no presenter yet" or a call to sign up', async () => {
    const f = await clubFixture();
    await f.setup();
    const posted = await f.post();
    f.clock.advance(2 * 3_600_000); // the meeting (an hour) is over
    const now = await f.run(ALICE, 'paper now');
    expect(now.text).toMatch(/Last meeting: Wed 4 Nov 2026, 17:00 UTC/);
    expect(now.text).toContain('Presenting: no presenter');
    expect(now.text).not.toMatch(/no presenter yet/i);
    const club = (await f.core.clubFor(WHERE))!;
    const post = (await f.core.latestPostContent(club.id, 'console'))!;
    expect(post.message.messageId).toBe(posted.messageId);
    const text = weeklyPostText(post.post);
    expect(text).toContain('No presenter');
    expect(text).not.toMatch(/sign up to present/i);
  });

  it('WHEN a meeting has all its presenters THEN its post and /paper now offer no Sign up button', async () => {
    const f = await clubFixture();
    await f.setup();
    expect((await f.run(BOB, 'signup', { week: '1' })).error).toBeFalsy();
    const posted = await f.post();
    expect(posted.post.buttons.map((b) => b.label)).toEqual(['Mark read']);
    expect((await f.run(ALICE, 'paper now')).buttons?.map((b) => b.label)).toEqual(['Mark read']);
    // With room for a second presenter, the button is back.
    await f.line(ADMIN, '/club settings presenters 2');
    expect((await f.run(ALICE, 'paper now')).buttons?.map((b) => b.label)).toEqual(['Sign up to present', 'Mark read']);
  });

  it('WHEN /club settings answers THEN counts are plural words, not "(s)"', async () => {
    const f = await clubFixture();
    await f.setup();
    const one = (await f.line(ADMIN, '/club settings presenters 1 announce_days 1')).text;
    expect(one).toMatch(/1 presenter a meeting · reminders 48 h before · paper posted 1 day before/);
    const two = (await f.line(ADMIN, '/club settings presenters 2 announce_days 2')).text;
    expect(two).toMatch(/2 presenters a meeting · reminders 48 h before · paper posted 2 days before/);
    expect(one + two).not.toContain('(s)');
  });
});
