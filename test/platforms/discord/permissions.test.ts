/**
 * The invite permissions integer, computed from the bit positions in Discord's permission table
 * (https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags), not copied from the
 * code: the code's constant, the README and docs/discord.md must all say the same number.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_PERMISSIONS, INVITE_PERMISSIONS, POLL_PERMISSIONS, REQUIRED_PERMISSIONS } from '../../../src/platforms/discord/permissions.ts';

/** What the bot uses, by Discord's bit positions. */
const BITS: Record<string, number> = {
  'Add Reactions': 6,
  'View Channel': 10,
  'Send Messages': 11,
  'Embed Links': 14,
  'Read Message History': 16,
  Connect: 20,
  'Create Public Threads': 35,
  'Send Messages in Threads': 38,
  'Create Events': 44,
  'Send Polls': 49,
};

describe('Discord invite permissions', () => {
  const expected = Object.values(BITS).reduce((all, bit) => all | (1n << BigInt(bit)), 0n);

  it('GIVEN the bits the bot needs THEN the invite integer is their sum, and each named bit is the one Discord documents', () => {
    expect(INVITE_PERMISSIONS).toBe(expected);
    expect(String(expected)).toBe('580851378244672');
    for (const [bit, name] of [...REQUIRED_PERMISSIONS, ...EVENT_PERMISSIONS, ...POLL_PERMISSIONS]) expect(bit, name).toBe(1n << BigInt(BITS[name]!));
    // Manage Events (1 << 33) is not asked for: the bot edits and cancels only events it made.
    expect(INVITE_PERMISSIONS & (1n << 33n)).toBe(0n);
  });

  it('GIVEN the README and docs/discord.md THEN every permissions integer they give is the code\'s', () => {
    for (const file of ['README.md', 'docs/discord.md']) {
      const text = readFileSync(file, 'utf8');
      const numbers = [...text.matchAll(/permissions(?: integer)?[^0-9\n]{0,40}(\d{9,})|permissions=(\d+)/gi)].map((m) => m[1] ?? m[2]);
      expect(numbers.length, file).toBeGreaterThan(0);
      for (const n of numbers) expect(n, file).toBe(String(INVITE_PERMISSIONS));
    }
  });
});
