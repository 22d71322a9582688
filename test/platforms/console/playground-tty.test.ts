import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Types lines into the playground on a real terminal: util-linux `script` gives it a pseudo-terminal, and each line
 * is typed only once the prompt is back, as a person would.
 */
async function typeInto(db: string, lines: string[]): Promise<{ out: string; code: unknown }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PAPERCLUB_DB: db, PAPERCLUB_PLAYGROUND: 'auto', PAPERCLUB_LISTS: resolve('config/lists.json') };
  for (const k of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PAPERCLUB_LOG_LEVEL']) delete env[k];
  const child = spawn('script', ['-qec', `"${process.execPath}" "${resolve('bin/start.js')}"`, '/dev/null'], { env, cwd: dir });
  let out = '';
  const exited = new Promise((done) => child.on('exit', (code) => done(code)));
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const prompted = async (after: number) => {
    for (let i = 0; i < 600; i++) {
      // readline draws its prompt with cursor moves after it ('> \x1b[3G').
      if (out.length > after && /> (?:\x1b\[\d+G)?$/.test(out)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no prompt; output so far:\n${out.slice(-500)}`);
  };
  await prompted(0);
  for (const line of lines) {
    const before = out.length;
    child.stdin.write(line === '^C' ? '\x03' : `${line}\r`);
    if (line !== ':quit' && line !== '^C' && !line.startsWith(':clock +')) await prompted(before + line.length);
    // A long :clock jump is under way when Ctrl-C comes: give it a moment to start.
    if (line.startsWith(':clock +')) await new Promise((r) => setTimeout(r, 500));
  }
  // Input stays open until the playground ends on its own (:quit, Ctrl-C): closing it would end it as well.
  const ended = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
  child.stdin.end();
  const code = ended ? await exited : 'still running 30 s after the last key';
  return { out, code };
}

describe('GIVEN the playground on a terminal', () => {
  it('WHEN a line longer than 4,095 bytes is typed THEN it is read whole: a 6,000-byte note is saved entire, a 4,116-character one is refused with its true length', async () => {
    const db = join(dir, 'tty.db');
    const accented = 'é'.repeat(3000); // 3,000 characters, 6,000 bytes in UTF-8
    const { out } = await typeInto(db, [`/note lora "${accented}"`, `/note lora "${'y'.repeat(4116)}"`, ':quit']);
    expect(out).toMatch(/Saved note #\d+ on \*\*LoRA/);
    expect(out).toMatch(/text is 4116 characters; the limit is 4000/);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT body FROM notes').pluck().all()).toEqual([accented]);
    check.close();
  }, 120_000);

  it('WHEN Ctrl-C is pressed during a long :clock jump THEN the playground stops there, as it did before the terminal was read in raw mode', async () => {
    const started = Date.now();
    const { out, code } = await typeInto(join(dir, 'ctrl-c.db'), [':clock +400d', '^C']);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    // A finished jump would have made a post for each of ~57 weeks and printed the new clock (':clock' alone on a line).
    expect((out.match(/════ weekly post/g) ?? []).length).toBeLessThan(57);
    expect(out).not.toMatch(/^Clock: \S+Z\r?$/m);
  }, 120_000);
});
