import { encodeAction } from '../button-actions.ts';
import { formatSlot, localDate } from '../calendar/slot-text.ts';
import type { ReplyButton } from '../club/button.ts';
import type { Club, Member, PlannedMeeting } from '../club/types.ts';
import type { RotationAsk } from '../store/rotation.ts';

// The presenter rotation's words (club/rotation.ts): the ask to a volunteer and what the channel is told.

/** The Accept / Pass buttons of an ask (ClubCore.runAction routes them to answerRotationAsk). */
export function askButtons(ask: Pick<RotationAsk, 'id' | 'clubId'>): ReplyButton[] {
  return [
    { action: encodeAction({ kind: 'rotation', clubId: ask.clubId, askId: ask.id, answer: 'accept' }), label: 'Accept', style: 'primary' },
    { action: encodeAction({ kind: 'rotation', clubId: ask.clubId, askId: ask.id, answer: 'pass' }), label: 'Pass', style: 'secondary' },
  ];
}

/** The private question to a volunteer. */
export function askText(club: Club, meeting: PlannedMeeting, answerBy: number): string {
  const title = meeting.paper?.title ?? 'the paper';
  return (
    `It's your turn in ${club.name}'s presenter rotation: could you present meeting ${meeting.number}, **${title}**` +
    `${meeting.paper ? ` (${meeting.paper.url})` : ''}, on ${formatSlot(meeting.slotAt, club.timezone)}? ` +
    `Press Accept or Pass by ${formatSlot(answerBy, club.timezone)}; after that the next volunteer is asked.`
  );
}

/** What the channel sees when a volunteer accepted: the name, unless they keep it private. */
export function acceptedText(member: Pick<Member, 'displayName' | 'private'>, meeting: Pick<PlannedMeeting, 'number' | 'paper' | 'slotAt'>, club: Club): string {
  const who = member.private ? 'A volunteer from the rotation' : member.displayName;
  return `🎤 ${who} will present meeting ${meeting.number}${meeting.paper ? `, **${meeting.paper.title}**,` : ''} on ${formatSlot(meeting.slotAt, club.timezone)}.`;
}

/** What the channel sees when every volunteer passed or did not answer. */
export function noVolunteerText(meeting: Pick<PlannedMeeting, 'number' | 'paper' | 'slotAt'>, club: Club): string {
  return (
    `No volunteer from the rotation for meeting ${meeting.number}${meeting.paper ? `, **${meeting.paper.title}**,` : ''} on ${formatSlot(meeting.slotAt, club.timezone)}. ` +
    `Could you take it? Sign up with /signup ${localDate(meeting.slotAt, club.timezone)}`
  );
}

/** What the channel sees when the meeting started before the rotation found a presenter. */
export function startedWithoutVolunteerText(meeting: Pick<PlannedMeeting, 'number' | 'paper' | 'slotAt'>, club: Club, asked: number): string {
  return (
    `The rotation found no presenter for meeting ${meeting.number ?? ''}${meeting.paper ? `, **${meeting.paper.title}**,` : ''} before it started ` +
    `(${asked} volunteer${asked === 1 ? '' : 's'} asked, none accepted in time): it goes ahead without a presenter.`
  );
}
