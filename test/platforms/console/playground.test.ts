import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-playground-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm start`'s entry point with a script on stdin, as `printf … | npm start` would. */
function play(script: string[], db = join(dir, `${Math.random().toString(36).slice(2)}.db`)) {
  // Posts at meeting time, so the story does not depend on today's weekday (announce-ahead is tested in the core).
  const env: NodeJS.ProcessEnv = { ...process.env, PAPERCLUB_DB: db, PAPERCLUB_PLAYGROUND: 'auto', PAPERCLUB_ANNOUNCE_DAYS: '0' };
  for (const k of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PAPERCLUB_LOG_LEVEL']) delete env[k];
  const res = spawnSync(process.execPath, ['bin/start.js'], { input: script.join('\n') + '\n', env, encoding: 'utf8', timeout: 60_000 });
  return { out: res.stdout, err: res.stderr, status: res.status, db };
}

describe('local playground (npm start with no tokens)', () => {
  it('GIVEN a scripted session from a pipe THEN setup, posting, racing sign-ups, reactions, notes, progress and export all work', () => {
    const { out, status, err } = play([
      '/club setup latent-space 0 17 * * 3 UTC',
      '/paper now',
      ':post',
      ':as alice',
      '/signup 2',
      ':as bob',
      '/signup 2',
      ':click 1',
      ':react',
      ':react',
      '/note attention is all you need "skip connections matter"',
      '/note 1706.03762 skip connections matter',
      ':as alice',
      ':react',
      ':unreact',
      '/read',
      '/progress',
      '/leaderboard',
      '/notes 1706.03762',
      '/club pause',
      ':as you',
      '/club export',
      ':quit',
    ]);
    expect(err).not.toMatch(/Error|error/);
    expect(status).toBe(0);
    expect(out).toMatch(/paperclub playground/);
    expect(out).toMatch(/Club updated\.\nMeetings: Wednesdays at 17:00 \(UTC\)\. The paper is posted at the meeting time\./);
    expect(out).toMatch(/## Meeting 1: Attention Is All You Need/);
    expect(out).toMatch(/════ weekly post m1 ════[\s\S]*Query, Key, and Value are all you need/);
    expect(out).toMatch(/alice will present at \*\*meeting 2\*\* on \w{3} \d+ \w{3} \d{4}, 17:00 UTC: \*\*GPT/);
    expect(out).toMatch(/bob will present at \*\*meeting 1\*\*[^\n]*Attention[\s\S]*\(post m1 updated — presenting: bob\)/);
    expect(out).toMatch(/Meeting 2 \(GPT[^)]*\) is taken by alice/);
    expect(out).toMatch(/bob reacted ✅ on m1: marked read\./);
    expect(out).toMatch(/bob reacted ✅ on m1: no change\./);
    expect(out).toMatch(/alice removed ✅ on m1: unmarked\./);
    expect(out).toMatch(/Saved note #1 on \*\*Attention Is All You Need\*\*/);
    expect(out).toMatch(/Marked \*\*Attention Is All You Need\*\* read/);
    expect(out).toMatch(/You've read 1 of the 1 paper this club has met on/);
    expect(out).toMatch(/🥇 (alice|bob) — 1 paper/);
    // The unquoted title's first word already names the paper (one lookup with the CLI), so the rest is note text.
    expect(out).toMatch(/#\d+ bob:\*\* skip connections matter/);
    expect(out).toMatch(/is for club admins/);
    expect(out).toMatch(/\[attached paperclub-1-export\.md, \d+ chars\]/);
  });

  it('GIVEN the same database twice THEN the second run keeps the club and its read marks', () => {
    const db = join(dir, 'persist.db');
    play([':post', '/read'], db);
    const { out } = play(['/progress', '/paper history'], db);
    expect(out).toMatch(/You've read 1 of the 1 paper/);
    expect(out).toMatch(/Meeting 1\*\* \[Attention Is All You Need\]/);
  });

  it('GIVEN :clock +7d THEN the scheduled weekly post fires in the playground', () => {
    const { out } = play(['/club schedule 0 17 * * 3 UTC', ':clock +8d', '/paper history']);
    expect(out).toMatch(/════ weekly post/);
    expect(out).toMatch(/Meeting 1\*\* \[Attention Is All You Need\]/);
  });
});
