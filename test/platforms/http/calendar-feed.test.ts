/**
 * The subscribable calendar feed over real HTTP on 127.0.0.1: `/club calendar-link` gives the URL, a GET returns an
 * .ics that Mozilla's ical.js reads, HEAD and conditional requests work, a rotated or removed club's token is a 404,
 * and nothing else is served.
 */
import { openTestDb } from '../../helpers/test-db.ts';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../../src/catalog/catalog-store.ts';
import { clubByFeedToken } from '../../../src/club/calendar-feed.ts';
import { manualClock } from '../../../src/clock.ts';
import { loadConfig } from '../../../src/config.ts';
import { ClubCore, type UserRef } from '../../../src/dispatch/club-core.ts';
import type { Args } from '../../../src/commands/types.ts';
import type { Where } from '../../../src/club/types.ts';
import { memoryLogger } from '../../../src/logger.ts';
import { startCalendarFeed, type CalendarFeedServer } from '../../../src/platforms/http/calendar-feed.ts';
import { type Db } from '../../../src/store/db.ts';

const ADMIN: UserRef = { userId: 'ada', displayName: 'Ada', isPlatformAdmin: true };
const MEMBER: UserRef = { userId: 'bo', displayName: 'Bo' };
const WHERE: Where = { platform: 'slack', workspace: 'T1', channel: 'C1', channelName: 'ml-reading' };
const PUBLIC = 'https://club.example.org/paperclub';

describe('calendar feed (node:http on 127.0.0.1, ical.js)', () => {
  let db: Db;
  let core: ClubCore;
  let server: CalendarFeedServer;
  const logger = memoryLogger();
  const clock = manualClock('2026-11-02T12:00:00Z');
  const local = (url: string) => url.replace(PUBLIC, `http://127.0.0.1:${server.port}`);
  const link = async (args: Args = {}, user = ADMIN) => core.execute({ where: WHERE, user, command: 'club calendar-link', args });
  const urlIn = (text: string) => /https:\/\/\S+\.ics/.exec(text)?.[0] ?? '';

  beforeAll(async () => {
    db = await openTestDb();
    await loadDefaultLists(db, 'config/lists.json');
    core = new ClubCore({ db, clock, logger, calendarFeedUrl: PUBLIC });
    expect((await core.execute({ where: WHERE, user: ADMIN, command: 'club setup', args: { list: 'latent-space', when: 'wed 17:00', timezone: 'Europe/London' } })).error).toBeFalsy();
    server = await startCalendarFeed({ core, port: 0, host: '127.0.0.1', logger });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('GIVEN an admin asks for the link THEN it is private, under the public URL, and the same on a second ask', async () => {
    const first = await link();
    expect(first.private).toBe(true);
    expect(urlIn(first.text)).toMatch(/^https:\/\/club\.example\.org\/paperclub\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(urlIn((await link()).text)).toBe(urlIn(first.text));
  });

  it('GIVEN a member who is not an admin THEN the link is refused', async () => {
    const r = await link({}, MEMBER);
    expect(r.error).toBe(true);
    expect(r.text).toContain('for club admins');
  });

  it('GIVEN a GET of the feed THEN 200 text/calendar that ical.js reads, with the club\'s meetings in London time', async () => {
    const res = await fetch(local(urlIn((await link()).text)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('etag')).toMatch(/^".+"$/);
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThan(3);
    expect(events[0]!.summary).toMatch(/meeting 1: /);
    // 17:00 in London: UTC in November.
    expect(events[0]!.startDate.toJSDate().toISOString()).toMatch(/T17:00:00\.000Z$/);
  });

  it('GIVEN HEAD, or a GET with the ETag it got THEN HEAD has the headers and no body, and the GET is 304', async () => {
    const url = local(urlIn((await link()).text));
    const get = await fetch(url);
    const body = await get.text();
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(await head.text()).toBe('');
    clock.advance(60_000); // DTSTAMP moves; the meetings do not, so the validator holds
    const again = await fetch(url, { headers: { 'if-none-match': get.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('GIVEN a meeting changes THEN the ETag changes', async () => {
    const url = local(urlIn((await link()).text));
    const before = (await fetch(url)).headers.get('etag');
    expect((await core.execute({ where: WHERE, user: ADMIN, command: 'club skip', args: {} })).error).toBeFalsy();
    const after = await fetch(url, { headers: { 'if-none-match': before! } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('STATUS:CANCELLED');
  });

  it('GIVEN other paths, methods and made-up tokens THEN 404 or 405, never a calendar', async () => {
    const url = local(urlIn((await link()).text));
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/calendar/`)).status).toBe(404);
    expect((await fetch(url.replace('.ics', '.json'))).status).toBe(404);
    expect((await fetch(`${base}/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${base}/calendar/..%2f..%2fetc.ics`)).status).toBe(404);
    const post = await fetch(url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await clubByFeedToken(db, 'short')).toBeNull();
  });

  it('GIVEN rotate:yes THEN the new link works and the old one is a 404', async () => {
    const old = local(urlIn((await link()).text));
    const rotated = await link({ rotate: true });
    expect(rotated.text).toContain('the old one no longer works');
    const fresh = local(urlIn(rotated.text));
    expect(fresh).not.toBe(old);
    expect((await fetch(old)).status).toBe(404);
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('GIVEN the club is removed THEN its feed is a 404', async () => {
    const url = local(urlIn((await link()).text));
    expect((await core.execute({ where: WHERE, user: ADMIN, command: 'club remove', args: { confirm: 'yes' } })).error).toBeFalsy();
    expect((await fetch(url)).status).toBe(404);
  });

  it('GIVEN a bot that serves no feeds THEN /club calendar-link says how to turn them on', async () => {
    const plainCore = new ClubCore({ db, clock, logger });
    await plainCore.execute({ where: WHERE, user: ADMIN, command: 'club setup', args: { list: 'latent-space' } });
    const r = await plainCore.execute({ where: WHERE, user: ADMIN, command: 'club calendar-link', args: {} });
    expect(r.error).toBe(true);
    expect(r.text).toContain('PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL');
  });

  it('GIVEN PAPERCLUB_PUBLIC_URL without PAPERCLUB_HTTP_PORT THEN the configuration is refused with one line; beside a platform the port alone serves /healthz only; the playground alone gets its own local address', () => {
    const discord = { DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '1' };
    expect(loadConfig({ ...discord, PAPERCLUB_HTTP_PORT: '8080' }).PAPERCLUB_PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ PAPERCLUB_HTTP_PORT: '8080' }).PAPERCLUB_PUBLIC_URL).toBe('http://127.0.0.1:8080');
    expect(() => loadConfig({ PAPERCLUB_PUBLIC_URL: PUBLIC })).toThrow(/need both PAPERCLUB_HTTP_PORT and PAPERCLUB_PUBLIC_URL/);
    expect(() => loadConfig({ PAPERCLUB_HTTP_PORT: '8080', PAPERCLUB_PUBLIC_URL: 'ftp://x.org' })).toThrow(/PAPERCLUB_PUBLIC_URL/);
    expect(loadConfig({ PAPERCLUB_HTTP_PORT: '8080', PAPERCLUB_PUBLIC_URL: PUBLIC }).PAPERCLUB_HTTP_PORT).toBe(8080);
  });
});
