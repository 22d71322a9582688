import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../src/logger.ts';

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
