import type { Paper } from '../catalog/types.ts';
import { describeSchedule } from '../calendar/meeting-schedule.ts';
import { attendanceCount } from '../store/attendance.ts';
import { communityOf, getList, getPaper, listPapers } from '../store/catalog.ts';
import { linksOf } from '../store/club-life.ts';
import type { Db } from '../store/db.ts';
import { flushReadMarks } from '../store/mark-writer.ts';
import { countHeldPapers, leaderboard, readCount, readCounts } from '../store/marks.ts';
import { shownEvent } from '../store/meeting-events.ts';
import { pastMeetings } from '../store/meetings.ts';
import { presentersAt } from '../store/sign-ups.ts';
import { scheduleOf } from './plan.ts';
import { currentMeeting, planUpcoming, plannedFromRow, withClubBlurb } from './planning.ts';
import type { Club, Member, PlannedMeeting } from './types.ts';

// What the page shows, as data (render/club-page.ts words it as HTML).

/** A paper as the page shows it. */
export interface PagePaper {
  title: string;
  url: string | null;
  /** The one-liner of the list the club follows. */
  summary: string | null;
}

/** A meeting on the page: its number, time (shown in `timezone`), paper and presenters (null: a private member). */
export interface PageMeeting {
  number: number | null;
  at: number;
  timezone: string;
  paper: PagePaper | null;
  presenters: Array<string | null>;
}

/** A meeting ahead, or a date without one. */
export interface PageUpcoming extends PageMeeting {
  state: 'announced' | 'planned' | 'skipped' | 'missed' | 'no-paper';
  /** Presenter places still free (sign-ups open). */
  openSeats: number;
}

/** The next meeting, with where to join. */
export interface PageNext extends PageUpcoming {
  /** The meeting has started and is not over yet. */
  underway: boolean;
  meetingLink: string | null;
  /** The meeting's platform event (Discord's Events tab), when it has one. */
  eventLink: string | null;
  /** Held in the club's voice or stage channel (the channel itself is not named: its id is the platform's). */
  meetingChannel: 'voice' | 'stage' | null;
  readers: number;
}

/** A held meeting: how many read its paper, how many were there, what it left behind. */
export interface PageHeld extends PageMeeting {
  readers: number;
  attended: number;
  links: Array<{ label: string; url: string }>;
}

/** Where the club is in its reading list. */
export interface PageReadingList {
  title: string;
  sections: Array<{ name: string | null; entries: Array<{ title: string; url: string | null; state: 'held' | 'next' | 'ahead' }> }>;
  /** Entries on the list, held ones, and how many the page lists (long lists are cut). */
  total: number;
  held: number;
  shown: number;
}

/** Everything the page shows. */
export interface ClubPageData {
  club: { name: string; schedule: string; timezone: string; paused: boolean; presentersPerMeeting: number };
  next: PageNext | null;
  ahead: PageUpcoming[];
  /** Newest first. */
  history: PageHeld[];
  readingList: PageReadingList | null;
  /** Public members only; null when the club has not opted in. */
  leaderboard: Array<{ rank: number; name: string; read: number }> | null;
  /** The club's calendar feed, when the operator serves feeds. */
  calendarUrl: string | null;
}

/** Meetings ahead the page lists after the next one. */
const PLAN_AHEAD = 12;
/** Held meetings the page lists (every one, up to this many). */
const HISTORY_LIMIT = 1000;
/** Entries of the reading list the page lists; a longer list is cut (the counts still cover all of it). */
const LIST_LIMIT = 400;
/** Leaderboard rows. */
const BOARD_LIMIT = 10;

/**
 * Everything the club's page shows (issue 28), gathered in one place from the domain's own functions (the plan, the
 * meeting records, read counts, attendance, links, the leaderboard), so the renderer and the HTTP route never touch
 * the database. Private members are carried as null names; no notes, no member or channel ids.
 */
export async function clubPageData(
  db: Db,
  club: Club,
  now: number,
  opts: { durationMs: number; leaderboard: boolean; calendarUrl: string | null },
): Promise<ClubPageData> {
  // The writes reading may need first: waiting read marks, and the plan extended to its horizon. The rest reads one
  // snapshot.
  await flushReadMarks(db);
  if (opts.leaderboard) await countHeldPapers(db, club.id);
  const upcoming = await planUpcoming(db, club, now, PLAN_AHEAD + 1);
  return await db.read((tx) => gather(tx, club, now, upcoming, opts));
}

async function gather(db: Db, club: Club, now: number, upcoming: PlannedMeeting[], opts: { durationMs: number; leaderboard: boolean; calendarUrl: string | null }): Promise<ClubPageData> {
  const current = await currentMeeting(db, club, now, opts.durationMs);
  const underway = current !== null && current.slotAt <= now;
  const nextPlanned = current ? await plannedFromRow(db, club, current) : (upcoming.find((m) => m.paper && m.status !== 'skipped' && m.status !== 'missed') ?? null);
  const next = nextPlanned ? await nextMeeting(db, club, await withClubBlurb(db, club, nextPlanned), underway) : null;
  const ahead: PageUpcoming[] = [];
  for (const m of upcoming.filter((u) => u.slotAt !== nextPlanned?.slotAt).slice(0, PLAN_AHEAD)) ahead.push(upcomingMeeting(club, await withClubBlurb(db, club, m)));
  const held = await heldMeetings(db, club, now, current?.slotAt ?? null);
  const history = held.map((h) => h.shown);
  return {
    club: {
      name: club.name,
      schedule: describeSchedule(scheduleOf(club)),
      timezone: club.timezone,
      paused: club.paused,
      presentersPerMeeting: club.presentersPerMeeting,
    },
    next,
    ahead,
    history,
    readingList: await readingList(db, club, new Set(held.map((h) => h.paperId)), nextPlanned?.paper?.id ?? null),
    leaderboard: opts.leaderboard ? (await leaderboard(db, club, BOARD_LIMIT)).map((r) => ({ rank: r.rank, name: r.member.displayName, read: r.read })) : null,
    calendarUrl: opts.calendarUrl,
  };
}

/** A private member is never named: null, which the page shows as "a member". */
const names = (presenters: readonly Member[]) => presenters.map((p) => (p.private ? null : p.displayName));

const pagePaper = (p: Pick<Paper, 'title' | 'url' | 'summary'>): PagePaper => ({ title: p.title, url: p.url, summary: p.summary });

function upcomingMeeting(club: Club, m: PlannedMeeting): PageUpcoming {
  const state: PageUpcoming['state'] =
    m.status === 'skipped' || m.status === 'missed' ? (m.skipReason === 'no-paper' ? 'no-paper' : m.status) : !m.paper ? 'no-paper' : m.status === 'upcoming' ? 'planned' : 'announced';
  return {
    number: m.number,
    at: m.slotAt,
    timezone: club.timezone,
    paper: m.paper ? pagePaper(m.paper) : null,
    presenters: names(m.presenters),
    state,
    openSeats: m.paper && (state === 'planned' || state === 'announced') ? Math.max(0, club.presentersPerMeeting - m.presenters.length) : 0,
  };
}

async function nextMeeting(db: Db, club: Club, m: PlannedMeeting, underway: boolean): Promise<PageNext> {
  const event = await shownEvent(db, club.id, m.slotAt);
  return {
    ...upcomingMeeting(club, m),
    // A meeting underway takes no more sign-ups.
    ...(underway ? { openSeats: 0 } : {}),
    underway,
    meetingLink: club.meetingLink ?? null,
    eventLink: event?.link ?? null,
    meetingChannel: club.meetingChannel && club.meetingChannelKind ? club.meetingChannelKind : null,
    readers: m.paper ? await readCount(db, m.paper.id, club.platform, club.workspace) : 0,
  };
}

/** Meetings that took place (started before now, the one underway aside), newest first, each in the zone it was held in. */
async function heldMeetings(db: Db, club: Club, now: number, underwayAt: number | null): Promise<Array<{ shown: PageHeld; paperId: number | null }>> {
  const papers = new Map<number, Paper | null>();
  const held = (await pastMeetings(db, club.id, HISTORY_LIMIT)).filter((m) => m.slotAt <= now && m.slotAt !== underwayAt);
  const readers = await readCounts(db, [...new Set(held.flatMap((m) => (m.paperId === null ? [] : [m.paperId])))], club.platform, club.workspace);
  const shownHeld: Array<{ shown: PageHeld; paperId: number | null }> = [];
  for (const m of held) {
    if (m.paperId !== null && !papers.has(m.paperId)) papers.set(m.paperId, await getPaper(db, m.paperId));
    const paper = m.paperId !== null ? papers.get(m.paperId)! : null;
    const shown: PageHeld = {
      number: m.number,
      at: m.slotAt,
      timezone: m.timezone ?? club.timezone,
      paper: paper ? pagePaper(paper) : null,
      presenters: names(await presentersAt(db, club.id, m.slotAt)),
      readers: paper ? (readers.get(paper.id) ?? 0) : 0,
      attended: await attendanceCount(db, club.id, m.slotAt),
      links: (await linksOf(db, club.id, m.slotAt)).map((l) => ({ label: l.label, url: l.url })),
    };
    shownHeld.push({ shown, paperId: m.paperId });
  }
  return shownHeld;
}

/** The list the club follows, by section, each entry held (a meeting took place on it), next, or ahead. */
async function readingList(db: Db, club: Club, heldIds: ReadonlySet<number | null>, nextId: number | null): Promise<PageReadingList | null> {
  const community = communityOf(club);
  const list = await getList(db, club.sequenceSlug, community);
  if (!list) return null;
  const entries = await listPapers(db, list.slug, { community, limit: LIST_LIMIT });
  const stateOf = (p: Paper): 'held' | 'next' | 'ahead' => (p.id === nextId ? 'next' : heldIds.has(p.id) ? 'held' : 'ahead');
  const sections: PageReadingList['sections'] = [];
  for (const e of entries) {
    let section = sections.at(-1);
    if (!section || section.name !== e.section) sections.push((section = { name: e.section, entries: [] }));
    section.entries.push({ title: e.paper.title, url: e.paper.url, state: stateOf(e.paper) });
  }
  const held = sections.reduce((n, s) => n + s.entries.filter((x) => x.state === 'held').length, 0);
  return { title: list.title, sections, total: list.entryCount, held, shown: entries.length };
}
