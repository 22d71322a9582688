/** A member's Slack Home tab (App Home) as Block Kit: next meeting of each club, their progress, sign-ups and notes. */
import { decodeAction } from '../../button-actions.ts';
import type { MemberHome } from '../../club/member-home.ts';
import { paperButtons } from '../../render/weekly-post.ts';
import { escapeText, link, truncate } from './mrkdwn.ts';
import { context, header, section, type Block } from './render.ts';
import { dateToken, mention } from './weekly-post.ts';

/**
 * Home-tab buttons get their own action_id prefix: a click there has no channel and no response_url, so the
 * message-button listener (prefix `paperclub-`) must not take it; listeners/app-home.ts does.
 */
export const HOME_ACTION_PREFIX = 'home-paperclub-';

/** Slack's limit of blocks in a Home view. */
const MAX_VIEW_BLOCKS = 100;

/** A `home` view for views.publish. `status` is a line about the member's last click (the answer a message would get). */
export function renderHomeView(home: MemberHome, status?: string): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [header('Your paper clubs')];
  if (status) blocks.push(context(escapeText(truncate(status.replace(/\*\*/g, ''), 500))));
  if (!home.clubs.length) blocks.push(section('No paper club in this workspace yet. An admin can start one in a channel with `/paperclub club setup`.'));
  const signedUp = new Set(home.signUps.map((s) => `${s.club.id}:${s.meeting.slotAt}`));
  for (const { club, next, progress } of home.clubs) {
    blocks.push({ type: 'divider' });
    const lines = [`*${escapeText(club.name)}* · <#${club.channel}>`];
    if (next?.paper) {
      const p = next.paper;
      lines.push(`*${link(p.url, `${next.number ? `Meeting ${next.number}: ` : ''}${p.title}`)}*`);
      if (p.summary) lines.push(`> ${escapeText(p.summary)}`);
      lines.push(`🗓 ${dateToken(new Date(next.slotAt))}`);
      lines.push(`Presenting: ${next.presenters.length ? next.presenters.map(mention).join(', ') : '_nobody yet_'}`);
      if (club.meetingLink) lines.push(`Join: ${link(club.meetingLink, club.meetingLink)}`);
    } else {
      lines.push('_No paper left on the list._');
    }
    blocks.push(section(lines.join('\n')));
    if (next?.paper) {
      // A sign-up button only when the member is not presenting that meeting already.
      const buttons = paperButtons(club.id, next.paper.id, next.slotAt).filter((b) => !(decodeAction(b.action)?.kind === 'signup' && signedUp.has(`${club.id}:${next.slotAt}`)));
      blocks.push({
        type: 'actions',
        block_id: `home-club-${club.id}`,
        elements: buttons.map((b, i) => ({
          type: 'button' as const,
          action_id: `${HOME_ACTION_PREFIX}${i}`,
          text: { type: 'plain_text' as const, text: b.label, emoji: true },
          value: b.action,
          ...(b.style === 'primary' ? { style: 'primary' as const } : {}),
        })),
      });
    }
    blocks.push(
      context(
        (progress.met
          ? `You've read ${progress.metRead} of ${progress.met} paper${progress.met === 1 ? '' : 's'} the club has posted so far${progress.streak ? ` · ${progress.streak}-meeting streak` : ''}`
          : 'No meetings held yet.') + (progress.listTotal ? ` · ${progress.listRead} of ${progress.listTotal} on its list` : ''),
      ),
    );
  }
  blocks.push({ type: 'divider' }, section('*Your sign-ups*'));
  blocks.push(
    section(
      home.signUps.length
        ? home.signUps
            .map(({ club, meeting }) => `• ${dateToken(new Date(meeting.slotAt))} · ${escapeText(club.name)}${meeting.paper ? ` — ${link(meeting.paper.url, meeting.paper.title)}` : ''}`)
            .join('\n')
        : 'You are not presenting any upcoming meeting. Sign up with the button above or `/paperclub signup`.',
    ),
  );
  blocks.push({ type: 'divider' }, section('*Your latest notes*'));
  blocks.push(
    ...(home.notes.length
      ? home.notes.map((n) => section(`*${link(n.paperUrl, n.paperTitle)}* · #${n.id}\n${escapeText(truncate(n.body, 600))}`))
      : [section('No notes yet. Write one with `/paperclub note <paper> <text>`.')]),
  );
  return { type: 'home', blocks: blocks.slice(0, MAX_VIEW_BLOCKS) };
}
