import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import ICAL from 'ical.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleDelivery } from '../../../src/platforms/console/delivery.ts';
import type { Club } from '../../../src/club/types.ts';
import { samplePost } from '../../helpers/sample-post.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-playground-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm start`'s entry point with a script on stdin, as `printf … | npm start` would. */
function play(script: string[], db = join(dir, `${Math.random().toString(36).slice(2)}.db`)) {
  // Posts at meeting time, so the story does not depend on today's weekday (announce-ahead is tested in the core).
  const env: NodeJS.ProcessEnv = { ...process.env, PAPERCLUB_DB: db, PAPERCLUB_PLAYGROUND: 'auto', PAPERCLUB_ANNOUNCE_DAYS: '0', PAPERCLUB_LISTS: resolve('config/lists.json') };
  for (const k of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PAPERCLUB_LOG_LEVEL']) delete env[k];
  // Run in the temporary directory: the playground writes reply files (calendar, export) to the current one.
  const res = spawnSync(process.execPath, [resolve('bin/start.js')], { input: script.join('\n') + '\n', env, cwd: dir, encoding: 'utf8', timeout: 60_000 });
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
    expect(out).toMatch(/════ weekly post \(message m1\) ════[\s\S]*Query, Key, and Value are all you need/);
    expect(out).toMatch(/alice will present at \*\*meeting 2\*\* on \w{3} \d+ \w{3} \d{4}, 17:00 UTC: \*\*GPT/);
    expect(out).toMatch(/bob will present at \*\*meeting 1\*\*[^\n]*Attention[\s\S]*\(post m1 updated — presenting: bob\)/);
    expect(out).toMatch(/Meeting 2 \(GPT[^)]*\) is taken by alice/);
    expect(out).toMatch(/bob reacted ✅ on m1: marked read\./);
    expect(out).toMatch(/bob reacted ✅ on m1: no change\./);
    expect(out).toMatch(/alice removed ✅ on m1: unmarked\./);
    expect(out).toMatch(/Saved note #1 on \*\*Attention Is All You Need\*\*/);
    expect(out).toMatch(/Marked \*\*Attention Is All You Need\*\* read/);
    expect(out).toMatch(/You've read the one paper the club has posted so far and 1 of the \d+ papers on its list/);
    expect(out).toMatch(/🥇 (alice|bob) — 1 paper/);
    // The unquoted title's first word already names the paper (one lookup with the CLI), so the rest is note text.
    expect(out).toMatch(/#\d+ bob:\*\* skip connections matter/);
    expect(out).toMatch(/is for club admins/);
    expect(out).toMatch(/\[attached paperclub-1-export\.md, \d+ chars\]/);
    expect(out).toContain(`Saved to ${join(dir, 'paperclub-1-export.md')}`);
  });

  it('GIVEN /paper calendar in the playground THEN the .ics is written to the current directory, its path printed, and it parses', () => {
    const { out, status } = play(['/paper calendar']);
    expect(status).toBe(0);
    const path = /^Saved to (.+\.ics)$/m.exec(out)?.[1];
    expect(path).toBe(join(dir, 'paperclub-paper-club.ics'));
    const cal = new ICAL.Component(ICAL.parse(readFileSync(path!, 'utf8')));
    const events = cal.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(0);
    expect(String(events[0]!.getFirstPropertyValue('summary'))).toMatch(/meeting 1: /);
  }, 60_000);

  it('GIVEN the same database twice THEN the second run keeps the club and its read marks', () => {
    const db = join(dir, 'persist.db');
    play([':post', '/read'], db);
    const { out } = play(['/progress', '/paper history'], db);
    expect(out).toMatch(/You've read the one paper the club has posted so far/);
    expect(out).toMatch(/Meeting 1\*\* \[Attention Is All You Need\]/);
  });

  it('GIVEN :clock +7d THEN the scheduled weekly post fires in the playground', () => {
    const { out } = play(['/club schedule 0 17 * * 3 UTC', ':clock +8d', '/paper history']);
    expect(out).toMatch(/════ weekly post/);
    expect(out).toMatch(/Meeting 1\*\* \[Attention Is All You Need\]/);
  });

  it('GIVEN a restart on the same database THEN new posts get new ids and :react lands on the latest post, not an old one', () => {
    const db = join(dir, 'restart.db');
    const first = play([':post', ':react'], db);
    expect(first.out).toMatch(/════ weekly post \(message m1\) ════/);
    expect(first.out).toMatch(/host reacted ✅ on m1: marked read\./);
    // A new minute, so :post has something to post after the restart.
    const second = play([':clock +10m', ':post', ':react'], db);
    expect(second.out).toMatch(/════ weekly post \(message m2\) ════/);
    expect(second.out).not.toMatch(/weekly post \(message m1\)/);
    expect(second.out).toMatch(/host reacted ✅ on m2: marked read\./);
    // No post on screen in this run: the database still knows the latest one.
    const third = play([':as alice', ':react', '/progress'], db);
    expect(third.out).toMatch(/alice reacted ✅ on m2: marked read\./);
    expect(third.out).toMatch(/You've read 1 of the 2 papers the club has posted so far/);
  }, 90_000);

  it('GIVEN :clock past 400 days THEN it is refused with a message and the clock stays', () => {
    const { out, status } = play([':clock', ':clock +401d', ':clock +9999999d', ':clock']);
    expect(status).toBe(0);
    expect(out.match(/:clock moves at most 400 days at a time/g)).toHaveLength(2);
    const clocks = [...out.matchAll(/^Clock: (\S+)$/gm)].map((m) => Date.parse(m[1]!));
    expect(clocks).toHaveLength(2);
    expect(clocks[1]! - clocks[0]!).toBeLessThan(86_400_000);
  }, 60_000);

  it('GIVEN a long :clock jump WHEN SIGTERM arrives THEN the playground stops before finishing the jump and exits 0', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PAPERCLUB_DB: join(dir, 'sigterm.db'), PAPERCLUB_PLAYGROUND: 'auto' };
    for (const k of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PAPERCLUB_LOG_LEVEL']) delete env[k];
    const child = spawn(process.execPath, ['bin/start.js'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let signalled = false;
    child.stdout.on('data', (d) => {
      out += d;
      // The jump has begun once its line is echoed; stop it then.
      if (!signalled && out.includes('> :clock +400d')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.stdin.write(':clock +400d\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(signalled).toBe(true);
    expect(code).toBe(0);
    // A finished jump would have made a post for each of ~57 weeks and printed the new clock.
    expect((out.match(/════ weekly post/g) ?? []).length).toBeLessThan(57);
    expect(out).not.toMatch(/^Clock: 2027/m);
  }, 60_000);

  it("GIVEN the README's pipe example THEN two runs tell the same story", () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = /^printf '([^']+)' \| (PAPERCLUB_DB=:memory: )?npm start$/m.exec(readme);
    expect(example, 'README has the pipe example').not.toBeNull();
    const script = example![1]!.split('\\n').filter(Boolean);
    expect(example![2], 'the example runs on a throwaway database').toBeTruthy();
    // Dates and times follow the real clock; the story around them must not change.
    const story = (out: string) =>
      out
        .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<now>')
        .replace(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w+ \d{4}, \d{2}:\d{2}/g, '<date>');
    const one = play(script, ':memory:');
    const two = play(script, ':memory:');
    expect(one.status).toBe(0);
    expect(one.err).toBe('');
    expect(story(two.out)).toBe(story(one.out));
    expect(one.out).toMatch(/weekly post \(message m1\)[\s\S]*host reacted ✅ on m1: marked read\.[\s\S]*You've read the one paper the club has posted so far/);
  }, 60_000);
});

describe('an announced meeting skipped in the playground', () => {
  it('GIVEN :post then /club skip of that meeting THEN the reprinted post says it is skipped, not who presents', () => {
    const { out, status } = play(['/club setup latent-space 0 17 * * 3 UTC', ':post', ':as alice', '/signup', ':as you admin', '/club skip 1', ':quit']);
    expect(status).toBe(0);
    expect(out).toMatch(/\(post m1 updated — this meeting is skipped\)\n/);
    expect(out).not.toMatch(/post m1 updated — presenting: nobody yet/);
  }, 60_000);
});

describe('console delivery ids', () => {
  it('GIVEN ids already used in the database THEN the next post takes the next free number', async () => {
    const printed: string[] = [];
    const delivery = new ConsoleDelivery((t) => printed.push(t), ['m1', 'm7', 'other-id', 'm3']);
    const club = { id: 1, channel: 'demo' } as Club;
    const sent = await delivery.postMeeting(club, samplePost());
    expect(sent.messageId).toBe('m8');
    expect(printed[0]).toMatch(/weekly post \(message m8\)/);
    expect((await delivery.postMeeting(club, samplePost({ key: 'club:1:2' }))).messageId).toBe('m9');
  });
});
