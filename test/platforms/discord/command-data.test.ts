import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/commands/types.ts';
import { commandData } from '../../../src/platforms/discord/command-data.ts';
import { combinedCharacters } from '../../e2e/fake-discord.ts';

const cmd = (c: Partial<Command> & Pick<Command, 'name'>): Command => ({ group: null, description: `${c.name} things`, options: [], handle: () => ({ private: false, text: '' }), ...c });

const commands: Command[] = [
  cmd({ group: 'paper', name: 'now' }),
  cmd({ group: 'paper', name: 'show', options: [{ name: 'paper', description: 'Paper', type: 'string', required: true, autocomplete: 'paper' }] }),
  cmd({ group: 'club', name: 'skip', admin: true }),
  cmd({ group: 'club', name: 'pause', admin: true }),
  cmd({ name: 'signup', options: [{ name: 'week', description: 'Week', type: 'string', autocomplete: 'week' }] }),
  cmd({
    name: 'note',
    options: [
      { name: 'text', description: 'Your note', type: 'string', required: true, long: true, maxLength: 4000 },
      { name: 'paper', description: 'Paper', type: 'string', required: true, autocomplete: 'paper' },
    ],
  }),
  cmd({ name: 'progress', options: [{ name: 'member', description: 'Whose', type: 'member' }, { name: 'weeks', description: 'n', type: 'integer', minValue: 1, maxValue: 12 }] }),
];

describe('commandData', () => {
  const data = commandData(commands);
  const byName = (n: string) => data.find((d) => d.name === n)!;

  it('GIVEN grouped commands THEN each group is one command with subcommands', () => {
    expect(data.map((d) => d.name).sort()).toEqual(['club', 'note', 'paper', 'progress', 'signup']);
    expect(byName('paper').options!.map((o) => [o.name, o.type])).toEqual([
      ['now', ApplicationCommandOptionType.Subcommand],
      ['show', ApplicationCommandOptionType.Subcommand],
    ]);
  });

  it('GIVEN an autocomplete source THEN the option is autocomplete', () => {
    const show = byName('paper').options!.find((o) => o.name === 'show') as any;
    expect(show.options[0]).toMatchObject({ name: 'paper', type: ApplicationCommandOptionType.String, required: true, autocomplete: true });
  });

  it('GIVEN an all-admin group THEN it is still visible to everyone (club admins need not manage the server); none in DMs', () => {
    expect(byName('club').default_member_permissions).toBeNull();
    expect(byName('paper').default_member_permissions).toBeNull();
    expect(data.every((d) => d.dm_permission === false)).toBe(true);
  });

  it('GIVEN a long text option THEN it is optional (the modal collects it) and required options come first', () => {
    expect(byName('note').options!.map((o) => [o.name, o.required])).toEqual([
      ['paper', true],
      ['text', false],
    ]);
  });

  it('GIVEN member and integer options THEN they map to USER and INTEGER with bounds', () => {
    expect(byName('progress').options).toEqual([
      expect.objectContaining({ name: 'member', type: ApplicationCommandOptionType.User }),
      expect.objectContaining({ name: 'weeks', type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 12 }),
    ]);
  });

  it('GIVEN any command THEN names and descriptions fit Discord', () => {
    const all = data.flatMap((d) => [d, ...((d.options ?? []) as any[]), ...((d.options ?? []) as any[]).flatMap((o) => o.options ?? [])]);
    for (const x of all) {
      expect(x.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(x.description.length).toBeGreaterThan(0);
      expect(x.description.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('commandData over the real core commands', async () => {
  const { allCommands } = await import('../../../src/commands/index.ts');
  const data = commandData(allCommands);

  it('GIVEN every core command THEN Discord would accept the set', () => {
    expect(data.length).toBeLessThanOrEqual(100);
    const paths = data.flatMap((d) => ((d.options ?? []) as any[]).filter((o) => o.type === ApplicationCommandOptionType.Subcommand).map((o) => `${d.name} ${o.name}`).concat(d.options?.some((o) => o.type === ApplicationCommandOptionType.Subcommand) ? [] : [d.name]));
    expect(paths).toEqual(expect.arrayContaining(['paper now', 'signup', 'withdraw', 'read', 'note', 'progress', 'club setup']));
    for (const d of data) {
      const leaves = d.options?.some((o) => o.type === ApplicationCommandOptionType.Subcommand) ? (d.options as any[]).map((o) => o.options ?? []) : [d.options ?? []];
      expect(d.options?.length ?? 0).toBeLessThanOrEqual(25);
      for (const opts of leaves as any[][]) {
        expect(opts.length).toBeLessThanOrEqual(25);
        // Discord rejects a required option after an optional one.
        const firstOptional = opts.findIndex((o) => !o.required);
        if (firstOptional >= 0) expect(opts.slice(firstOptional).some((o) => o.required)).toBe(false);
        for (const o of opts) {
          expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
          expect(o.description.length).toBeLessThanOrEqual(100);
          if (o.choices) expect(o.choices.length).toBeLessThanOrEqual(25);
          expect(o.autocomplete && o.choices).toBeFalsy();
        }
      }
      // Discord's per-command size limit: the name, description and value properties of the command, its options
      // (subcommands included) and their choices together at most 8,000 characters (application-commands.mdx,
      // "Registering a Command"), counted as the Discord stand-in counts them.
      expect(combinedCharacters(d as Parameters<typeof combinedCharacters>[0]), d.name).toBeLessThanOrEqual(8000);
    }
    expect(data.every((d) => d.default_member_permissions === null)).toBe(true);
  });
});
