import { UserError } from '../errors.ts';
import { parseWebAddress } from './web-address.ts';
import type { Db } from '../store/db.ts';
import type { Club, Meeting, Member } from './types.ts';
import { presentersAt } from '../store/sign-ups.ts';
import { type LinkKind, type MeetingLink, linksOf } from '../store/club-life.ts';
import { announcedMeetingRow, latestMeetingNumber, insertMeetingLink } from '../store/club-life.ts';

export const LINK_KINDS: readonly LinkKind[] = ['slides', 'recording', 'code', 'summary', 'link'];
export const MAX_LINKS_PER_MEETING = 10;
const MAX_LABEL = 80;
// Host (and path) patterns for the kind guess; the first match wins.
const GUESSES: Array<[LinkKind, RegExp]> = [
  ['recording', /(^|\.)(youtube\.com|youtu\.be|vimeo\.com|loom\.com|twitch\.tv)$|zoom\.us\/rec\b/],
  ['slides', /(^|\.)(slideshare\.net|speakerdeck\.com|pitch\.com|slides\.com)$|docs\.google\.com\/presentation\b|\.(pdf|pptx?|key|odp)$/],
  ['code', /(^|\.)(github\.com|gitlab\.com|bitbucket\.org|colab\.research\.google\.com|kaggle\.com|huggingface\.co)$/],
  ['summary', /(^|\.)(notion\.so|notion\.site|hackmd\.io|medium\.com|substack\.com)$|docs\.google\.com\/document\b/],
];

/** The kind a URL most likely is (a YouTube link is a recording, a .pdf or Google Slides are slides …). */
export function guessLinkKind(url: string): LinkKind {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'link';
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const hostPath = `${host}${u.pathname.toLowerCase()}`;
  for (const [kind, re] of GUESSES) if (re.test(host) || re.test(hostPath)) return kind;
  return 'link';
}

/** An http(s) URL a member typed, cleaned; a UserError otherwise. */
export function parseLinkUrl(text: string): string {
  return parseWebAddress(text, { code: 'bad-url', what: 'the link', example: 'https://example.org/slides.pdf' });
}

/** Kind and label from the optional label: a kind word sets the kind, other text is the label (kind guessed). */
export function kindAndLabel(url: string, label: string | undefined): { kind: LinkKind; label: string } {
  const text = (label ?? '').replace(/[\r\n]+/g, ' ').replace(/[[\]()<>@*_~`|#]/g, '').trim().slice(0, MAX_LABEL);
  const word = text.toLowerCase() as LinkKind;
  if (LINK_KINDS.includes(word)) return { kind: word, label: capitalize(word) };
  const kind = guessLinkKind(url);
  return { kind, label: text || capitalize(kind) };
}

/** The club's announced meeting with this number (posted or held), else a UserError saying which exist. */
export async function announcedMeeting(db: Db, club: Club, number: number): Promise<Meeting> {
  const r = await announcedMeetingRow(db, club.id, number);
  if (r) return r;
  const latest = await latestMeetingNumber(db, club.id);
  throw new UserError(
    'no-such-meeting',
    latest ? `There is no meeting ${number} yet: the latest is meeting ${latest}. See /paper history.` : 'The club has not announced a meeting yet.',
  );
}

/** Only the meeting's presenters or an admin may add its links. */
export async function mayAddLinks(db: Db, club: Club, meetingAt: number, member: Pick<Member, 'id'>, isAdmin: boolean): Promise<boolean> {
  return isAdmin || (await presentersAt(db, club.id, meetingAt)).some((p) => p.id === member.id);
}

/** Adds a link to a meeting; a UserError for a link it has already or when the meeting has its limit. */
export async function addMeetingLink(db: Db, club: Club, meeting: Meeting, input: { url: string; label?: string; memberId: number; now: number }): Promise<MeetingLink> {
  const url = parseLinkUrl(input.url);
  const { kind, label } = kindAndLabel(url, input.label);
  return await db.transaction(async (db) => {
    const existing = await linksOf(db, club.id, meeting.slotAt);
    if (existing.some((l) => l.url === url)) throw new UserError('duplicate-link', `Meeting ${meeting.number} has that link already.`);
    if (existing.length >= MAX_LINKS_PER_MEETING) {
      throw new UserError('too-many-links', `Meeting ${meeting.number} has ${MAX_LINKS_PER_MEETING} links already, the most a meeting keeps.`);
    }
    return await insertMeetingLink(db, club.id, meeting.slotAt, url, kind, label, input.memberId, input.now);
  });
}

/** 'Slides: https://… \n Recording: https://…' for plain text (calendar descriptions). */
export function linksPlain(links: readonly MeetingLink[]): string {
  return links.map((l) => `${l.label}: ${l.url}`).join('\n');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
