import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Where } from '../../src/club/types.ts';
import { renderWeeklyPost } from '../../src/platforms/discord/weekly-post.ts';
import { weeklyPostText } from '../../src/render/weekly-post.ts';
import { openDb } from '../../src/store/db.ts';
import { ADMIN, ALICE, clubFixture } from '../helpers/club-fixture.ts';
import { rowsOf, runSql } from '../helpers/sql.ts';

const ZOOM = 'https://zoom.us/j/123456789?pwd=abc';

describe('meeting link setting', () => {
  it('GIVEN an admin sets the meeting link THEN the weekly post, /paper now and the calendar carry it', async () => {
    const f = await clubFixture();
    await f.setup();
    const set = await f.line(ADMIN, `/club settings link:${ZOOM}`);
    expect(set.error).toBeFalsy();
    expect(set.text).toContain(`meeting link ${ZOOM}`);

    const cal = new ICAL.Component(ICAL.parse((await f.run(ALICE, 'paper calendar')).file!.content));
    const first = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(first.location).toBe(ZOOM);
    expect(first.description).toContain(`Join: ${ZOOM}`);

    const { post } = await f.post();
    expect(post.meetingLink).toBe(ZOOM);
    expect(weeklyPostText(post)).toContain(`Join: ${ZOOM}`);
    expect((await f.run(ALICE, 'paper now')).text).toContain(`Join: ${ZOOM}`);
  });

  it('GIVEN a Discord club that meets in a voice channel THEN the post and /paper now name the channel, and the calendar sends people to the meeting\'s event', async () => {
    const f = await clubFixture();
    const DW: Where = { platform: 'discord', workspace: '900000000000000001', channel: '900000000000000002', channelName: 'paper-club' };
    expect((await f.run(ADMIN, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' }, DW)).error).toBeFalsy();
    expect((await f.run(ADMIN, 'club settings', { voice: { channelId: '900000000000000003', kind: 'voice' } }, DW)).error).toBeFalsy();
    const club = (await f.core.clubFor(DW))!;
    const next = (await f.core.nextAnnouncement(club))!;
    f.clock.set(next.slotAt - club.announceLeadMinutes * 60_000);
    const { post } = (await f.core.beginPost(club.id, next.slotAt))!;
    expect(post.meetingChannel).toEqual({ id: '900000000000000003', kind: 'voice' });
    expect(weeklyPostText(post)).toContain('Where: <#900000000000000003> (voice channel)');
    expect(renderWeeklyPost(post).embeds![0]!.fields).toContainEqual({ name: 'Where', value: '<#900000000000000003>', inline: true });
    expect((await f.run(ALICE, 'paper now', {}, DW)).text).toContain('Where: <#900000000000000003> (voice channel)');

    // No link set and no event yet: no location. Once the meeting's event exists, its link is where to go.
    const ics = async () => new ICAL.Event(new ICAL.Component(ICAL.parse((await f.run(ALICE, 'paper calendar', {}, DW)).file!.content)).getFirstSubcomponent('vevent')!);
    expect((await ics()).location).toBeNull();
    const link = `https://discord.com/events/${DW.workspace}/900000000000000004`;
    const firstAt = (await ics()).startDate.toJSDate().getTime();
    await runSql(f.db, `INSERT INTO meeting_events (club_id, meeting_at, event_id, fingerprint, state, link) VALUES (?, ?, '900000000000000004', 'x', 'active', ?)`, club.id, firstAt, link);
    expect((await ics()).location).toBe(link);
    expect((await ics()).description).toContain(`Join: ${link}`);
    // A meeting link, when set, is still where people join.
    await f.run(ADMIN, 'club settings', { link: ZOOM }, DW);
    expect((await ics()).location).toBe(ZOOM);
    // Without the voice channel the post has no Where.
    await f.run(ADMIN, 'club settings', { no_voice: true }, DW);
    expect(weeklyPostText((await f.core.beginPost(club.id, next.slotAt + 7 * 86_400_000))?.post ?? post)).not.toContain('Where:');
  });

  it('GIVEN links that are not http(s) web addresses THEN each is refused with a short message and the setting stays as it was', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club settings', { link: ZOOM });
    for (const bad of ['javascript:alert(1)', 'ftp://files.example.com/x', 'meet.google.com/abc', 'https://user:pw@evil.example.com/']) {
      const r = await f.run(ADMIN, 'club settings', { link: bad });
      expect(r.error, bad).toBe(true);
      expect(r.text.length, bad).toBeLessThan(200);
    }
    expect((await f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' }))!.meetingLink).toBe(ZOOM);
  });

  it('GIVEN a member who is not an admin THEN they cannot set the link', async () => {
    const f = await clubFixture();
    await f.setup();
    const r = await f.run(ALICE, 'club settings', { link: ZOOM });
    expect(r.error).toBe(true);
    expect((await f.core.clubFor({ platform: 'console', workspace: 'local', channel: 'club-1' }))!.meetingLink).toBeNull();
  });

  it('GIVEN a link is set WHEN the admin sets it to none THEN the post and the calendar have no link', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.run(ADMIN, 'club settings', { link: ZOOM });
    expect((await f.run(ADMIN, 'club settings', { link: 'none' })).text).not.toContain('meeting link');
    expect((await f.run(ALICE, 'paper calendar')).file!.content).not.toContain('LOCATION');
    expect((await f.post()).post.meetingLink).toBeUndefined();
  });

  it('GIVEN a fresh database THEN clubs have a nullable meeting_link column', async () => {
    const db = openDb(':memory:');
    const col = (await rowsOf(db, 'PRAGMA table_info(clubs)') as Array<{ name: string; notnull: number }>).find((c) => c.name === 'meeting_link');
    expect(col).toMatchObject({ name: 'meeting_link', notnull: 0 });
  });
});
