import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-semester-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GIVEN an organiser running a few weeks of club life through the playground pipe', () => {
  it('THEN sign-ups by several members, a skip, a list switch and weeks of :clock read right to every member', () => {
    const script = [
      '/club setup latent-space wed 17:00 UTC',
      ':as alice',
      '/signup 1',
      ':as bob',
      '/signup 2',
      ':as carol',
      '/signup 3',
      ':as you',
      '/club skip 2',
      '/club setup mlcs-research-journal',
      '/club setup mlcs-research-journal confirm:yes',
      '/paper upcoming 4',
      ':clock +29d', // four or five Wednesdays, one of them skipped
      '/paper history',
      ':quit',
    ];
    const env: NodeJS.ProcessEnv = { ...process.env, PAPERCLUB_DB: join(dir, 'semester.db'), PAPERCLUB_PLAYGROUND: 'auto', PAPERCLUB_ANNOUNCE_DAYS: '0' };
    for (const k of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PAPERCLUB_LOG_LEVEL']) delete env[k];
    const res = spawnSync(process.execPath, ['bin/start.js'], { input: script.join('\n') + '\n', env, encoding: 'utf8', timeout: 90_000 });
    const out = res.stdout;
    expect(res.status, `${res.stderr}\n${out.slice(-2000)}`).toBe(0);
    expect(res.stderr).not.toMatch(/Error|error/);
    expect(out).not.toMatch(/undefined|NaN|\[object|went wrong/);
    // Each member signs up for a numbered, dated meeting.
    expect(out).toMatch(/alice will present at \*\*meeting 1\*\* on Wed \d+ \w+ \d{4}, 17:00 UTC/);
    expect(out).toMatch(/bob will present at \*\*meeting 2\*\*/);
    expect(out).toMatch(/carol will present at \*\*meeting 3\*\*/);
    // The skip tells bob and offers the next date; carol keeps hers and hears her paper changed.
    expect(out).toMatch(/🔔 \(DM to bob\) The meeting of #paper-club on Wed [^\n]* is skipped, so you are no longer presenting GPT/);
    expect(out).toMatch(/🔔 \(DM to carol\) Schedule change in #paper-club: the paper for Wed [^\n]* is now \*\*GPT/);
    // The list switch asks first, then keeps everyone's date.
    expect(out).toMatch(/To go ahead, run \/club setup mlcs-research-journal confirm:yes/);
    expect(out).toMatch(/Now following \*\*mlcs-research-journal\*\* \(was latent-space\)/);
    expect(out).toMatch(/🔔 \(DM to alice\) Schedule change in #paper-club: the paper for Wed [^\n]* is now \*\*/);
    // Weeks pass: the posts come out numbered 1, 2, 3 from the new list; history has one line per meeting held.
    const headings = [...out.matchAll(/\*\*📄 Paper club — meeting (\d+)\*\*/g)].map((m) => Number(m[1]));
    expect(headings.slice(0, 3)).toEqual([1, 2, 3]);
    const history = out.slice(out.lastIndexOf('## History')).split('\n').filter((l) => l.startsWith('- '));
    expect(history.length).toBe(headings.length);
    expect(history.every((l) => /UTC — \*\*Meeting \d+\*\* \[/.test(l))).toBe(true);
  }, 120_000);
});
