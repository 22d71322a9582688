import catalog from './0001-catalog.ts';
import clubs from './0002-clubs.ts';
import datedMeetings from './0003-dated-meetings.ts';
import listOwners from './0004-list-owners.ts';
import clubHealth from './0005-club-health.ts';
import meetingLink from './0006-meeting-link.ts';
import hotPathIndexes from './0007-hot-path-indexes.ts';
import votes from './0008-votes.ts';
import readCounts from './0009-read-counts.ts';
import calendarFeed from './0010-calendar-feed.ts';
import clubLife from './0011-club-life.ts';
import plannedMeetings from './0012-planned-meetings.ts';
import paperIdentifiers from './0014-paper-identifiers.ts';
import paperMetadata from './0015-paper-metadata.ts';
import noteIdsAndKeptValues from './0016-note-ids-and-kept-values.ts';
import countersByClub from './0017-counters-by-club.ts';
import slackInstallations from './0018-slack-installations.ts';
import clubPages from './0019-club-pages.ts';
import clubLeases from './0020-club-leases.ts';
import voteResultsTold from './0021-vote-results-told.ts';
import heldPapersCountedLater from './0022-held-papers-counted-later.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

/** Every migration, oldest first: index + 1 is the user_version it leads to. Append only. (0013 was never released.) */
export const migrations: Migration[] = [
  catalog,
  clubs,
  datedMeetings,
  listOwners,
  clubHealth,
  meetingLink,
  hotPathIndexes,
  votes,
  readCounts,
  calendarFeed,
  clubLife,
  plannedMeetings,
  paperIdentifiers,
  paperMetadata,
  noteIdsAndKeptValues,
  countersByClub,
  // Issue 29: Slack installs by OAuth (tokens sealed).
  slackInstallations,
  // Issue 28: the club's web page.
  clubPages,
  // Issue 29: several processes on one database take turns on a club.
  clubLeases,
  // Issue 29: a vote's result is told once, also when the process that closed it died first.
  voteResultsTold,
  // Issue 24: a meeting's first post does not walk its paper's readers; they are counted after.
  heldPapersCountedLater,
];
