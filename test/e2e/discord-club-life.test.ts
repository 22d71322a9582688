/**
 * Club life on Discord (issue 12), end to end: the real discord.js client against the local stand-in. The rotation
 * asks a volunteer by DM with Accept / Pass buttons (pressed in the DM, outside any guild); a started meeting's post
 * is edited to "I was there" and "Add slides / recording"; that button opens a modal whose submit adds a link,
 * posted in the post's thread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import { discordWorld } from './discord-world.ts';
import { rowsOf } from '../helpers/sql.ts';

const EPHEMERAL = 64;
const HOUR = 3_600_000;

async function startWorld() {
  const w = await discordWorld({ scheduler: { concurrency: 1 } });
  return {
    ...w,
    /** The custom ids and labels of a message's buttons. */
    buttons: (message: any): Array<{ label: string; id: string }> =>
      (message.components ?? []).flatMap((row: any) => row.components.map((b: any) => ({ label: b.label, id: b.custom_id }))),
  };
}
type World = Awaited<ReturnType<typeof startWorld>>;

describe('Discord: presenter rotation and meeting wrap-up', () => {
  let w: World;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    const refusals = [...w.fake.refusals];
    const logs = JSON.stringify(w.logger.lines);
    await w.close();
    expect(refusals).toEqual([]);
    expect(logs).not.toContain('e2e-token');
  });

  it('GIVEN the rotation on WHEN a meeting inside the reminder lead has no presenter THEN a volunteer gets a DM with Accept / Pass; Pass moves to the next, whose Accept in the DM signs them up and the channel hears only the outcome', async () => {
    await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    const on = await w.slash(w.users.admin, 'club rotation', { mode: 'on', answer_hours: 2 });
    expect(on.content).toContain('presenter rotation is on');
    expect((await w.slash(w.users.alice, 'rotation join')).flags).toBe(EPHEMERAL);
    await w.slash(w.users.bob, 'rotation join');
    const slot = nextMeetingAt(await w.club(), w.clock().getTime());
    w.clock.set(slot - 47 * HOUR);
    await w.scheduler.runDue();

    const dmAlice = await w.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/dm-${w.users.alice.id}/messages`);
    expect(dmAlice.body.content).toContain('meeting 1');
    expect(dmAlice.body.allowed_mentions).toEqual({ parse: [] });
    const [accept, pass] = w.buttons(dmAlice.body);
    expect([accept!.label, pass!.label]).toEqual(['Accept', 'Pass']);
    const aliceDm = w.fake.messages.get(`dm-${w.users.alice.id}`)!.at(-1)!;

    const passed = await w.fake.waitForAnswer(w.fake.dmButtonClick({ user: w.users.alice, messageId: aliceDm.id, customId: pass!.id }));
    expect(passed.data.content).toContain("I'll ask the next volunteer");

    const since = w.fake.mark();
    w.clock.set(slot - 46 * HOUR);
    await w.scheduler.runDue();
    const dmBob = await w.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/dm-${w.users.bob.id}/messages`, { since });
    const bobAccept = w.buttons(dmBob.body)[0]!;
    // Alice cannot take Bob's turn with his button.
    const stolen = await w.fake.waitForAnswer(w.fake.dmButtonClick({ user: w.users.alice, messageId: aliceDm.id, customId: bobAccept.id }));
    expect(stolen.data.content).toContain('for someone else');

    const bobDm = w.fake.messages.get(`dm-${w.users.bob.id}`)!.at(-1)!;
    const accepted = await w.fake.waitForAnswer(w.fake.dmButtonClick({ user: w.users.bob, messageId: bobDm.id, customId: bobAccept.id }));
    expect(accepted.data.content).toContain('Thank you! You present meeting 1');
    const outcome = await w.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${w.channel}/messages` && String(r.body?.content).includes('will present meeting 1'), { since });
    expect(outcome.body.content).toContain('bob will present meeting 1');
    expect(outcome.body.allowed_mentions).toEqual({ parse: [] });
    const presenters = await rowsOf(w.db, 'SELECT m.user_id AS u FROM sign_ups s JOIN members m ON m.id = s.member_id') as Array<{ u: string }>;
    expect(presenters.map((p) => p.u)).toEqual([w.users.bob.id]);
    // The channel never saw the asks or the pass: only the outcome (and no call for a presenter).
    const channelTexts = (w.fake.messages.get(w.channel) ?? []).map((m) => String(m.content));
    expect(channelTexts.filter((t) => /Nobody has signed up|rotation/i.test(t))).toEqual([]);
  });

  it('GIVEN a started meeting THEN its post is edited to the wrap-up buttons; its presenter opens the modal and the submitted link lands in the post thread; a member is refused the form, marks attendance once and can take it back', async () => {
    await w.slash(w.users.admin, 'club setup', { list: 'latent-space', when: '0 17 * * 3', timezone: 'UTC' });
    await w.slash(w.users.bob, 'signup');
    const slot = nextMeetingAt(await w.club(), w.clock().getTime());
    await w.scheduler.runDue(); // announced ahead
    const post = (w.fake.messages.get(w.channel) ?? []).find((m) => m.embeds?.[0]?.footer?.text?.startsWith('paperclub '))!;
    // Bob fills the meeting's one presenter place: no Sign up button on a full meeting (issue 22).
    expect(w.buttons(post).map((b) => b.label)).toEqual(['Mark read']);

    w.clock.set(slot + 60_000);
    await w.scheduler.runDue();
    const edit = await w.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${w.channel}/messages/${post.id}`);
    const wrapUp = w.buttons(edit.body);
    expect(wrapUp.map((b) => b.label)).toEqual(['Mark read', 'I was there', 'Add slides / recording']);
    const [, attend, links] = wrapUp;

    const refused = await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.alice, channelId: w.channel, messageId: post.id, customId: links!.id }));
    expect(refused.data.flags).toBe(EPHEMERAL);
    expect(refused.data.content ?? refused.data.embeds?.[0]?.description).toContain("Only meeting 1's presenters");

    const click = w.fake.buttonClick({ user: w.users.bob, channelId: w.channel, messageId: post.id, customId: links!.id });
    const cb = await w.fake.waitForCallback(click.id);
    expect(cb.body.type).toBe(9);
    expect(cb.body.data.components.map((c: any) => c.component.custom_id)).toEqual(['url', 'label']);

    const since = w.fake.mark();
    const submit = w.fake.modalSubmit({ user: w.users.bob, channelId: w.channel, customId: cb.body.data.custom_id, fields: { url: 'https://docs.google.com/presentation/d/xyz', label: '' } });
    const added = await w.fake.waitForAnswer(submit);
    expect(added.data.content).toContain('Added Slides to meeting 1');
    const threadMsg = await w.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${post.id}/messages`, { since });
    expect(threadMsg.body.content).toContain('📎 Slides for meeting 1');
    expect(threadMsg.body.allowed_mentions).toEqual({ parse: [] });

    const first = await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.alice, channelId: w.channel, messageId: post.id, customId: attend!.id }));
    expect(first.data.content).toContain('you were at meeting 1');
    const again = await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.alice, channelId: w.channel, messageId: post.id, customId: attend!.id }));
    expect(again.data.content).toContain('Taken back');
    const third = await w.fake.waitForAnswer(w.fake.buttonClick({ user: w.users.alice, channelId: w.channel, messageId: post.id, customId: attend!.id }));
    expect(third.data.content).toContain('you were at meeting 1');
    const progress = await w.slash(w.users.alice, 'progress');
    expect(progress.content ?? progress.embeds?.[0]?.description).toContain('You were at 1 meeting.');
  });
});
