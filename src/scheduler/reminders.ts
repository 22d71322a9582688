import { filterInOrder } from '../in-order.ts';
import type { Club } from '../club/types.ts';
import type { Logger } from '../logger.ts';
import type { Delivery } from '../club/ports.ts';
import { formatSlot, localDate } from '../render/format.ts';
import { isPermanentFailure, parkIfPermanent } from './club-health.ts';
import { withRetry } from './retry.ts';
import { errorText, iso, type RunDeps, type RunState } from './types.ts';

/**
 * Reminders for the club's next meeting once `now` is within its lead time: each presenter privately, or,
 * when nobody has signed up, a call for a presenter in the channel.
 *
 * Once-only is check → send → record (INSERT OR IGNORE on club, slot, kind). A platform cannot be asked
 * "did this reminder land?", so recording first would lose a reminder to a crash mid-send; recording after
 * means a crash in the milliseconds between send and record sends it again. We prefer that to a silent missing one,
 * and each reminder carries a name (`once`) a platform can refuse a repeat by: on Discord the re-send within a few
 * minutes returns the first message (enforce_nonce), so the member sees one. A failed send is not recorded and the
 * next run tries again (until the meeting).
 */
export async function sendReminders(deps: RunDeps, run: RunState, club: Club, delivery: Delivery, log: Logger): Promise<boolean> {
  const store = deps.port.store;
  const upcoming = deps.slots.next(club, run.now);
  // Fast path (most clubs, most runs): not within the lead time yet, no queries.
  if (run.now < upcoming - club.reminderLeadMinutes * 60_000) return true;
  // Second fast path (inside the lead time, once reminded): the reminders owed follow from who presents now, so
  // when each of them is already recorded there is nothing to plan. A withdrawal changes the kinds and falls through.
  const presenting = await store.presentersAt(club.id, upcoming);
  // Rotation & wrap-up: with the presenter rotation on, volunteers are asked by DM instead of a call in the channel,
  // which hears only the outcome (rotation-asks.ts).
  if (!presenting.length && (await store.rotationOf(club.id))) return true;
  const owed = presenting.length ? presenting.map((p) => `presenter:${p.id}`) : ['call-for-presenter'];
  if ((await filterInOrder(owed, async (kind) => !(await store.reminderSent(club.id, upcoming, kind)))).length === 0) return true;
  const [plan] = await store.planUpcoming(club, run.now, 1);
  // The next meeting, announced or not, as long as it has a paper (a skipped date has nobody to remind).
  if (!plan || plan.slotAt !== upcoming || plan.status === 'skipped' || plan.status === 'missed' || !plan.paper) return true;
  const { paper, number } = plan;
  const when = formatSlot(upcoming, club.timezone);
  const date = localDate(upcoming, club.timezone);
  // Platforms with timestamps show `when` in each reader's own zone.
  const time = { at: upcoming, text: when };
  const once = (kind: string) => `reminder:${club.id}:${upcoming}:${kind}`;
  const sends = plan.presenters.length
    ? plan.presenters.map((p) => ({
        kind: `presenter:${p.id}`,
        send: () => delivery.remindPresenter(club, p, `Reminder: you're presenting at meeting ${number}, **${paper.title}** (${paper.url}), on ${when}. Thank you!`, { time, once: once(`presenter:${p.id}`) }),
      }))
    : [
        {
          kind: 'call-for-presenter',
          send: () =>
            delivery.notifyClub(club, `Nobody has signed up to present at meeting ${number}, **${paper.title}**, on ${when} yet. Could you take it? /signup ${date}`, { time, once: once('call-for-presenter') }),
        },
      ];
  for (const { kind, send } of sends) {
    if (await store.reminderSent(club.id, upcoming, kind)) continue;
    const rlog = log.child({ slot: iso(upcoming), reminder: kind });
    const result = await withRetry(deps.retry, deps.sleep, () => send(), (err, attempt, retryInMs) =>
      rlog.warn('reminder send failed', { attempt, of: deps.retry.attempts, retryInMs, err }),
      isPermanentFailure,
    );
    if (!result.ok) {
      run.report.failed.push({ clubId: club.id, slotAt: upcoming, platform: club.platform, what: 'reminder', error: errorText(result.error) });
      if (await parkIfPermanent(deps, run, club, delivery, result.error, rlog)) return false;
      rlog.error('reminder not delivered after retries; the next run tries again', { err: result.error });
      return false;
    }
    await store.recordReminder(club.id, upcoming, kind, run.now);
    run.report.reminders.push({ clubId: club.id, slotAt: upcoming, kind });
    rlog.info('reminder sent', { meeting: number });
  }
  return true;
}

/**
 * The list ran out: tell the channel once (per meeting date), with what an admin can do. A failed send is logged
 * and not retried (the next meeting without a paper tells again).
 */
export async function tellEndOfList(deps: RunDeps, club: Club, delivery: Delivery, slotAt: number, now: number, log: Logger): Promise<void> {
  const store = deps.port.store;
  if (await store.reminderSent(club.id, slotAt, 'end-of-list')) return;
  await store.recordReminder(club.id, slotAt, 'end-of-list', now);
  const text =
    `📚 ${club.name} has reached the end of its reading list (${club.sequenceSlug}), so there is no paper for the meeting on ${formatSlot(slotAt, club.timezone)}. ` +
    'Admins: pick one with /club pick <paper>, or switch lists with /club setup <list> confirm:yes (see /paper lists).';
  try {
    await delivery.notifyClub(club, text);
  } catch (err) {
    log.warn('could not tell the club its list has ended', { err });
  }
}
