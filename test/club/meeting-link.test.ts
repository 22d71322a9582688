import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { weeklyPostText } from '../../src/render/weekly-post.ts';
import { openDb } from '../../src/store/db.ts';
import { ADMIN, ALICE, clubFixture } from '../helpers/club-fixture.ts';

const ZOOM = 'https://zoom.us/j/123456789?pwd=abc';

describe('meeting link setting', () => {
  it('GIVEN an admin sets the meeting link THEN the weekly post, /paper now and the calendar carry it', async () => {
    const f = clubFixture();
    await f.setup();
    const set = await f.line(ADMIN, `/club settings link:${ZOOM}`);
    expect(set.error).toBeFalsy();
    expect(set.text).toContain(`meeting link ${ZOOM}`);

    const cal = new ICAL.Component(ICAL.parse((await f.run(ALICE, 'paper calendar')).file!.content));
    const first = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(first.location).toBe(ZOOM);
    expect(first.description).toContain(`Join: ${ZOOM}`);

    const { post } = f.post();
    expect(post.meetingLink).toBe(ZOOM);
    expect(weeklyPostText(post)).toContain(`Join: ${ZOOM}`);
    expect((await f.run(ALICE, 'paper now')).text).toContain(`Join: ${ZOOM}`);
  });

  it('GIVEN links that are not http(s) web addresses THEN each is refused with a short message and the setting stays as it was', async () => {
    const f = clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club settings', { link: ZOOM });
    for (const bad of ['javascript:alert(1)', 'ftp://files.example.com/x', 'meet.google.com/abc', 'https://user:pw@evil.example.com/']) {
      const r = await f.run(ADMIN, 'club settings', { link: bad });
      expect(r.error, bad).toBe(true);
      expect(r.text.length, bad).toBeLessThan(200);
    }
    expect(f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' })!.meetingLink).toBe(ZOOM);
  });

  it('GIVEN a member who is not an admin THEN they cannot set the link', async () => {
    const f = clubFixture();
    await f.setup();
    const r = await f.run(ALICE, 'club settings', { link: ZOOM });
    expect(r.error).toBe(true);
    expect(f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' })!.meetingLink).toBeNull();
  });

  it('GIVEN a link is set WHEN the admin sets it to none THEN the post and the calendar have no link', async () => {
    const f = clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club settings', { link: ZOOM });
    expect((await f.run(ADMIN, 'club settings', { link: 'none' })).text).not.toContain('meeting link');
    expect((await f.run(ALICE, 'paper calendar')).file!.content).not.toContain('LOCATION');
    expect(f.post().post.meetingLink).toBeUndefined();
  });

  it('GIVEN a fresh database THEN clubs have a nullable meeting_link column', () => {
    const db = openDb(':memory:');
    const col = (db.prepare('PRAGMA table_info(clubs)').all() as Array<{ name: string; notnull: number }>).find((c) => c.name === 'meeting_link');
    expect(col).toMatchObject({ name: 'meeting_link', notnull: 0 });
  });
});
