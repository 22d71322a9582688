import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogger, memoryLogger } from '../src/logger.ts';

describe('the logger never writes secrets', () => {
  it('GIVEN secret-named fields at any depth THEN their values are redacted', () => {
    const log = memoryLogger();
    log.child({ part: 'x' }).error('failed', { token: 'abc', config: { signingSecret: 's3cr3t', nested: { authorization: 'Bot abc' } }, ok: 1 });
    const line = JSON.stringify(log.lines);
    expect(line).not.toMatch(/abc|s3cr3t/);
    expect(log.lines[0]).toMatchObject({ token: '[redacted]', config: { signingSecret: '[redacted]', nested: { authorization: '[redacted]' } }, ok: 1, part: 'x' });
  });

  it('GIVEN token-shaped text inside messages and errors THEN it is redacted too', () => {
    const log = memoryLogger();
    const discordish = `${'M'.repeat(26)}.GaBcDe.${'x'.repeat(38)}`;
    log.warn(`login with xoxb-1234-5678-abcdef failed`, { err: new Error(`bad token ${discordish}`), note: 'xapp-1-A1-99-ff' });
    const line = JSON.stringify(log.lines);
    expect(line).not.toContain('xoxb-1234');
    expect(line).not.toContain(discordish);
    expect(line).not.toContain('xapp-1-A1');
    expect(line).toContain('[redacted]');
  });
});

describe('the logger is pino with our interface', () => {
  it('GIVEN a level from config THEN lines below it are dropped and child loggers carry their fields on every line', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    const club = log.child({ part: 'scheduler' }).child({ clubId: 7 });
    club.info('not written');
    club.debug('not written either');
    club.warn('post late', { minutes: 3 });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'warn', msg: 'post late', part: 'scheduler', clubId: 7, minutes: 3 });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it('GIVEN a secret in child fields THEN it is redacted on the child lines too', () => {
    const log = memoryLogger();
    log.child({ botToken: 'xyz-secret', hint: 'xoxb-9-9-abc' }).info('hello');
    expect(JSON.stringify(log.lines)).not.toMatch(/xyz-secret|xoxb-9/);
    expect(log.lines[0]).toMatchObject({ botToken: '[redacted]', msg: 'hello' });
  });

  const script = `import { createLogger } from './dist/logger.js'; createLogger().info('hello there', { token: 'abc123', n: 1 });`;

  it('GIVEN stderr is not a terminal THEN lines are JSON', () => {
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stderr.trim())).toMatchObject({ level: 'info', msg: 'hello there', token: '[redacted]', n: 1 });
  });

  it('GIVEN a person watching the terminal (a pty) THEN lines are pretty, not JSON, and still redacted', () => {
    // `script` runs the command on a pseudo-terminal, as an operator's shell would.
    const cmd = `${process.execPath} --input-type=module -e "${script.replace(/"/g, '\\"')}"`;
    const res = spawnSync('script', ['-qefc', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('hello there');
    expect(res.stdout).not.toContain('{"level"');
    expect(res.stdout).not.toContain('abc123');
  });
});
