import {
  askButtons,
  askText,
  noVolunteerText,
  startedWithoutVolunteerText
} from '../render/rotation-text.ts';
import type { Club } from '../club/types.ts';
import type { Delivery } from '../club/ports.ts';
import type { Logger } from '../logger.ts';
import { formatSlot } from '../render/format.ts';
import { withRetry } from './retry.ts';
import { startedMeetingAt } from './wrap-up.ts';
import { errorText, iso, type RunDeps, type RunState } from './types.ts';

/** At most this many volunteers are tried in one run when DMs cannot be delivered (closed DMs). */
const MAX_TRIES_PER_RUN = 5;

/**
 * The presenter rotation's step (issue 12), inside the reminder window of the club's next meeting, after the
 * reminders: when the meeting has no presenter and the rotation is on, ask one volunteer at a time by DM with
 * Accept / Pass (rules in club/rotation.ts). An ask whose answer time passed counts as a pass. When nobody is
 * left, the channel is told once ("no volunteer — sign up with /signup"); an accepted ask is announced by the core.
 * A meeting that got a presenter another way withdraws the open ask.
 *
 * The ask is recorded before the DM goes out: a crash between the two leaves an ask nobody saw, which times out and
 * moves on, rather than asking the same person twice. A DM that cannot be delivered moves on at once.
 */
export async function askRotation(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<void> {
  const store = deps.port.store;
  await tellStartedOutcome(deps, run, club, delivery, log);
  const upcoming = deps.slots.next(club, run.now);
  if (run.now < upcoming - club.reminderLeadMinutes * 60_000) return;
  const rotation = await store.rotationOf(club.id);
  if (!rotation) return;
  if ((await store.presentersAt(club.id, upcoming)).length) {
    if (await store.withdrawAsks(club.id, upcoming, run.now)) log.info('rotation ask withdrawn: the meeting has a presenter', { slot: iso(upcoming) });
    return;
  }
  // The "no volunteer" message is the meeting's call for a presenter: recorded under that kind, so the reminder step
  // (and the sweep's scan) see it as sent, also if the rotation is turned off afterwards.
  if (await store.reminderSent(club.id, upcoming, 'call-for-presenter')) return;
  if (await store.expireAsks(club.id, upcoming, run.now)) log.info('rotation ask timed out: asking the next volunteer', { slot: iso(upcoming) });
  if (await store.openAsk(club.id, upcoming)) return;
  const [plan] = await store.planUpcoming(club, run.now, 1);
  if (!plan || plan.slotAt !== upcoming || plan.status === 'skipped' || plan.status === 'missed' || !plan.paper) return;
  const rlog = log.child({ slot: iso(upcoming), step: 'rotation' });
  for (let tries = 0; tries < MAX_TRIES_PER_RUN; tries++) {
    const member = await store.nextVolunteer(club.id, upcoming, run.now);
    if (!member || !delivery.askPrivately) break;
    const answerBy = Math.min(run.now + rotation.answerMinutes * 60_000, upcoming);
    const ask = await store.recordAsk(club.id, upcoming, member.id, run.now, answerBy);
    const text = askText(club, plan, answerBy);
    const when = formatSlot(upcoming, club.timezone);
    try {
      await delivery.askPrivately(club, member, text, askButtons(ask), { time: { at: upcoming, text: when } });
      run.report.reminders.push({ clubId: club.id, slotAt: upcoming, kind: `rotation-ask:${member.id}` });
      rlog.info('rotation: volunteer asked', { memberId: member.id, answerBy: iso(answerBy) });
      return;
    } catch (err) {
      await store.closeAsk(ask.id, 'undeliverable', run.now);
      rlog.warn('rotation: could not ask a volunteer privately; asking the next', { memberId: member.id, err: errorText(err) });
    }
  }
  if ((await store.nextVolunteer(club.id, upcoming, run.now)) && delivery.askPrivately) return; // more to try next run
  // Nobody left: the channel hears it once, with how to sign up.
  const result = await withRetry(
    deps.retry,
    deps.sleep,
    () => delivery.notifyClub(club, noVolunteerText(plan, club), { time: { at: upcoming, text: formatSlot(upcoming, club.timezone) } }),
    (err, attempt) => rlog.warn('rotation: channel message failed', { attempt, err: errorText(err) }),
  );
  if (!result.ok) {
    rlog.warn('rotation: could not tell the channel there is no volunteer; the next run tries again', { err: result.error });
    return;
  }
  await store.recordReminder(club.id, upcoming, 'call-for-presenter', run.now);
  run.report.reminders.push({ clubId: club.id, slotAt: upcoming, kind: 'call-for-presenter' });
  rlog.info('rotation: no volunteer left; the channel was told');
}

/**
 * The rotation always reports how it ended: a meeting that started while volunteers were still being asked (or before
 * all of them had been) and has no presenter is said so in the channel, once; open asks are closed.
 */
async function tellStartedOutcome(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<void> {
  const store = deps.port.store;
  const started = startedMeetingAt(deps, club, run.now);
  if (started === null) return;
  const asks = await store.asksFor(club.id, started);
  if (!asks.length || (await store.presentersAt(club.id, started)).length) return;
  if ((await store.reminderSent(club.id, started, 'call-for-presenter')) || (await store.reminderSent(club.id, started, 'rotation-outcome'))) return;
  const meeting = await store.getMeeting(club.id, started);
  if (!meeting || meeting.paperId === null || (meeting.status !== 'posted' && meeting.status !== 'done')) return;
  await store.expireAsks(club.id, started, Number.MAX_SAFE_INTEGER);
  const shown = { number: meeting.number, paper: await store.getPaper(meeting.paperId), slotAt: started };
  try {
    await delivery.notifyClub(club, startedWithoutVolunteerText(shown, club, asks.length));
    await store.recordReminder(club.id, started, 'rotation-outcome', run.now);
    log.info('rotation: the meeting started without a volunteer; the channel was told', { slot: iso(started) });
  } catch (err) {
    log.warn('rotation: could not tell the channel how the rotation ended; the next run tries again', { err: errorText(err) });
  }
}
