/**
 * The hosted shape, black box (issue 29): three bot processes (`npm start`'s built JavaScript, each its own OS
 * process) on one database and the Discord stand-in with 2 shards over 20 servers. bot-a runs shard 0, bot-b shard 1
 * and bot-c both, so every shard has two processes (Discord sends a shard's events to each session of it). For
 * several minutes a process is SIGKILLed at a random moment and started again a few seconds later, while members
 * run /read and /signup, meetings fall due and votes close. Afterwards, with every process up again:
 * - every meeting due in the window is announced exactly once (one weekly post per club and meeting);
 * - every reminder the bot recorded reached the platform exactly once, and every presenter was reminded;
 * - every vote due in the window is closed once (its poll ended once, its result told once);
 * - no read mark is lost that a process acknowledged (the member saw "Marked … read");
 * - each process sent requests only about the servers its own shards hold.
 * The run's figures (kills, posts, duplicates, misses) are printed for the closing note.
 * On the PostgreSQL run the processes share a PostgreSQL database; otherwise one SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open.ts';
import type { Db } from '../../src/store/db.ts';
import { postKeyOf } from '../../src/platforms/discord/weekly-post.ts';
import { ADMIN_PERMS, FakeDiscord, MEMBER_PERMS, shardOf, type FakeUser } from './fake-discord.ts';
import { waitUntil } from './wait-until.ts';
import { botDatabaseEnv } from '../helpers/test-db.ts';

const GUILDS = 20;
/** How long processes are killed and restarted. Several minutes in CI's PostgreSQL run (PAPERCLUB_CHAOS_SECONDS). */
const CHAOS_MS = Number(process.env['PAPERCLUB_CHAOS_SECONDS'] ?? 150) * 1000;
const MINUTE = 60_000;

interface BotSpec {
  name: string;
  shards: string;
  /** The shards it runs (for the isolation check). */
  owns: number[];
}
const SPECS: BotSpec[] = [
  { name: 'bot-a', shards: '0', owns: [0] },
  { name: 'bot-b', shards: '1', owns: [1] },
  { name: 'bot-c', shards: '0-1', owns: [0, 1] },
];

/** A running bot process and what it wrote to stderr (JSON log lines). */
interface Running {
  spec: BotSpec;
  child: ChildProcess;
  log: string;
  exited: Promise<void>;
}

const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** "mon 17:05" for a UTC time: what /club schedule takes. */
const whenText = (at: number) => {
  const d = new Date(at);
  return `${DAY[d.getUTCDay()]} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

describe('three bot processes on one database, killed at random (issue 29)', () => {
  let discord: FakeDiscord;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dropDatabase = async () => {};
  const running = new Map<string, Running>();
  /** Every process ever started, so none outlives the test (a late restart once left one running for good). */
  const started: Running[] = [];
  /** Restarts scheduled after a kill and not yet done: awaited before every process is brought up at the end. */
  const restarts = new Set<Promise<void>>();
  const logs: string[] = [];
  let admin: FakeUser;
  const members: FakeUser[] = [];

  function start(spec: BotSpec): Running {
    const child = spawn(process.execPath, ['--max-semi-space-size=2', 'bin/start.js'], {
      env: {
        ...env,
        PAPERCLUB_PROCESS_NAME: spec.name,
        DISCORD_API_URL: discord.apiUrlFor(spec.name),
        DISCORD_SHARD_IDS: spec.shards,
        DISCORD_SHARD_COUNT: '2',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const r: Running = { spec, child, log: '', exited: new Promise((res) => child.once('exit', () => res())) };
    child.stderr!.on('data', (d) => (r.log += d));
    void r.exited.then(() => logs.push(`---- ${spec.name} (pid ${child.pid}, exit ${child.exitCode ?? child.signalCode})\n${r.log}`));
    running.set(spec.name, r);
    started.push(r);
    return r;
  }
  const isUp = (r: Running) => /paperclub running/.test(r.log);

  beforeAll(async () => {
    discord = new FakeDiscord({ guilds: GUILDS, shards: 2, maxGuildsPerShard: 10, shardMultiple: 2 });
    await discord.start();
    admin = discord.addUser({ username: 'ada', permissions: ADMIN_PERMS });
    for (const name of ['alice', 'bob', 'carol', 'dan', 'erin', 'frank']) members.push(discord.addUser({ username: name, permissions: MEMBER_PERMS }));
    dir = mkdtempSync(join(tmpdir(), 'paperclub-hosted-'));
    const database = await botDatabaseEnv(join(dir, 'bot.db'));
    dropDatabase = database.drop;
    env = {
      PATH: process.env.PATH,
      ...database.env,
      PAPERCLUB_LOG_LEVEL: 'info',
      PAPERCLUB_METADATA: 'off',
      // The weekly post goes out at the meeting time, so the meetings of this test fall due within its minutes.
      PAPERCLUB_ANNOUNCE_DAYS: '0',
      PAPERCLUB_DEFAULT_TIMEZONE: 'UTC',
      DISCORD_TOKEN: 'discord-hosted-token',
      DISCORD_APPLICATION_ID: discord.applicationId,
    };
    for (const spec of SPECS) start(spec);
    // Four sessions of one identify bucket are let in 5 s apart, so the last one is up after 15 s or more.
    await waitUntil(() => [...running.values()].every(isUp), `the three bots to start:\n${[...running.values()].map((r) => r.log).join('\n')}`, 120_000);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(restarts);
    for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await Promise.all(started.map((r) => r.exited));
    if (dir) writeFileSync(join(dir, 'logs.txt'), logs.join('\n'));
    await dropDatabase();
    await discord?.stop();
    if (dir && !process.env['PAPERCLUB_KEEP_HOSTED_LOGS']) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'GIVEN 20 clubs over 2 shards and three processes killed at random for minutes THEN every post, reminder and vote close happens exactly once, no acknowledged read mark is lost, and each process talks only to its own shards\' servers',
    async () => {
      const channelOf = (g: (typeof discord.guilds)[number]) => g.channels[0]!.id;
      const ask = async (user: FakeUser, channelId: string, path: string, options: Record<string, unknown> = {}) =>
        JSON.stringify((await discord.waitForAnswer(discord.slashCommand({ user, channelId, path, options }), { timeoutMs: 30_000 })).data);

      // ---- Set-up, every process up: a club in each server with a vote open, then meetings inside the window.
      for (const g of discord.guilds) {
        expect(await ask(admin, channelOf(g), 'club setup', { list: 'latent-space' })).toMatch(/Paper club started here/);
        expect(await ask(admin, channelOf(g), 'club vote', { closes: '1h' })).toMatch(/Vote posted in the channel/);
      }
      // Meetings on the minutes from 45 s after now to 20 s before the window ends, clubs spread over them.
      const scheduled = Date.now();
      const firstMeeting = Math.ceil((scheduled + 45_000) / MINUTE) * MINUTE;
      const meetingMinutes = Math.max(1, Math.floor((scheduled + CHAOS_MS - 20_000 - firstMeeting) / MINUTE) + 1);
      const meetingAt = new Map<string, number>();
      for (const [i, g] of discord.guilds.entries()) {
        const at = firstMeeting + (i % meetingMinutes) * MINUTE;
        meetingAt.set(g.id, at);
        expect(await ask(admin, channelOf(g), 'club schedule', { when: whenText(at), confirm: 'yes' })).toMatch(new RegExp(whenText(at).slice(4)));
      }
      const db: Db = await openDatabase(env as { PAPERCLUB_DATABASE_URL?: string; PAPERCLUB_DB?: string });
      try {
        const clubs = await db.all<{ id: number; workspace: string }>(sql`SELECT id, workspace FROM clubs`);
        expect(clubs).toHaveLength(GUILDS);
        const clubOfGuild = new Map(clubs.map((c) => [c.workspace, Number(c.id)]));
        // Votes close after an hour; as if that hour passed, each is made due at a moment inside the window.
        const chaosStarted = Date.now();
        const votes = await db.all<{ id: number; club_id: number }>(sql`SELECT id, club_id FROM votes WHERE state = 'open'`);
        expect(votes).toHaveLength(GUILDS);
        for (const v of votes) await db.run(sql`UPDATE votes SET closes_at = ${Math.round(chaosStarted + rand(5_000, CHAOS_MS - 30_000))} WHERE id = ${v.id}`);

        // ---- Chaos: kills and restarts, while members read and sign up.
        const acknowledged: Array<{ guild: string; user: string; title: string }> = [];
        const signedUp: Array<{ guild: string; user: string }> = [];
        let commands = 0;
        let unanswered = 0;
        let kills = 0;
        const chaosEnds = chaosStarted + CHAOS_MS;
        const member = (async () => {
          const pending: Promise<void>[] = [];
          while (Date.now() < chaosEnds) {
            const g = pick(discord.guilds);
            const user = pick(members);
            const signup = Math.random() < 0.15;
            commands++;
            pending.push(
              ask(user, channelOf(g), signup ? 'signup' : 'read')
                .then((text) => {
                  if (signup) {
                    if (/will present at \*\*meeting/.test(text)) signedUp.push({ guild: g.id, user: user.id });
                    return;
                  }
                  const m = /arked \*\*(.+?)\*\* read/.exec(text);
                  if (m) acknowledged.push({ guild: g.id, user: user.id, title: m[1]! });
                })
                .catch(() => void unanswered++),
            );
            await sleep(rand(150, 450));
          }
          await Promise.all(pending);
        })();
        while (Date.now() < chaosEnds - 5_000) {
          await sleep(rand(4_000, 14_000));
          const victim = pick([...running.values()].filter((r) => r.child.exitCode === null && r.child.signalCode === null));
          if (!victim) continue;
          victim.child.kill('SIGKILL');
          kills++;
          await victim.exited;
          const back = rand(1_000, 5_000);
          const restart: Promise<void> = sleep(back).then(() => {
            start(victim.spec);
            restarts.delete(restart);
          });
          restarts.add(restart);
        }
        await member;
        // A restart still waiting would start a second copy of a process brought up below.
        await Promise.all(restarts);

        // ---- Every process up again; let the last due work run (a dead process's leases run out within a minute).
        for (const spec of SPECS) {
          const r = running.get(spec.name)!;
          if (r.child.exitCode !== null || r.child.signalCode !== null) start(spec);
        }
        await waitUntil(() => [...running.values()].every(isUp), 'every process to be up again', 120_000);
        const lastMeeting = Math.max(...meetingAt.values());
        await waitUntil(
          async () => {
            const posted = await db.value<number>(sql`SELECT count(*) FROM meetings WHERE status IN ('posted', 'done') AND slot_at <= ${lastMeeting}`);
            const open = await db.value<number>(sql`SELECT count(*) FROM votes WHERE state = 'open'`);
            return Number(posted) >= GUILDS && Number(open) === 0 && Date.now() > lastMeeting + 5_000;
          },
          'every meeting posted and every vote closed',
          3 * MINUTE,
        );
        await sleep(5_000); // anything owed after those (reminders, results) has its next runs to go out

        // ---- Announcements: one weekly post per club and meeting, recorded where it landed.
        let duplicatePosts = 0;
        for (const g of discord.guilds) {
          const posts = (discord.messages.get(channelOf(g)) ?? []).filter((m) => m.author.id === discord.bot.id && postKeyOf(m) !== null);
          const byKey = new Map<string, number>();
          for (const p of posts) byKey.set(postKeyOf(p)!, (byKey.get(postKeyOf(p)!) ?? 0) + 1);
          duplicatePosts += [...byKey.values()].reduce((n, c) => n + c - 1, 0);
          const recorded = await db.values<string>(sql`SELECT p.message_id FROM meeting_posts p JOIN meetings m ON m.id = p.meeting_id WHERE m.club_id = ${clubOfGuild.get(g.id)!} AND m.slot_at = ${meetingAt.get(g.id)!}`);
          expect(recorded, `the meeting of ${g.name} recorded once`).toHaveLength(1);
          expect(posts.map((p) => p.id), `weekly posts in ${g.name}`).toEqual(recorded.map(String));
        }

        // ---- Reminders: each one recorded reached Discord once; every presenter who signed up was reminded.
        const reminderRows = await db.all<{ club_id: number; slot_at: number; kind: string }>(sql`SELECT club_id, slot_at, kind FROM reminders WHERE kind LIKE 'presenter:%' OR kind = 'call-for-presenter'`);
        const dms = [...discord.messages.entries()].filter(([ch]) => ch.startsWith('dm-')).flatMap(([, ms]) => ms).filter((m) => /Reminder: you're presenting/.test(m.content));
        const calls = discord.guilds.flatMap((g) => discord.messages.get(channelOf(g)) ?? []).filter((m) => /Nobody has signed up to present/.test(m.content));
        const nonceCount = new Map<string, number>();
        for (const m of [...dms, ...calls]) nonceCount.set(String(m.nonce), (nonceCount.get(String(m.nonce)) ?? 0) + 1);
        const duplicateReminders = [...nonceCount.values()].reduce((n, c) => n + c - 1, 0);
        // Each recorded reminder is on Discord. One more than recorded is a kill between a send and its record whose
        // meeting began before the next run (no longer owed, so not sent or recorded again): once on Discord, still.
        const unrecordedReminders = dms.length + calls.length - reminderRows.length;
        // A presenter is reminded at the next run after signing up (a job, a process start, the 5-minute sweep); with
        // a process starting every few seconds here, one who signed up 90 s before the meeting is owed a reminder.
        // One who signed up in its last seconds may meet no run before it starts, and needs none.
        const presenters = await db.all<{ club_id: number; meeting_at: number; member_id: number }>(
          sql`SELECT s.club_id, s.meeting_at, s.member_id FROM sign_ups s WHERE s.meeting_at > ${chaosStarted} AND s.meeting_at - s.signed_up_at BETWEEN ${90_000} AND ${48 * 3_600_000}`,
        );
        const remindedKeys = new Set(reminderRows.map((r) => `${r.club_id}:${r.slot_at}:${r.kind}`));
        const notReminded = presenters.filter((p) => Number(p.meeting_at) <= lastMeeting && !remindedKeys.has(`${p.club_id}:${p.meeting_at}:presenter:${p.member_id}`));

        // ---- Votes: each closed, its poll ended once on Discord, its result told once.
        const closed = await db.all<{ id: number; message_id: string; state: string }>(sql`SELECT id, message_id, state FROM votes`);
        const expires = (id: string) => discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/polls/${id}/expire`)).length;
        const refusedExpires = (id: string) => discord.refusals.filter((r) => r.path.endsWith(`/polls/${id}/expire`)).length;
        const results = discord.guilds.flatMap((g) => discord.messages.get(channelOf(g)) ?? []).filter((m) => /^🗳️ The vote is closed/.test(m.content));

        // ---- Read marks: every one a member saw acknowledged is in the database.
        const marks = await db.all<{ workspace: string; user_id: string; title: string }>(
          sql`SELECT m.workspace, m.user_id, p.title FROM read_marks r JOIN members m ON m.id = r.member_id JOIN papers p ON p.id = r.paper_id`,
        );
        const markKeys = new Set(marks.map((m) => `${m.workspace}:${m.user_id}:${m.title}`));
        const lostMarks = acknowledged.filter((a) => !markKeys.has(`${a.guild}:${a.user}:${a.title}`));

        // ---- Shard isolation: a request about a server came from a process that runs its shard.
        const strays = discord.requests.filter((r) => r.guildId !== null && !SPECS.find((s) => s.name === r.client)?.owns.includes(shardOf(r.guildId, 2)));

        const figures = {
          database: db.dialect,
          chaosSeconds: CHAOS_MS / 1000,
          kills,
          starts: logs.length + running.size,
          commands,
          unanswered,
          readsAcknowledged: acknowledged.length,
          lostMarks: lostMarks.length,
          signUps: signedUp.length,
          weeklyPosts: (await db.value<number>(sql`SELECT count(*) FROM meetings WHERE slot_at >= ${firstMeeting} AND slot_at <= ${lastMeeting} AND posted_at IS NOT NULL`)) ?? 0,
          postedDuringChaos: (await db.value<number>(sql`SELECT count(*) FROM meetings WHERE slot_at >= ${firstMeeting} AND posted_at < ${chaosEnds}`)) ?? 0,
          meetingMinutes,
          // How late the latest weekly post went out after its meeting time (a dead process's clubs wait for its leases).
          mostLatePostSeconds: Number((await db.value<number>(sql`SELECT max(posted_at - slot_at) FROM meetings WHERE slot_at >= ${firstMeeting} AND slot_at <= ${lastMeeting}`)) ?? 0) / 1000,
          duplicatePosts,
          remindersRecorded: reminderRows.length,
          remindersOnDiscord: dms.length + calls.length,
          remindersSentNotRecorded: unrecordedReminders,
          duplicateReminders,
          repeatsDiscordRefused: discord.nonceRepeats,
          presentersOwedReminder: presenters.filter((p) => Number(p.meeting_at) <= lastMeeting).length,
          presentersNotReminded: notReminded.length,
          votesClosed: closed.filter((v) => v.state === 'closed').length,
          pollExpires: closed.reduce((n, v) => n + expires(v.message_id), 0),
          pollExpiresRefused: closed.reduce((n, v) => n + refusedExpires(v.message_id), 0),
          voteResultsTold: results.length,
          strayRequests: strays.length,
          requestsAboutServers: discord.requests.filter((r) => r.guildId !== null).length,
        };
        console.log(`hosted processes: ${JSON.stringify(figures)}`);
        writeFileSync(join(dir, 'figures.json'), JSON.stringify(figures, null, 2));

        expect(kills).toBeGreaterThanOrEqual(Math.floor(CHAOS_MS / 20_000));
        expect(Number(figures.weeklyPosts)).toBe(GUILDS);
        expect(signedUp.length).toBeGreaterThan(0);
        expect(duplicatePosts).toBe(0);
        expect(duplicateReminders).toBe(0);
        expect(unrecordedReminders).toBeGreaterThanOrEqual(0);
        expect(unrecordedReminders).toBeLessThanOrEqual(kills);
        expect(notReminded).toEqual([]);
        expect(closed.map((v) => v.state)).toEqual(closed.map(() => 'closed'));
        for (const v of closed) expect(expires(v.message_id) - refusedExpires(v.message_id), `poll of vote ${v.id} ended once`).toBe(1);
        expect(results).toHaveLength(GUILDS);
        expect(acknowledged.length).toBeGreaterThan(20);
        expect(lostMarks).toEqual([]);
        expect(strays.map((r) => `${r.method} ${r.path} from ${r.client}`)).toEqual([]);
        expect(figures.requestsAboutServers).toBeGreaterThan(GUILDS * 3);
      } finally {
        await db.close();
      }
    },
    CHAOS_MS + 15 * MINUTE,
  );
});
