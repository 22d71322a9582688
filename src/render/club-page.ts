import { CLUB_PAGE_CSS } from './club-page-assets.ts';
import { renderChart } from './club-page-chart.ts';
import { formatSlot, plural } from './format.ts';
import { esc, outLink, safeHref } from './html.ts';
import type { ClubPageData, PageMeeting, PagePaper, PageReadingList, PageUpcoming } from '../club/club-page-data.ts';

/**
 * The club's web page (issue 28) as one HTML document, from the data club/club-page-data.ts gathers: a pure function,
 * no database, no framework, no inline script. Every text is escaped (html.ts); members who keep their progress
 * private are never named (the data carries null for them); no notes and no platform ids are in the data at all.
 */

/** The whole page. `scriptSrc` and `iconHref`: the local-time script's and the icon's URLs, relative to the page. */
export function renderClubPage(data: ClubPageData, opts: { scriptSrc?: string; iconHref?: string } = {}): string {
  const { club } = data;
  const sections: Array<{ id: string; title: string; body: string }> = [
    { id: 'next', title: data.next?.underway ? 'Meeting now' : 'Next meeting', body: nextSection(data) },
    { id: 'plan', title: 'The plan ahead', body: planSection(data) },
    { id: 'chart', title: 'Reading and attendance', body: renderChart([...data.history].reverse()) },
    { id: 'history', title: 'History', body: historySection(data) },
  ];
  if (data.readingList) sections.push({ id: 'reading-list', title: 'Reading list', body: readingListSection(data.readingList) });
  if (data.leaderboard) sections.push({ id: 'leaderboard', title: 'Leaderboard', body: leaderboardSection(data.leaderboard) });
  const script = opts.scriptSrc ? `<script src="${esc(opts.scriptSrc)}" defer></script>` : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(club.name)} — paper club</title>`,
    opts.iconHref ? `<link rel="icon" href="${esc(opts.iconHref)}" type="image/svg+xml">` : '',
    `<style>${CLUB_PAGE_CSS}</style>`,
    script,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the page</a>',
    '<header>',
    '<p class="kicker">Paper club</p>',
    `<h1>${esc(club.name)}</h1>`,
    `<p class="muted">Meets ${esc(club.schedule)}.${club.paused ? ' <strong>Paused for now:</strong> no meeting is announced until an admin resumes the club.' : ''}</p>`,
    '<nav aria-label="On this page"><ul>',
    ...sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`),
    '</ul></nav>',
    '</header>',
    '<main id="main">',
    ...sections.map((s) => `<section id="${s.id}" aria-labelledby="${s.id}-h">\n<h2 id="${s.id}-h">${esc(s.title)}</h2>\n${s.body}\n</section>`),
    '</main>',
    '<footer>',
    '<p>Made by paperclub from the club\'s own records. Members who keep their progress private are not named here.</p>',
    '<p>This address is the key to the page: share it with people you would invite. An admin can replace it with <code>/club page rotate</code> or take the page down with <code>/club page off</code>.</p>',
    '</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** `<time>` of a meeting in its zone; `local` marks it for the script that adds the reader's own time. */
function when(m: Pick<PageMeeting, 'at' | 'timezone'>, local = false): string {
  const iso = new Date(m.at).toISOString();
  return `<time datetime="${iso}"${local ? ` data-zone="${esc(m.timezone)}"` : ''}>${esc(formatSlot(m.at, m.timezone))}</time>`;
}

/** "Ada and a member", "a member"; a private member is never named. */
function presenterNames(presenters: ReadonlyArray<string | null>): string {
  const names = presenters.map((p) => (p === null ? 'a member' : esc(p)));
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function presentersLine(m: PageUpcoming, per: number): string {
  if (m.presenters.length) {
    const open = m.openSeats > 0 ? ` · ${plural(m.openSeats, 'more presenter')} welcome` : '';
    return `Presenting: ${presenterNames(m.presenters)}${open}`;
  }
  return per > 1 ? `No presenter yet: ${per} places open` : 'No presenter yet: sign-up is open';
}

function paperTitle(p: PagePaper | null): string {
  return p ? outLink(p.url, p.title) : 'No paper';
}

function nextSection(data: ClubPageData): string {
  const m = data.next;
  if (!m) return `<p>No meeting is planned yet${data.club.paused ? ' while the club is paused' : ': the list has no paper left until an admin picks one'}.</p>`;
  const where = [
    m.meetingLink ? `<li>${outLink(m.meetingLink, 'Join the meeting')}</li>` : '',
    !m.meetingLink && m.meetingChannel ? `<li>In the club's ${m.meetingChannel} channel</li>` : '',
    m.eventLink ? `<li>${outLink(m.eventLink, 'Open the event')}</li>` : '',
    data.calendarUrl ? `<li>${outLink(data.calendarUrl, 'Add the club to your calendar')}</li>` : '',
  ].join('');
  return [
    `<article class="card next" aria-labelledby="next-title">`,
    `<p><span class="badge next-up">${m.underway ? 'Happening now' : m.state === 'announced' ? 'Announced' : 'Planned'}</span></p>`,
    `<h3 id="next-title">${m.number ? `Meeting ${esc(m.number)}: ` : ''}${paperTitle(m.paper)}</h3>`,
    m.paper?.summary ? `<p class="summary">${esc(m.paper.summary)}</p>` : '',
    `<p>${when(m, true)}</p>`,
    `<p>${presentersLine(m, data.club.presentersPerMeeting)}</p>`,
    `<p>${plural(m.readers, 'member has', 'members have')} read it so far.</p>`,
    where ? `<ul class="actions">${where}</ul>` : '',
    `</article>`,
  ].join('\n');
}

/** Meetings of the plan shown as cards; the rest fold into a short list. */
const PLAN_CARDS = 6;

function planSection(data: ClubPageData): string {
  if (!data.ahead.length) return '<p>Nothing is planned after the next meeting yet.</p>';
  const cards = data.ahead.slice(0, PLAN_CARDS).map((m) => {
    if (m.state === 'skipped' || m.state === 'missed' || m.state === 'no-paper') {
      const why = m.state === 'no-paper' ? 'no paper left on the list' : m.state === 'missed' ? 'no meeting (missed)' : 'no meeting (skipped)';
      return `<li class="card"><p>${when(m, true)} — <span class="muted">${why}</span></p></li>`;
    }
    return [
      '<li class="card">',
      `<h3>${m.number ? `Meeting ${esc(m.number)}: ` : ''}${paperTitle(m.paper)}</h3>`,
      `<p>${when(m, true)}${m.state === 'announced' ? ' <span class="badge">Announced</span>' : ''}</p>`,
      `<p>${presentersLine(m, data.club.presentersPerMeeting)}</p>`,
      '</li>',
    ].join('');
  });
  const later = data.ahead.slice(PLAN_CARDS).map((m) => {
    const what = m.paper ? `${m.number ? `Meeting ${esc(m.number)}: ` : ''}${paperTitle(m.paper)}` : `<span class="muted">${m.state === 'no-paper' ? 'no paper left on the list' : `no meeting (${m.state})`}</span>`;
    return `<li>${when(m, true)} — ${what}${m.paper ? ` — ${m.presenters.length ? `presenting: ${presenterNames(m.presenters)}` : 'sign-up open'}` : ''}</li>`;
  });
  const open = data.ahead.filter((m) => m.paper && m.openSeats > 0).length;
  const hint = open ? `<p class="muted">${plural(open, 'meeting')} ahead still ${open === 1 ? 'needs' : 'need'} a presenter: members sign up with <code>/signup</code> in the club's channel.</p>` : '';
  const more = later.length ? `<details><summary>${plural(later.length, 'more meeting')} planned</summary><ol class="list">${later.join('\n')}</ol></details>` : '';
  return `${hint}<ol class="meetings two">${cards.join('\n')}</ol>${more}`;
}

function historySection(data: ClubPageData): string {
  if (!data.history.length) return '<p>No meeting has been held yet.</p>';
  const items = data.history.map((m) => {
    const links = m.links.filter((l) => safeHref(l.url));
    return [
      '<li class="card">',
      `<h3>${m.number ? `Meeting ${esc(m.number)}: ` : ''}${paperTitle(m.paper)}</h3>`,
      `<p>${when(m)}</p>`,
      m.presenters.length ? `<p>Presented by ${presenterNames(m.presenters)}</p>` : '',
      `<ul class="facts"><li>${plural(m.readers, 'member', 'members')} read it</li><li>${plural(m.attended, 'member was', 'members were')} there</li></ul>`,
      links.length ? `<ul class="facts">${links.map((l) => `<li>${outLink(l.url, l.label)}</li>`).join('')}</ul>` : '',
      '</li>',
    ].join('');
  });
  return `<ol class="meetings" reversed>${items.join('\n')}</ol>`;
}

function readingListSection(list: PageReadingList): string {
  const sections = list.sections.map((s, i) => {
    const held = s.entries.filter((e) => e.state === 'held').length;
    const next = s.entries.some((e) => e.state === 'next');
    const name = s.name ?? (list.sections.length > 1 ? `Part ${i + 1}` : 'Papers');
    const entries = s.entries
      .map((e) => `<li>${outLink(e.url, e.title)} <span class="badge${e.state === 'next' ? ' next-up' : ''}">${e.state}</span></li>`)
      .join('');
    // The section with the next paper (or a list's only section) is open; the others fold (<details>: no script).
    return `<details${next || list.sections.length === 1 ? ' open' : ''}><summary>${esc(name)} — ${held} of ${s.entries.length} held</summary><ol class="list">${entries}</ol></details>`;
  });
  const cut = list.shown < list.total ? ` The first ${list.shown} are listed here.` : '';
  return [`<p><strong>${esc(list.title)}</strong>: ${list.held} of ${plural(list.total, 'entry', 'entries')} held so far.${cut}</p>`, ...sections].join('\n');
}

function leaderboardSection(rows: ClubPageData['leaderboard'] & object): string {
  if (!rows.length) return '<p>No member on the leaderboard yet.</p>';
  const items = rows.map((r) => `<li><span>${esc(r.rank)}. ${esc(r.name)}</span><span>${plural(r.read, 'paper')}</span></li>`).join('\n');
  return `<p class="muted">Papers of the club's meetings each member has read. Members who keep their progress private are left out.</p><ol class="board">${items}</ol>`;
}
