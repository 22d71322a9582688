import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/secret-box.ts';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('GIVEN a sealed secret THEN it opens with its key and row, and sealing twice gives two different texts', () => {
    const box = createSecretBox(key);
    const a = box.seal('xoxb-123-secret', 'T1');
    const b = box.seal('xoxb-123-secret', 'T1');
    expect(a).not.toBe(b); // a fresh nonce each time
    expect(a).not.toContain('xoxb');
    expect(box.open(a, 'T1')).toBe('xoxb-123-secret');
    expect(box.open(b, 'T1')).toBe('xoxb-123-secret');
  });

  it.each([
    ['another key', (s: string) => createSecretBox(randomBytes(32)).open(s, 'T1')],
    ['another row', (s: string) => createSecretBox(key).open(s, 'T2')],
    ['one character changed', (s: string) => createSecretBox(key).open(s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1), 'T1')],
    ['cut short', (s: string) => createSecretBox(key).open(s.slice(0, 20), 'T1')],
  ])('GIVEN %s THEN it does not open', (_what, open) => {
    const sealed = createSecretBox(key).seal('xoxb-123-secret', 'T1');
    expect(() => open(sealed)).toThrow();
  });

  it('GIVEN a key that is not 32 bytes THEN no box is made', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
