import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.ts';
import { isEmoji, validateArgs } from '../../src/commands/validate-args.ts';
import { commandPath, type ArgValue, type Args, type Command, type OptionSpec } from '../../src/commands/types.ts';
import { checkRegionZone } from '../../src/calendar/region-zone.ts';
import { ADMIN, ALICE, BOB, WHERE, clubFixture } from '../helpers/club-fixture.ts';
import { valueOf } from '../helpers/sql.ts';

/** Club tables, plus the catalog's size: what a refused command must leave as it was. */
function dump(db: Awaited<ReturnType<typeof clubFixture>>['db']): string {
  const tables = db
    .sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'papers%' AND name NOT LIKE 'sqlite%' AND name <> 'list_entries' ORDER BY name`)
    .pluck()
    .all() as string[];
  const rows = tables.map((t) => `${t}:${JSON.stringify(db.sqlite.prepare(`SELECT * FROM "${t}"`).raw().all())}`);
  rows.push(`papers:${db.sqlite.prepare('SELECT count(*) FROM papers').pluck().get()}`, `entries:${db.sqlite.prepare('SELECT count(*) FROM list_entries').pluck().get()}`);
  return rows.join('\n');
}

/** A value of the right form for an option (the handler may still refuse it: only its form is right). */
function validValue(o: OptionSpec): ArgValue {
  if (o.choices) return o.choices[0]!.value;
  switch (o.type) {
    case 'integer':
      return o.minValue ?? 1;
    case 'boolean':
      return true;
    case 'member':
      return { userId: BOB.userId, displayName: BOB.displayName };
    case 'attachment':
      return { name: 'list.md', content: '# A list\n\n1. [LoRA](https://arxiv.org/abs/2106.09685)\n' };
  }
  const byKind: Record<string, string> = { emoji: '📖', timezone: 'Europe/London', week: '3', date: '2026-12-16', cron: '0 18 * * 4', slug: 'latent-space' };
  return o.kind ? byKind[o.kind]! : o.name === 'confirm' ? 'no' : 'lora';
}

/** Values of the wrong form for an option: every option gets at least one. */
function malformedValues(o: OptionSpec): ArgValue[] {
  switch (o.type) {
    case 'integer':
      return ['abc', '1.5', 1.5, ...(o.minValue !== undefined ? [o.minValue - 1] : []), ...(o.maxValue !== undefined ? [o.maxValue + 1] : []), 1e20];
    case 'boolean':
      return ['maybe'];
    case 'member':
      return ['not-a-member!!', { userId: '', displayName: '' } as never];
    case 'attachment':
      return ['just-some-text'];
  }
  const tooLong = 'x'.repeat((o.maxLength ?? 500) + 1);
  if (o.choices) return ['frobnicate', tooLong];
  const byKind: Record<string, string[]> = {
    emoji: ['2', 'notanemoji', 'two-words✅', '<:bad:>'],
    timezone: ['EST', 'PST', 'CET', 'IST', 'UTC+2', 'Mars/Olympus', 'EST5EDT'],
    week: ['-1', '1.5', '0', '1000000000', '2026-13-45', '+2', '12/10', '31 Feb', 'Wed 17 Dec 2026'],
    paper: ['-1', '1.5', '0', '1000000000', '12/10', '31 Feb'],
    date: ['13/13/2026', '2026-02-30', 'soon', '12/10'],
    cron: ['* * *', '0 17 * * 3 extra', 'every-day'],
    slug: ['Not_A!Slug', '-leading'],
  };
  return [...(o.kind ? byKind[o.kind]! : []), tooLong];
}

/** Text that must never reach a member. */
const BROKEN = /undefined|NaN|\[object|Something went wrong/;

describe('argument validation for every command', () => {
  it('GIVEN every command WHEN run with no arguments and with each argument malformed, as admin and as member THEN no crash, no broken text, and refused calls change nothing', async () => {
    const f = await clubFixture();
    await f.setup();
    await f.post('post-1');
    await f.line(ALICE, '/note lora first note');
    await f.line(ALICE, '/read lora');
    await f.line(BOB, '/signup');
    let refusedByValidator = 0;
    let checked = 0;

    const check = async (label: string, call: () => Promise<{ text: string; error?: boolean }>, expectRefusal: boolean) => {
      const before = dump(f.db);
      const reply = await call();
      checked++;
      expect(reply.text, label).not.toMatch(BROKEN);
      if (expectRefusal) expect(reply.error, `${label} should be refused: ${reply.text}`).toBe(true);
      if (reply.error) expect(dump(f.db), `${label} was refused but changed the database`).toBe(before);
      if (/\nUsage: `\//.test(reply.text)) refusedByValidator++;
      return reply;
    };

    for (const cmd of allCommands) {
      const path = commandPath(cmd);
      for (const user of [ADMIN, ALICE]) {
        const who = user === ADMIN ? 'admin' : 'member';
        // No arguments: typed (Discord) and as a text line (Slack, console).
        const requiredMissing = cmd.options.some((o) => o.required && !o.long);
        const bare = await check(`${who} /${path} {}`, () => f.run(user, path, {}), requiredMissing);
        if (requiredMissing && (user === ADMIN || !cmd.admin)) expect(bare.text, path).toContain(`Usage: \`/${path}`);
        await check(`${who} /${path} (line)`, () => f.line(user, `/${path}`), requiredMissing);

        // Each argument malformed, the others well-formed, so the refusal is about that argument.
        const good: Args = Object.fromEntries(cmd.options.map((o) => [o.name, validValue(o)]));
        for (const opt of cmd.options) {
          const bad = malformedValues(opt);
          expect(bad.length, `${path} ${opt.name} has a malformed case`).toBeGreaterThan(0);
          for (const value of bad) {
            const label = `${who} /${path} ${opt.name}=${JSON.stringify(value).slice(0, 40)}`;
            const reply = await check(label, () => f.run(user, path, { ...good, [opt.name]: value }), true);
            if (user === ADMIN || !cmd.admin) expect(reply.text, label).toMatch(/\nUsage: `\//);
            if (typeof value === 'string' && !/\s/.test(value)) {
              await check(`${label} (line)`, () => f.line(user, `/${path} ${opt.name}:${value}`), true);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(refusedByValidator).toBeGreaterThan(100);
    expect(f.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('the issue 9 cases, as members type them', () => {
  it('GIVEN /club settings WHEN the emoji is a bare word or number THEN it is refused and the read emoji stays', async () => {
    const f = await clubFixture();
    await f.setup();
    for (const line of ['/club settings 2', '/club settings emoji:notanemoji', '/club settings emoji:2']) {
      const r = await f.line(ADMIN, line);
      expect(r.error, line).toBe(true);
      // Typed: the voice options (Discord's channel picker) are not shown, as they cannot be typed.
      expect(r.text, line).toMatch(/is not an emoji[\s\S]*Usage: `\/club settings \[emoji\] \[presenters\] \[reminder_hours\] \[announce_days\] \[link\]`$/);
    }
    expect((await f.core.clubFor(WHERE))!.readEmoji).toBe('✅');
    expect((await f.line(ADMIN, '/club settings 📖')).error).toBeFalsy();
    expect((await f.core.clubFor(WHERE))!.readEmoji).toBe('📖');
    expect((await f.run(ADMIN, 'club settings', { emoji: '<:paper:123456789012345678>' })).error).toBeFalsy();
    expect((await f.line(ADMIN, '/club settings :white_check_mark:')).error).toBeFalsy();
    expect((await f.core.clubFor(WHERE))!.readEmoji).toBe('✅');
  });

  it('GIVEN a text UI (Slack, playground) THEN options only a picker fills are neither shown nor accepted; Discord still has them', async () => {
    const f = await clubFixture();
    await f.setup();
    const help = await f.line(ADMIN, 'help club');
    expect(help.text).toMatch(/`\/club settings \[emoji\] \[presenters\] \[reminder_hours\] \[announce_days\] \[link\]` —/);
    expect(help.text).not.toMatch(/voice/);
    for (const line of ['/club settings voice:lounge', '/club settings no_voice:yes']) {
      const r = await f.line(ADMIN, line);
      expect(r.error, line).toBe(true);
      expect(r.text, line).toMatch(/^(no_)?voice goes with Discord's channel picker and cannot be typed here\.\nUsage: `\/club settings \[emoji\] \[presenters\] \[reminder_hours\] \[announce_days\] \[link\]`$/);
    }
    // Structured options (Discord): the usage names them, and a bad value is refused with it.
    const discord = await f.run(ADMIN, 'club settings', { presenters: 0 });
    expect(discord.error).toBe(true);
    expect(discord.text).toMatch(/Usage: `\/club settings \[emoji\] \[presenters\] \[reminder_hours\] \[announce_days\] \[link\] \[voice\] \[no_voice\]`/);
  });

  it('GIVEN a mistyped option name THEN the command is refused (naming the options it takes) and nothing changes', async () => {
    const f = await clubFixture();
    await f.setup();
    const before = await f.line(ADMIN, '/paper upcoming');
    const r = await f.run(ADMIN, 'club skip', { date: '2026-12-09' });
    expect(r.error).toBe(true);
    expect(r.text).toMatch(/\/club skip has no option 'date' \(it takes week\)\.[\s\S]*Usage: `\/club skip \[meeting\|date\]`/);
    expect((await f.line(ADMIN, '/paper upcoming')).text).toBe(before.text);
    const typed = await f.line(ADMIN, '/club settings remind_hours:12');
    expect(typed.error).toBe(true); // typed, an unknown name:value is taken as text for the first option, and refused there
    expect((await f.core.clubFor(WHERE))!.reminderLeadMinutes).toBe(48 * 60);
  });

  it('GIVEN presenters and reminder hours out of range THEN refused with the range', async () => {
    const f = await clubFixture();
    await f.setup();
    expect((await f.line(ADMIN, '/club settings presenters:6')).text).toMatch(/presenters must be a whole number from 1 to 5, not '6'/);
    expect((await f.run(ADMIN, 'club settings', { presenters: 0 })).text).toMatch(/from 1 to 5/);
    expect((await f.run(ADMIN, 'club settings', { reminder_hours: 10_000 })).text).toMatch(/reminder hours must be a whole number from 1 to 336/);
    expect((await f.core.clubFor(WHERE))!.presentersPerMeeting).toBe(1);
  });

  it.each([
    ['EST', 'America/New_York'],
    ['PST', 'America/Los_Angeles'],
    ['CET', 'Europe/Berlin'],
    ['IST', 'Asia/Kolkata'],
  ])('GIVEN the abbreviation %s as a zone THEN it is refused with the hint %s', async (abbr, region) => {
    const f = await clubFixture();
    await f.setup();
    const r = await f.line(ADMIN, `/club schedule "0 17 * * 3" ${abbr}`);
    expect(r.error).toBe(true);
    expect(r.text).toContain(`${abbr} is an abbreviation; use a region such as ${region}`);
    expect((await f.core.clubFor(WHERE))!.timezone).toBe('UTC');
  });

  it('GIVEN offsets, legacy names and case slips as zones THEN offsets are refused and region names are stored as spelled by IANA', () => {
    expect(checkRegionZone('UTC+2')).toMatchObject({ problem: expect.stringMatching(/fixed offset/) });
    expect(checkRegionZone('Etc/GMT-2')).toMatchObject({ problem: expect.stringMatching(/fixed offset/) });
    expect(checkRegionZone('EST5EDT')).toMatchObject({ problem: expect.stringMatching(/not a region time zone/) });
    expect(checkRegionZone('Mars/Olympus')).toMatchObject({ problem: expect.stringMatching(/not a time zone I know/) });
    expect(checkRegionZone('europe/london')).toEqual({ zone: 'Europe/London' });
    expect(checkRegionZone('utc')).toEqual({ zone: 'UTC' });
    expect(checkRegionZone('America/Argentina/Buenos_Aires')).toEqual({ zone: 'America/Argentina/Buenos_Aires' });
  });

  it('GIVEN the time zone autocomplete THEN every zone it offers is one the validator accepts', async () => {
    const f = await clubFixture();
    for (const q of ['', 'a', 'e', 'america', 'europe', 'asia', 'utc', 'gmt', 'est']) {
      for (const c of await f.core.suggest({ where: WHERE, user: ALICE, source: 'timezone', query: q })) {
        expect(checkRegionZone(c.value), c.value).toEqual({ zone: c.value });
      }
    }
  });

  it('GIVEN /club admin with a bad action or no member THEN usage, never a TypeError, and nobody becomes admin', async () => {
    const f = await clubFixture();
    await f.setup();
    const bad = await f.line(ADMIN, '/club admin @alice frobnicate');
    expect(bad.error).toBe(true);
    expect(bad.text).toMatch(/action must be add or remove, not 'frobnicate'[\s\S]*Usage: `\/club admin <member> \[add\|remove\]`/);
    for (const r of [await f.line(ADMIN, '/club admin'), await f.run(ADMIN, 'club admin', {}), await f.line(ADMIN, '/club assign'), await f.run(ADMIN, 'club assign', { week: '2' })]) {
      expect(r.error).toBe(true);
      expect(r.text).toMatch(/needs a member[\s\S]*Usage:/);
    }
    expect(await valueOf(f.db, 'SELECT count(*) FROM club_admins')).toBe(0);
    expect((await f.line(ALICE, '/paper now')).error).toBeFalsy();
    expect(f.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it.each(['-1', '1.5', '0', '+2', '1,5'])('GIVEN /signup %s THEN "not a meeting number", no sign-up', async (week) => {
    const f = await clubFixture();
    await f.setup();
    const r = await f.line(ALICE, `/signup ${week}`);
    expect(r.error).toBe(true);
    expect(r.text).toContain(`'${week}' is not a meeting number`);
    expect(r.text).not.toMatch(/did you mean/i);
    expect(await valueOf(f.db, 'SELECT count(*) FROM sign_ups')).toBe(0);
  });

  it('GIVEN week arguments in every accepted form THEN the validator writes each canonically (the meeting is resolved later)', () => {
    const signup = allCommands.find((c) => commandPath(c) === 'signup')!;
    const forms: Array<[string, string]> = [
      ['3', '3'],
      ['#12', '12'],
      ['2026-12-16', '2026-12-16'],
      ['16 Dec', '2026-12-16'],
      ['lora', 'lora'],
      ['attention is all you need', 'attention is all you need'],
      ['2106.09685', '2106.09685'],
      ['"1984"', '"1984"'],
    ];
    for (const [week, canonical] of forms) expect(validateArgs(signup, { week }, false, '2026-12-07').week, week).toBe(canonical);
    expect(() => validateArgs(signup, { week: '2026-02-30' }, false, '2026-12-07')).toThrow(/not a date/);
  });

  it('GIVEN /club move to a huge week THEN refused, not clamped', async () => {
    const f = await clubFixture();
    await f.setup();
    const before = dump(f.db);
    const r = await f.line(ADMIN, '/club move lora 1000000000');
    expect(r.error).toBe(true);
    expect(r.text).toMatch(/There is no meeting 1000000000; meeting numbers go up to 10000/);
    expect((await f.line(ADMIN, '/club move lora')).text).toMatch(/needs a meeting or date[\s\S]*Usage: `\/club move <paper> <meeting\|date>( \[yes\])?`/);
    expect(dump(f.db)).toBe(before);
  });

  it('GIVEN the usage line in errors THEN it is the same text help shows', async () => {
    const f = await clubFixture();
    await f.setup();
    const help = await f.line(ALICE, 'help club');
    const err = await f.line(ADMIN, '/club clear');
    const usage = /Usage: `([^`]+)`/.exec(err.text)![1]!;
    expect(help.text).toContain(`\`${usage}\``);
  });

  it('GIVEN /note with a multi-word paper and a quoted note THEN the words name the paper and the quote is the note', async () => {
    const { parseCommandLine } = await import('../../src/commands/parse-line.ts');
    expect(parseCommandLine('/note attention is all you need "skip connections matter"', allCommands).args).toEqual({
      paper: 'attention is all you need',
      text: 'skip connections matter',
    });
    // Unquoted, where the title ends is the catalog's question: the words go on as typed (arguments.ts splits them).
    expect(parseCommandLine('/note lora my plain note', allCommands).args).toEqual({ paper: 'lora', text: 'my plain note', unquoted: 'lora my plain note' });
    expect(parseCommandLine('/editnote 3 "new text"', allCommands).args).toEqual({ id: 3, text: 'new text' });
  });

  it('GIVEN a line with words no option takes THEN it is refused, not silently dropped', async () => {
    const f = await clubFixture();
    await f.setup();
    const r = await f.line(ALICE, '/paper now please');
    expect(r.error).toBe(true);
    expect(r.text).toMatch(/Unexpected 'please': this command takes no arguments[\s\S]*Usage: `\/paper now`/);
  });

  it('GIVEN emoji forms THEN single emoji pass, words and pairs do not', () => {
    for (const ok of ['✅', '📖', '👍🏽', '👩‍💻', '🇫🇷', '2️⃣', '❤️', '<:club:123456789012345678>', '<a:spin:123456789012345678>', ':white_check_mark:', ':+1::skin-tone-3:']) {
      expect(isEmoji(ok), ok).toBe(true);
    }
    for (const bad of ['2', 'notanemoji', '✅✅', 'ok ✅', ':not an emoji:', '<:x:1>', '']) expect(isEmoji(bad), bad).toBe(false);
  });
});

describe('Discord registration follows the spec', () => {
  it('GIVEN the registered command data THEN every integer range, choice list and text limit is the core spec', async () => {
    const { commandData } = await import('../../src/platforms/discord/command-data.ts');
    const data = commandData(allCommands);
    const find = (c: Command) => {
      const top = data.find((d) => d.name === (c.group ?? c.name))!;
      const leaf = c.group ? (top.options as Array<{ name: string; options?: unknown[] }>).find((o) => o.name === c.name)! : top;
      return (leaf.options ?? []) as Array<Record<string, unknown>>;
    };
    for (const c of allCommands) {
      for (const o of c.options) {
        const reg = find(c).find((x) => x.name === o.name)!;
        expect(reg, `${commandPath(c)} ${o.name}`).toBeDefined();
        if (o.type === 'integer') {
          expect(reg.min_value, `${commandPath(c)} ${o.name}`).toBe(o.minValue);
          expect(reg.max_value, `${commandPath(c)} ${o.name}`).toBe(o.maxValue);
        }
        if (o.type === 'string') expect(reg.max_length, `${commandPath(c)} ${o.name}`).toBe(Math.min(o.maxLength ?? 500, 6000));
        if (o.choices) expect(reg.choices, `${commandPath(c)} ${o.name}`).toEqual(o.choices);
      }
    }
  });
});
