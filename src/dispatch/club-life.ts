import { memberById } from '../store/votes.ts';
import { mayAddLinks } from '../club/meeting-links.ts';
import { acceptedText } from '../render/rotation-text.ts';
import { meetingAt } from '../club/sign-ups.ts';
import type { Club, Member, Where } from '../club/types.ts';
import { errorReply, privateReply } from '../render/replies.ts';
import type { Reply } from '../render/reply.ts';
import { formatSlot } from '../render/format.ts';
import type { Db } from '../store/db.ts';
import { getMeeting } from '../store/meetings.ts';
import { markAttended, unmarkAttended } from '../store/attendance.ts';
import { presentersAt } from '../store/sign-ups.ts';
import { closeAsk, getAsk, withdrawAsks } from '../store/rotation.ts';
import { acceptAsk, recordPresenterReminder } from '../store/rotation.ts';

/** What these handlers need from the core. */
export interface ClubLifeCore {
  db: Db;
  clock: () => Date;
  execute(req: { where: Where; user: { userId: string; displayName: string; isPlatformAdmin?: boolean }; command: string; args: Record<string, string> }): Promise<Reply>;
  member(where: Pick<Where, 'platform' | 'workspace'>, user: { userId: string; displayName: string }): Promise<Member>;
  tellClub(club: Club, announce: { text: string; meetingAt?: number }): void;
}

const clubWhere = (club: Club): Where => ({ platform: club.platform, workspace: club.workspace, channel: club.channel });


/** The rotation's Accept / Pass, from the asked member's DM. Accept signs up through /signup. */
export async function answerRotationAsk(core: ClubLifeCore, club: Club, req: { where: Where; user: { userId: string; displayName: string } }, askId: number, answer: 'accept' | 'pass'): Promise<Reply> {
  const db = core.db;
  const ask = await getAsk(db, askId);
  const member = ask ? await memberById(db, ask.memberId) : null;
  if (!ask || !member || ask.clubId !== club.id) return errorReply('That button is out of date.');
  // Only the asked member answers: the same person on the same platform (a DM has no club channel to check).
  if (req.where.platform !== club.platform || req.user.userId !== member.userId) return errorReply('That question was for someone else.');
  const now = core.clock().getTime();
  const meeting = await meetingAt(db, club, now, ask.meetingAt);
  const label = meeting?.number ? `meeting ${meeting.number}` : 'that meeting';
  if (ask.meetingAt <= now || !meeting || !meeting.paper || meeting.status === 'skipped' || meeting.status === 'missed') {
    await closeAsk(db, ask.id, 'withdrawn', now);
    return privateReply(`The question about ${label} has closed (it started or was called off). Thank you anyway!`);
  }
  if (answer === 'pass') {
    if (ask.state === 'asking') await closeAsk(db, ask.id, 'passed', now);
    if (ask.state === 'accepted') return privateReply(`You accepted ${label} already. To give it back: /withdraw ${meeting.number}.`);
    return privateReply(`Thanks for letting us know. I'll ask the next volunteer for ${label}; you stay in the rotation.`);
  }
  const presenters = await presentersAt(db, club.id, ask.meetingAt);
  if (presenters.some((p) => p.id === member.id)) return privateReply(`You're presenting ${label} already. Thank you!`);
  if (presenters.length >= club.presentersPerMeeting) {
    await closeAsk(db, ask.id, 'withdrawn', now);
    return privateReply(`${capitalize(label)} has its presenter already. Thank you anyway; you stay in the rotation.`);
  }
  // The same path as /signup (its checks, its post update), for the club's channel.
  const reply = await core.execute({ where: clubWhere(club), user: req.user, command: 'signup', args: { week: `@${ask.meetingAt}` } });
  if (reply.error) return reply;
  await db.transaction(async (db) => {
        await acceptAsk(db, now, ask.id);
        await withdrawAsks(db, club.id, ask.meetingAt, now);
        // The acceptance is their reminder: no second DM from the reminder step.
        await recordPresenterReminder(db, club.id, ask.meetingAt, `presenter:${member.id}`, now);
      });
  core.tellClub(club, { text: acceptedText(member, meeting, club) });
  return {
    ...reply,
    private: true,
    text: `Thank you! You present ${label}, **${meeting.paper.title}** (${meeting.paper.url}), on ${formatSlot(meeting.slotAt, club.timezone)}. Changed your mind? /withdraw ${meeting.number}`,
  };
}

/** "I was there", once per member and meeting. */
export async function attendAction(core: ClubLifeCore, club: Club, where: Where, user: { userId: string; displayName: string }, slotAt: number): Promise<Reply> {
  const meeting = await getMeeting(core.db, club.id, slotAt);
  if (!meeting) return errorReply('That button is out of date.');
  const member = await core.member(where, user);
  // The button toggles, as the read reaction does: a second press takes a mark made by mistake back.
  if (await markAttended(core.db, club, meeting, member.id, core.clock().getTime())) {
    return privateReply(`Noted: you were at meeting ${meeting.number}. /progress counts it. (Pressed by mistake? Press again to take it back.)`);
  }
  await unmarkAttended(core.db, club.id, meeting.slotAt, member.id);
  return privateReply(`Taken back: you are no longer marked as at meeting ${meeting.number}. Press again if you were there.`);
}

/** Opens the form that adds a link to a meeting (presenters and admins only). */
export async function linksFormAction(core: ClubLifeCore, club: Club, where: Where, user: { userId: string; displayName: string }, isAdmin: boolean, slotAt: number): Promise<Reply> {
  const meeting = await getMeeting(core.db, club.id, slotAt);
  if (!meeting || meeting.paperId === null || meeting.number === null) return errorReply('That button is out of date.');
  const member = await core.member(where, user);
  if (!(await mayAddLinks(core.db, club, slotAt, member, isAdmin))) {
    return errorReply(`Only meeting ${meeting.number}'s presenters or a club admin can add its links. Share yours in the thread!`);
  }
  return privateReply(`Add a link to meeting ${meeting.number}: /paper links ${meeting.number} <url> [label]`, {
    form: {
      title: `Links for meeting ${meeting.number}`,
      command: 'paper links',
      args: { meeting: meeting.number },
      fields: [
        { name: 'url', label: 'Link (slides, recording, code, summary)', required: true, maxLength: 500, placeholder: 'https://…' },
        { name: 'label', label: 'Label (optional)', required: false, maxLength: 80, placeholder: 'slides, recording, code, summary…' },
      ],
    },
  });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
