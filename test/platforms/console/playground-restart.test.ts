import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function env(db: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, PAPERCLUB_DB: db, PAPERCLUB_PLAYGROUND: 'auto', PAPERCLUB_ANNOUNCE_DAYS: '0', PAPERCLUB_LISTS: resolve('config/lists.json'), ...extra };
  for (const k of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PAPERCLUB_LOG_LEVEL']) if (!(k in extra)) delete out[k];
  return out;
}

/** `printf … | npm start` on one database file: one run of the playground. */
function play(db: string, script: string[]) {
  const res = spawnSync(process.execPath, [resolve('bin/start.js')], { input: script.join('\n') + '\n', env: env(db), cwd: dir, encoding: 'utf8', timeout: 90_000 });
  expect(res.status, `${res.stderr}\n${res.stdout.slice(-1500)}`).toBe(0);
  return res.stdout;
}

const clockOf = (out: string) => [...out.matchAll(/^Clock: (\S+Z)$/gm)].map((m) => Date.parse(m[1]!));
const messageIds = (out: string) => [...out.matchAll(/\(message (m\d+)\)/g)].map((m) => m[1]!);

describe('GIVEN the member at the playground keyboard', () => {
  it('WHEN replies speak of them in the third person THEN they read as a name ("host signed you up", "host\'s"), never "you signed you up" or "you\'s"', () => {
    const out = play(join(dir, 'names.db'), [
      '/club setup latent-space wed 17:00 UTC',
      '/club assign @alice 2',
      '/note lora "host thinks"',
      ':as alice',
      '/editnote 1 changed',
      ':as you',
      '/signup 3',
      ':quit',
    ]);
    expect(out).toMatch(/paperclub playground — you are 'host' \(admin\)/);
    expect(out).toMatch(/🔔 \(DM to alice\) host signed you up to present/);
    expect(out).toMatch(/Note #1 is host's; only its author can change it\./);
    // `:as you` (as earlier runs knew it) is the host again.
    expect(out).toMatch(/You are now host \(admin\)\.\n> \/signup 3\nhost will present at \*\*meeting 3\*\*/);
    expect(out).not.toMatch(/you signed you up|you's|\byou will present/);
  }, 120_000);
});

describe('GIVEN the playground on a file database, restarted', () => {
  it('THEN the clock resumes where :clock left it (and says so), held meetings stay held, message ids never repeat, and :click presses a pre-restart post', () => {
    const db = join(dir, 'semester.db');
    const first = play(db, ['/club setup latent-space wed 17:00 UTC', ':clock +8d', '/club vote', ':clock', ':quit']);
    const [leftAt] = clockOf(first).slice(-1);
    expect(leftAt).toBeGreaterThan(Date.now() + 7 * 86_400_000);
    const firstIds = messageIds(first);
    // A post of meeting 1 and a vote: two messages, numbered once each.
    expect(firstIds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(firstIds).size).toBe(firstIds.length);

    const second = play(db, [':clock', '/paper upcoming 3', ':click 2', ':clock +7d', ':quit']);
    expect(second).toMatch(/The clock resumed where :clock left it on the last run \(8 days ahead of real time\)\./);
    const [resumedAt] = clockOf(second);
    expect(resumedAt).toBeGreaterThanOrEqual(leftAt!);
    expect(resumedAt! - leftAt!).toBeLessThan(10 * 60_000);
    // Meeting 1 was held before the restart: it is not upcoming again, and its post is not made twice.
    expect(second).not.toMatch(/\*\*Meeting 1\*\*/);
    expect(second).not.toMatch(/Paper club — meeting 1\*\*/);
    // The pre-restart post's second button (the meeting has started: "I was there") is pressed, not refused.
    expect(second).not.toMatch(/No such button/);
    expect(second).toMatch(/> :click 2\n\(only you\) Noted: you were at meeting 1\./);
    // New posts after the restart (the closed vote is printed again under its own id, m2: that is no new message).
    const secondIds = [...second.matchAll(/weekly post \(message (m\d+)\)/g)].map((m) => m[1]!);
    expect(secondIds.length).toBeGreaterThan(0);
    for (const id of secondIds) expect(firstIds).not.toContain(id);
  }, 180_000);

  it('WHEN stdout and stderr are one terminal or pipe THEN log lines go to a file beside the database, not into the chat', () => {
    const db = join(dir, 'logs.db');
    const res = spawnSync('sh', ['-c', `"${process.execPath}" "${resolve('bin/start.js')}" 2>&1`], {
      input: ['/club setup latent-space wed 17:00 UTC', ':clock +8d', ':quit'].join('\n') + '\n',
      env: env(db, { PAPERCLUB_LOG_LEVEL: 'info' }),
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(res.status, res.stdout.slice(-1500)).toBe(0);
    const logFile = join(dir, 'paperclub.log');
    expect(res.stdout).toContain(`Log lines go to ${logFile}.`);
    expect(res.stdout).toMatch(/weekly post/);
    expect(res.stdout).not.toMatch(/"level":/);
    expect(readFileSync(logFile, 'utf8')).toMatch(/"level":"info"/);
  }, 120_000);
});
