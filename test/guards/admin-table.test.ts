/**
 * Table (b) of issue 23: who may run the admin commands. Every admin command, named here by hand (never read from
 * the commands' own `admin` flags, so dropping a flag fails a row), × (member, club admin, server admin) →
 * refused / allowed. A refusal must say so and leave every row of every table as it was; an allowance must run the
 * command to its end (valid arguments, no error). Adding a command that is in neither list below fails the
 * completeness test.
 */
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.ts';
import { commandPath, type Args } from '../../src/commands/types.ts';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { ADMIN, CLUB_ADMIN, guardWorld, MEMBER, OTHER, OURS, type GuardWorld } from './guard-world.ts';

type Role = 'member' | 'club admin' | 'server admin';
const ROLES: Record<Role, UserRef> = { member: MEMBER, 'club admin': CLUB_ADMIN, 'server admin': ADMIN };
const member = (u: UserRef) => ({ userId: u.userId, displayName: u.displayName });

/**
 * The admin commands, each with arguments that make it succeed and what must hold first (run by the server admin).
 * Who may run it: written out per role.
 */
const ADMIN_COMMANDS: Array<{ path: string; args: Args; before?: (w: GuardWorld) => Promise<unknown>; allowed: Record<Role, boolean> }> = [
  { path: 'club setup', args: { list: 'club-list', when: '0 18 * * 4', timezone: 'UTC' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club schedule', args: { when: 'thu 18:00', timezone: 'UTC' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club skip', args: { week: '2' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  {
    path: 'club unskip',
    args: { date: '2026-11-11' },
    before: (w) => w.run(ADMIN, 'club skip', { week: '2026-11-11' }),
    allowed: { member: false, 'club admin': true, 'server admin': true },
  },
  { path: 'club pick', args: { paper: 'Delta Baseline Paper Four' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club vote', args: { candidates: 'Alpha Baseline Paper One; Beta Baseline Paper Two' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club move', args: { paper: 'Delta Baseline Paper Four', week: '2' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club pause', args: {}, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club resume', args: {}, before: (w) => w.run(ADMIN, 'club pause'), allowed: { member: false, 'club admin': true, 'server admin': true } },
  {
    path: 'club import',
    args: { file: { name: 'mine.md', content: '# Mine\n\n- [A Paper Of Our Own Choosing](https://example.com/own-choice)\n' }, slug: 'mine' },
    allowed: { member: false, 'club admin': true, 'server admin': true },
  },
  { path: 'club export', args: {}, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club assign', args: { member: member(OTHER), week: '1' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  {
    path: 'club clear',
    args: { week: '1' },
    before: (w) => w.run(ADMIN, 'club assign', { member: member(OTHER), week: '1' }),
    allowed: { member: false, 'club admin': true, 'server admin': true },
  },
  { path: 'club settings', args: { presenters: 2 }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club calendar-link', args: {}, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club page', args: { mode: 'on', leaderboard: true }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club admin', args: { member: member(OTHER), action: 'add' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club rotation', args: { mode: 'on' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
  { path: 'club remove', args: { confirm: 'yes' }, allowed: { member: false, 'club admin': true, 'server admin': true } },
];

/** Commands every member may run (their own data, or reading): also by hand, so each command is placed once. */
const MEMBER_COMMANDS = [
  'paper now', 'paper upcoming', 'paper calendar', 'paper history', 'paper show', 'paper search', 'paper lists', 'paper list', 'paper links',
  'signup', 'withdraw', 'rotation join', 'rotation leave', 'suggest', 'suggestions', 'unsuggest', 'read', 'unread', 'note', 'notes',
  'editnote', 'deletenote', 'progress', 'leaderboard',
];

describe('GIVEN a club, a member, a club admin and a server admin (table b: admin commands)', () => {
  for (const row of ADMIN_COMMANDS) {
    it(`THEN /${row.path} is ${Object.entries(row.allowed).map(([r, ok]) => `${ok ? 'allowed' : 'refused'} to a ${r}`).join(', ')}`, async () => {
      for (const role of Object.keys(ROLES) as Role[]) {
        const w = await guardWorld();
        if (row.before) expect(((await row.before(w)) as { error?: boolean }).error, `${row.path}: before`).toBeFalsy();
        // The member row exists before the snapshot (any command records who ran it).
        await w.run(ROLES[role], 'paper lists');
        const before = await w.everything();
        const reply = await w.run(ROLES[role], row.path, row.args, OURS);
        if (row.allowed[role]) {
          expect(reply.error ? `${role}: ${reply.text}` : 'ran', row.path).toBe('ran');
        } else {
          expect(reply.error, `${row.path} by a ${role}`).toBe(true);
          expect(reply.text).toBe(`/${row.path} is for club admins (Manage Server on Discord, workspace admins on Slack).`);
          expect(await w.everything(), `${row.path} by a ${role} changed data`).toEqual(before);
        }
        await w.db.close();
      }
    });
  }

  it('THEN every member command runs for a member without an admin refusal', async () => {
    const w = await guardWorld();
    for (const path of MEMBER_COMMANDS) {
      const reply = await w.run(MEMBER, path, {});
      expect(reply.text, path).not.toMatch(/is for club admins/);
    }
  });
});

describe('GIVEN the admin table (completeness)', () => {
  it('THEN every registered command is in exactly one of the hand-written lists, and each listed name is registered', () => {
    const registered = allCommands.map(commandPath).sort();
    const listed = [...ADMIN_COMMANDS.map((r) => r.path), ...MEMBER_COMMANDS].sort();
    expect(listed).toEqual(registered);
  });
});
