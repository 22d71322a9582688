/**
 * The stand-ins keep the platforms' own contract (docs/platform-contract.md lists each behaviour with its source):
 * raw requests, as the platform would get them, against fake-discord.ts and fake-slack.ts themselves.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandsProblem, FakeDiscord, INTERACTION_TOKEN_MS } from './fake-discord.ts';
import { startFakeSlack, viewSubmissionBody, type FakeSlack } from './fake-slack.ts';
import { schemaViolations } from './schema-violations.ts';

describe('the Discord stand-in', () => {
  let fake: FakeDiscord;
  let channel: string;
  let guild: string;
  beforeEach(async () => {
    fake = new FakeDiscord();
    await fake.start();
    channel = fake.guilds[0]!.channels[0]!.id;
    guild = fake.guilds[0]!.id;
  });
  afterEach(async () => {
    await fake.stop();
  });

  /** A raw request (not discord.js: the schema guard leaves the refusals to the test). */
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${fake.apiUrl}/v10${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
  };

  describe('checks every body against Discord\'s OpenAPI spec', () => {
    it('GIVEN discord.js sends a body the spec refuses THEN Discord\'s 50035 names the field, and the guard records route and field to fail the test', async () => {
      const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken('t');
      const poll = { question: { text: 'q' }, answers: [{ poll_media: { text: 'a' } }], duration: 769 };
      await expect(rest.post(Routes.channelMessages(channel), { body: { poll } })).rejects.toMatchObject({ code: 50035, rawError: { errors: { poll: { duration: { _errors: [expect.anything()] } } } } });
      // Taken off the guard's list: this test made the refusal on purpose.
      expect(schemaViolations.splice(0)).toEqual([expect.stringMatching(/^POST \/channels\/\d+\/messages \(POST \/channels\/\{channel_id\}\/messages\): poll\.duration: must be <= 768/)]);
    });

    it('GIVEN an integer field as a string of digits THEN it is accepted, as Discord does (discord.js sends default_member_permissions so); letters are not', async () => {
      expect((await api('PUT', `/applications/${fake.applicationId}/commands`, [{ name: 'x', description: 'd', default_member_permissions: '32' }])).status).toBe(200);
      const bad = await api('PUT', `/applications/${fake.applicationId}/commands`, [{ name: 'x', description: 'd', default_member_permissions: 'admins' }]);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/0\.default_member_permissions/);
    });

    it('GIVEN a body that fits two members of a union THEN it is accepted: the spec\'s oneOf means any one of', async () => {
      // A digit-string nonce is both an int64 (as digits) and a string of at most 25: JSON Schema's oneOf would refuse it.
      expect((await api('POST', `/channels/${channel}/messages`, { content: 'hi', nonce: '12345' })).status).toBe(200);
    });

    it('GIVEN a message sent twice with the same nonce and enforce_nonce THEN the second returns the first message and none is added; without enforce_nonce both are posted', async () => {
      const first = await api('POST', `/channels/${channel}/messages`, { content: 'reminder', nonce: 'r-1', enforce_nonce: true });
      const again = await api('POST', `/channels/${channel}/messages`, { content: 'reminder', nonce: 'r-1', enforce_nonce: true });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(fake.messages.get(channel)!.filter((m) => m.content === 'reminder')).toHaveLength(1);
      await api('POST', `/channels/${channel}/messages`, { content: 'plain', nonce: 'p-1' });
      await api('POST', `/channels/${channel}/messages`, { content: 'plain', nonce: 'p-1' });
      expect(fake.messages.get(channel)!.filter((m) => m.content === 'plain')).toHaveLength(2);
    });

    it('GIVEN content over 2,000 characters THEN it is refused: the docs\' limit, though the spec allows 4,000', async () => {
      expect((await api('POST', `/channels/${channel}/messages`, { content: 'x'.repeat(2001) })).status).toBe(400);
      expect((await api('POST', `/channels/${channel}/messages`, { content: 'x'.repeat(2000) })).status).toBe(200);
    });

    it('GIVEN a route the spec has no operation for THEN 404', async () => {
      expect((await api('POST', `/channels/${channel}/frobnicate`, {})).status).toBe(404);
    });
  });

  describe('interaction responses', () => {
    const interaction = () => fake.slashCommand({ user: fake.owner, channelId: channel, path: 'paper now' });

    it('GIVEN an ephemeral defer THEN the first follow-up edits the placeholder and stays private whatever its flags; the next follow-up is a message of its own', async () => {
      const i = interaction();
      expect((await api('POST', `/interactions/${i.id}/${i.token}/callback`, { type: 5, data: { flags: 64 } })).status).toBe(204);
      const first = await api('POST', `/webhooks/${fake.applicationId}/${i.token}?wait=true`, { content: 'for everyone?', flags: 0 });
      expect(first.status).toBe(200);
      const it = fake.interaction(i.id)!;
      expect(first.body.id).toBe(it.original!.id);
      expect(it.original).toMatchObject({ ephemeral: true, loading: false, body: { content: 'for everyone?' } });
      expect(it.followUps).toEqual([]);
      const second = await api('POST', `/webhooks/${fake.applicationId}/${i.token}?wait=true`, { content: 'for everyone' });
      expect(second.body.id).not.toBe(it.original!.id);
      expect(fake.channelSees(channel).map((m) => m.content)).toEqual(['for everyone']);
      // Deleting the original removes what the first follow-up said.
      expect((await api('DELETE', `/webhooks/${fake.applicationId}/${i.token}/messages/@original`)).status).toBe(204);
      expect(fake.interaction(i.id)!.original!.deleted).toBe(true);
    });

    it('GIVEN an interaction answered once THEN a second initial response is refused (40060), and one after 3 s is too late (10062)', async () => {
      const i = interaction();
      expect((await api('POST', `/interactions/${i.id}/${i.token}/callback`, { type: 4, data: { content: 'hi' } })).status).toBe(204);
      expect((await api('POST', `/interactions/${i.id}/${i.token}/callback`, { type: 4, data: { content: 'again' } })).body.code).toBe(40060);
      const late = interaction();
      fake.ageInteraction(late.id, 3001);
      expect((await api('POST', `/interactions/${late.id}/${late.token}/callback`, { type: 5 })).body.code).toBe(10062);
    });

    it('GIVEN an interaction token older than 15 minutes THEN its webhook is refused (50027)', async () => {
      const i = interaction();
      await api('POST', `/interactions/${i.id}/${i.token}/callback`, { type: 5, data: { flags: 64 } });
      fake.ageInteraction(i.id, INTERACTION_TOKEN_MS + 1000);
      const late = await api('PATCH', `/webhooks/${fake.applicationId}/${i.token}/messages/@original`, { content: 'too late' });
      expect(late).toMatchObject({ status: 401, body: { code: 50027 } });
    });
  });

  describe('scheduled events', () => {
    const external = (start: number) => ({
      name: 'Meeting 1',
      privacy_level: 2,
      entity_type: 3,
      channel_id: null,
      entity_metadata: { location: 'https://meet.example.com' },
      scheduled_start_time: new Date(start).toISOString(),
      scheduled_end_time: new Date(start + 3_600_000).toISOString(),
    });

    it('GIVEN an external event THEN it turns ACTIVE at its start and COMPLETED at its end by itself; an ACTIVE one cannot be cancelled but can end or be deleted', async () => {
      const start = Date.parse('2030-01-01T17:00:00Z');
      fake.now = () => start - 60_000;
      const ev = (await api('POST', `/guilds/${guild}/scheduled-events`, external(start))).body;
      expect(ev.status).toBe(1);
      fake.now = () => start;
      expect((await api('GET', `/guilds/${guild}/scheduled-events/${ev.id}`)).body.status).toBe(2);
      expect((await api('PATCH', `/guilds/${guild}/scheduled-events/${ev.id}`, { status: 4 })).status).toBe(400);
      expect((await api('PATCH', `/guilds/${guild}/scheduled-events/${ev.id}`, { status: 3 })).body.status).toBe(3);
      expect((await api('PATCH', `/guilds/${guild}/scheduled-events/${ev.id}`, { name: 'again' })).body.code).toBe(180000);

      const other = (await api('POST', `/guilds/${guild}/scheduled-events`, external(start + 60_000))).body;
      fake.now = () => start + 30 * 60_000;
      expect(fake.guildEvents(guild).find((e) => e.id === other.id)!.status).toBe(2);
      expect((await api('DELETE', `/guilds/${guild}/scheduled-events/${other.id}`)).status).toBe(204);
      const third = (await api('POST', `/guilds/${guild}/scheduled-events`, external(start + 2 * 3_600_000))).body;
      expect(third.status).toBe(1);
      fake.now = () => start + 4 * 3_600_000; // past its end: completed without ever being touched
      expect(fake.guildEvents(guild).find((e) => e.id === third.id)!.status).toBe(3);
    });

    it('GIVEN a scheduled event THEN it can be cancelled, and a cancelled one is final', async () => {
      fake.now = () => Date.parse('2030-01-01T12:00:00Z');
      const ev = (await api('POST', `/guilds/${guild}/scheduled-events`, external(Date.parse('2030-01-01T17:00:00Z')))).body;
      expect((await api('PATCH', `/guilds/${guild}/scheduled-events/${ev.id}`, { status: 4 })).body.status).toBe(4);
      expect((await api('PATCH', `/guilds/${guild}/scheduled-events/${ev.id}`, { status: 1 })).body.code).toBe(180000);
    });
  });
});

describe('the Discord stand-in\'s command rules', () => {
  it('GIVEN a command of 8,000 counted characters (names, descriptions, choice names and values) THEN it is accepted, one more is "too large", however long its JSON', () => {
    const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `${i}`.padStart(100, 'n'), value: `${i}`.padStart(100, 'v') }));
    const sub = (name: string, opts: Array<{ name: string; value: string }>) => ({ type: 1, name, description: 'd'.repeat(10), options: [{ type: 3, name: 'pick', description: 'd'.repeat(10), choices: opts }] });
    // 5 + 10 = 15, then 1 + 10 + 4 + 10 + 25 × 200 = 5,025, then 1 + 10 + 4 + 10 + 14 × 200 + 60 = 2,885: 7,925 + last.
    const command = (last: number) => ({ name: 'clubx', description: 'd'.repeat(10), options: [sub('a', choices(25)), sub('b', [...choices(14), { name: 'x'.repeat(60), value: 'y'.repeat(last) }])] });
    expect(commandsProblem([command(75)])).toBeNull();
    expect(JSON.stringify(command(75)).length).toBeGreaterThan(8000);
    expect(commandsProblem([command(76)])).toBe('clubx: too large');
  });
});

describe('the Slack stand-in', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    await fake.stop();
  });

  const call = async (method: string, args: Record<string, string>) =>
    (await (await fetch(`${fake.apiUrl}${method}`, { method: 'POST', headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(args) })).json()) as any;

  it('GIVEN a shared file fetched without an accepted token THEN Slack answers 200 with its HTML sign-in page, not an error status', async () => {
    fake.sharedFiles.set('F1', { name: 'list.md', content: '# List' });
    const info = await call('files.info', { file: 'F1' });
    const anonymous = await fetch(info.file.url_private_download);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await anonymous.text()).toMatch(/^<!DOCTYPE html>/);
    const withToken = await fetch(info.file.url_private_download, { headers: { authorization: 'Bearer xoxb-test' } });
    expect(await withToken.text()).toBe('# List');
  });

  it('GIVEN the manifest\'s scopes THEN conversations.info on a channel works and on a DM answers missing_scope (im:read)', async () => {
    fake.invite('CCLUB');
    expect(await call('conversations.info', { channel: 'CCLUB' })).toMatchObject({ ok: true, channel: { is_member: true } });
    expect(await call('conversations.info', { channel: 'DUBOSS' })).toMatchObject({ ok: false, error: 'missing_scope', needed: 'im:read' });
  });

  it('GIVEN an app that acknowledges a form submit after 3 seconds THEN Slack gives up (refused), and one that answers at once is heard', async () => {
    let delayMs = 0;
    const app = createServer((_req, res) => void setTimeout(() => res.end(''), delayMs));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
    const body = viewSubmissionBody({ userId: 'UBOB', view: { callback_id: 'x', blocks: [] }, values: {} });
    try {
      expect(await fake.submitView(url, body, { secret: 's' })).toMatchObject({ acked: true, status: 200 });
      delayMs = 3300;
      expect(await fake.submitView(url, body, { secret: 's' })).toMatchObject({ acked: false });
      expect(fake.refusals).toEqual([{ where: 'view_submission', error: 'no ack within 3 s' }]);
    } finally {
      app.closeAllConnections();
      await new Promise((r) => app.close(r));
    }
  });
});
