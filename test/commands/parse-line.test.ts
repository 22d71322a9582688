import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.ts';
import { parseCommandLine } from '../../src/commands/parse-line.ts';
import { ADMIN, WHERE, clubFixture } from '../helpers/club-fixture.ts';

const parse = (line: string) => parseCommandLine(line, allCommands);

describe('typed command lines', () => {
  it('GIVEN name:"a quoted value" THEN the value is what stands between the quotes, spaces and inner quotes kept', () => {
    expect(parse('/club setup list:latent-space when:"0 17 * * 3" timezone:Europe/London')).toEqual({
      help: false,
      command: 'club setup',
      args: { list: 'latent-space', when: '0 17 * * 3', timezone: 'Europe/London' },
    });
    expect(parse(`/club schedule when:'wed 17:00' timezone:UTC`).args).toEqual({ when: 'wed 17:00', timezone: 'UTC' });
    expect(parse(`/note paper:lora text:"he said 'use rank 8'"`).args).toEqual({ paper: 'lora', text: "he said 'use rank 8'" });
  });

  it('GIVEN a rest-of-line option with a name:"quoted value" after it THEN the named one is cut out of the rest whole', () => {
    const { args } = parse('/suggest a paper about state space models new:"yes"');
    expect(args['new']).toBe(true);
    expect(args['paper']).toBe('a paper about state space models');
  });

  it('GIVEN name: value with a space, as Discord shows a filled-in option THEN it is read as name:value', async () => {
    expect(parse('/club setup list: latent-space when: "0 17 * * 3" timezone: Europe/London').args).toEqual({ list: 'latent-space', when: '0 17 * * 3', timezone: 'Europe/London' });
    expect(parse('/note paper: lora text: the rank-1 result is wild').args).toEqual({ paper: 'lora', text: 'the rank-1 result is wild' });
    expect(parse('/note text: first "quoted" words paper: lora').args).toEqual({ paper: 'lora', text: 'first "quoted" words' });
    // A word that only looks like a name stays text.
    expect(parse('/note lora "note: read section 3"').args).toMatchObject({ paper: 'lora', text: 'note: read section 3' });
    const f = await clubFixture();
    const r = await f.line(ADMIN, '/club setup list: latent-space when: "0 17 * * 3" timezone: Europe/London');
    expect(r.error, r.text).toBeFalsy();
    expect(await f.core.clubFor(WHERE)).toMatchObject({ cron: '0 17 * * 3', timezone: 'Europe/London', sequenceSlug: 'latent-space' });
  });

  it('GIVEN name:value of a rest-of-line option followed by more words THEN the value goes on to the next option name, as name: value does', async () => {
    expect(parse('/club setup list:latent-space when:thu 18:30 timezone:Europe/Berlin').args).toEqual({ list: 'latent-space', when: 'thu 18:30', timezone: 'Europe/Berlin' });
    expect(parse('/note text:the rank-1 result is wild paper:lora').args).toEqual({ paper: 'lora', text: 'the rank-1 result is wild' });
    // Quoted, or followed by a name, the value is the one word as before.
    expect(parse('/club setup when:"thu 18:30" timezone:UTC').args).toEqual({ when: 'thu 18:30', timezone: 'UTC' });
    expect(parse('/club setup when:wed timezone:UTC').args).toEqual({ when: 'wed', timezone: 'UTC' });
    const f = await clubFixture();
    const r = await f.line(ADMIN, '/club setup list:latent-space when:thu 18:30 timezone:Europe/Berlin');
    expect(r.error, r.text).toBeFalsy();
    expect(await f.core.clubFor(WHERE)).toMatchObject({ cron: '30 18 * * 4', timezone: 'Europe/Berlin' });
  });

  it('GIVEN a choice word (yes) after a rest-of-line option THEN it is the choice and not also part of the rest', async () => {
    expect(parse('/club schedule "thursdays 18:30" Europe/Berlin yes').args).toEqual({ when: '"thursdays 18:30" Europe/Berlin', confirm: 'yes' });
    expect(parse('/club schedule "thursdays 18:30" Europe/Berlin').args).toEqual({ when: '"thursdays 18:30" Europe/Berlin' });
    // The organiser's run: the preview offered the change, the same words with yes make it.
    const f = await clubFixture();
    await f.setup();
    const r = await f.line(ADMIN, '/club schedule "thursdays 18:30" Europe/Berlin yes');
    expect(r.error, r.text).toBeFalsy();
    expect(await f.core.clubFor(WHERE)).toMatchObject({ timezone: 'Europe/Berlin' });
  });

  it('GIVEN the line an organiser types in the playground THEN the club is set up as asked', async () => {
    const f = await clubFixture();
    const r = await f.line(ADMIN, '/club setup list:latent-space when:"0 17 * * 3" timezone:Europe/London');
    expect(r.error).toBeFalsy();
    expect(await f.core.clubFor(WHERE)).toMatchObject({ cron: '0 17 * * 3', timezone: 'Europe/London', sequenceSlug: 'latent-space' });
  });
});
