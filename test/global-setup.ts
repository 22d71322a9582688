import { spawnSync } from 'node:child_process';

/**
 * Tests that start the bot or the CLI as a process run what users run: the compiled dist/. Build it from the
 * current sources once per test run, so those tests never see a stale build.
 */
export default function setup(): void {
  const res = spawnSync(process.execPath, ['bin/build.js'], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`build failed:\n${res.stdout}${res.stderr}`);
}
