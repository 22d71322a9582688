import clubAdmin from './club/admin.ts';
import clubAssign from './club/assign.ts';
import clubCalendarLink from './club/calendar-link.ts';
import clubClear from './club/clear.ts';
import clubExport from './club/export.ts';
import clubImport from './club/import.ts';
import clubMove from './club/move.ts';
import clubPage from './club/page.ts';
import clubPause from './club/pause.ts';
import clubPick from './club/pick.ts';
import clubRemove from './club/remove.ts';
import clubResume from './club/resume.ts';
import clubRotation from './club/rotation.ts';
import clubSchedule from './club/schedule.ts';
import clubSettings from './club/settings.ts';
import clubSetup from './club/setup.ts';
import clubSkip from './club/skip.ts';
import clubUnskip from './club/unskip.ts';
import clubVote from './club/vote.ts';
import deleteNote from './deletenote.ts';
import editNote from './editnote.ts';
import leaderboard from './leaderboard.ts';
import note from './note.ts';
import notes from './notes.ts';
import paperCalendar from './paper/calendar.ts';
import paperHistory from './paper/history.ts';
import paperList from './paper/list.ts';
import paperLinks from './paper/links.ts';
import paperLists from './paper/lists.ts';
import paperNow from './paper/now.ts';
import paperSearch from './paper/search.ts';
import paperShow from './paper/show.ts';
import paperUpcoming from './paper/upcoming.ts';
import progress from './progress.ts';
import read from './read.ts';
import rotationJoin from './rotation/join.ts';
import rotationLeave from './rotation/leave.ts';
import signup from './signup.ts';
import listSuggestions from './list-suggestions.ts';
import suggestPaper from './suggest.ts';
import type { Command } from './types.ts';
import unread from './unread.ts';
import unsuggest from './unsuggest.ts';
import withdraw from './withdraw.ts';

/** Every command of the bot; adapters register these, the core dispatches them by path. */
export const allCommands: readonly Command[] = [
  // /paper …
  paperNow,
  paperUpcoming,
  paperCalendar,
  paperHistory,
  paperShow,
  paperSearch,
  paperLists,
  paperList,
  paperLinks,
  // presenting
  signup,
  withdraw,
  // presenter rotation & wrap-up (issue 12)
  rotationJoin,
  rotationLeave,
  // choosing the next paper
  suggestPaper,
  listSuggestions,
  unsuggest,
  // reading
  read,
  unread,
  note,
  notes,
  editNote,
  deleteNote,
  progress,
  leaderboard,
  // /club … (admin)
  clubSetup,
  clubSchedule,
  clubSkip,
  clubUnskip,
  clubPick,
  clubVote,
  clubMove,
  clubPause,
  clubResume,
  clubImport,
  clubExport,
  clubAssign,
  clubClear,
  clubSettings,
  clubCalendarLink,
  clubPage,
  clubAdmin,
  clubRotation,
  clubRemove,
];
