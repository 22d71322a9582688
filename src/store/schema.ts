import type { Generated } from 'kysely';

/** The tables as the store sees them (column names as in SQL), for Kysely's typed queries. Generated from the migrated schema; keep in step with store/migrations/. */

export interface AttendanceTable {
  club_id: number;
  meeting_at: number;
  member_id: number;
  marked_at: number;
}

export interface CalendarFeedsTable {
  club_id: number;
  token: string;
  token_hash: Buffer;
  created_at: number;
}

export interface CalendarTombstonesTable {
  club_id: number;
  uid: string;
  slot_at: number;
  revision: number;
}

export interface ClubAdminsTable {
  club_id: number;
  user_id: string;
}

export interface ClubHealthTable {
  club_id: number;
  parked_cause: string | null;
  parked_advice: string | null;
  parked_at: number | null;
  told_cause: string | null;
  checked_at: number | null;
}

export interface ClubPagesTable {
  club_id: number;
  token: string;
  token_hash: Buffer;
  leaderboard: number;
  created_at: number;
}

export interface ClubPapersHeldTable {
  club_id: number;
  paper_id: number;
  platform: string;
  workspace: string;
  meetings: number;
  /** 0 until the paper's readers are counted into club_read_counts (migration 0022, countHeldPapers). */
  counted: number;
}

export interface ClubReadCountsTable {
  member_id: number;
  club_id: number;
  read: number;
}

export interface ClubRotationTable {
  club_id: number;
  answer_minutes: number;
  enabled_at: number;
}

export interface ClubSequenceTable {
  club_id: number;
  idx: number;
  paper_id: number;
}

export interface ClubsTable {
  id: Generated<number>;
  platform: string;
  workspace: string;
  channel: string;
  name: string;
  sequence_slug: string;
  position: Generated<number>;
  cron: string;
  timezone: string;
  read_emoji: string;
  presenters_per_meeting: Generated<number>;
  reminder_lead_minutes: Generated<number>;
  paused: Generated<number>;
  created_at: number;
  every_weeks: Generated<number>;
  anchor_date: string | null;
  announce_lead_minutes: Generated<number>;
  setup_by: string | null;
  meeting_link: string | null;
  next_check_at: number | null;
  meeting_channel: string | null;
  meeting_channel_kind: string | null;
  plan_version: Generated<number>;
}

export interface LegacyPaperClaimsTable {
  club_id: number;
  paper_id: number;
  member_id: number;
  signed_up_at: number;
}

export interface ListEntriesTable {
  list_id: number;
  position: number;
  paper_id: number;
  section: string | null;
  title: string;
  url: string;
  summary: string | null;
  footnote: string | null;
  extra_links: Generated<string>;
  read_mark: number | null;
  year: number | null;
  kind: Generated<string>;
}

export interface ListsTable {
  id: Generated<number>;
  owner: Generated<string>;
  slug: string;
  title: string;
  source: string | null;
  imported_at: number;
  content_hash: string | null;
  importer_version: number | null;
}

export interface MeetingEventsTable {
  club_id: number;
  meeting_at: number;
  event_id: string | null;
  fingerprint: string | null;
  state: string;
  link: string | null;
  interested: number | null;
}

export interface MeetingLinksTable {
  id: Generated<number>;
  club_id: number;
  meeting_at: number;
  url: string;
  kind: string;
  label: string;
  added_by: number | null;
  added_at: number;
}

export interface MeetingPostsTable {
  meeting_id: number;
  platform: string;
  channel: string;
  message_id: string;
}

export interface MeetingsTable {
  id: Generated<number>;
  club_id: number;
  slot_at: number;
  number: number | null;
  paper_id: number | null;
  status: string;
  posted_at: number | null;
  timezone: string | null;
  uid: string | null;
  revision: Generated<number>;
  skip_reason: string | null;
  skipped_paper_id: number | null;
  skipped_origin: string | null;
  skipped_status: string | null;
  skipped_number: number | null;
}

export interface MembersTable {
  id: Generated<number>;
  platform: string;
  workspace: string;
  user_id: string;
  display_name: string;
  private: Generated<number>;
}

export interface NotesTable {
  id: Generated<number>;
  member_id: number;
  paper_id: number;
  club_id: number | null;
  body: string;
  created_at: number;
  updated_at: number;
}

export interface OrphanMeetingEventsTable {
  platform: string;
  workspace: string;
  event_id: string;
}

export interface PaperIdentifiersTable {
  paper_id: number;
  kind: string;
  value: string;
}

export interface PapersTable {
  id: Generated<number>;
  key: string;
  title: string;
  nickname: string | null;
  url: string;
  arxiv_id: string | null;
  norm_url: string | null;
  norm_title: string;
  summary: string | null;
  footnote: string | null;
  year: number | null;
  kind: Generated<string>;
}

export interface PlannedMeetingsTable {
  id: Generated<number>;
  club_id: number;
  slot_at: number;
  paper_id: number | null;
  origin: string;
  uid: string;
  revision: Generated<number>;
}

export interface ProcessedEventsTable {
  source: string;
  event_id: string;
  processed_at: number;
}

export interface ReadMarksTable {
  member_id: number;
  paper_id: number;
  club_id: number | null;
  via: string;
  marked_at: number;
}

export interface ReleasedSignUpsTable {
  club_id: number;
  meeting_at: number;
  member_id: number;
  signed_up_at: number;
}

export interface RemindersTable {
  club_id: number;
  slot_at: number;
  kind: string;
  sent_at: number;
}

export interface RotationAsksTable {
  id: Generated<number>;
  club_id: number;
  meeting_at: number;
  member_id: number;
  asked_at: number;
  answer_by: number;
  state: string;
  answered_at: number | null;
}

export interface RotationVolunteersTable {
  club_id: number;
  member_id: number;
  joined_at: number;
}

export interface SlackInstallationsTable {
  team_id: string;
  enterprise_id: string | null;
  team_name: string | null;
  bot_user_id: string | null;
  installed_by: string | null;
  installed_at: number;
  sealed: string | null;
  uninstalled_at: number | null;
}

export interface SignUpsTable {
  club_id: number;
  meeting_at: number;
  member_id: number;
  signed_up_at: number;
}

export interface SuggestionsTable {
  id: Generated<number>;
  club_id: number;
  paper_id: number;
  member_id: number;
  suggested_at: number;
}

export interface VoteBallotsTable {
  vote_id: number;
  member_id: number;
  idx: number;
  cast_at: number;
}

export interface VoteCandidatesTable {
  vote_id: number;
  idx: number;
  paper_id: number;
  source: string;
}

export interface VotesTable {
  id: Generated<number>;
  club_id: number;
  seq_index: number;
  state: string;
  opened_by: string | null;
  opened_at: number;
  closes_at: number;
  platform: string | null;
  channel: string | null;
  message_id: string | null;
  winner_paper_id: number | null;
  closed_at: number | null;
  planned_id: number | null;
}

export interface WorkspacePaperReadersTable {
  platform: string;
  workspace: string;
  paper_id: number;
  readers: number;
}

export interface ClubLeasesTable {
  club_id: number;
  owner: string;
  until: number;
}

export interface Schema {
  attendance: AttendanceTable;
  calendar_feeds: CalendarFeedsTable;
  club_leases: ClubLeasesTable;
  calendar_tombstones: CalendarTombstonesTable;
  club_admins: ClubAdminsTable;
  club_health: ClubHealthTable;
  club_pages: ClubPagesTable;
  club_papers_held: ClubPapersHeldTable;
  club_read_counts: ClubReadCountsTable;
  club_rotation: ClubRotationTable;
  club_sequence: ClubSequenceTable;
  clubs: ClubsTable;
  legacy_paper_claims: LegacyPaperClaimsTable;
  list_entries: ListEntriesTable;
  lists: ListsTable;
  meeting_events: MeetingEventsTable;
  meeting_links: MeetingLinksTable;
  meeting_posts: MeetingPostsTable;
  meetings: MeetingsTable;
  members: MembersTable;
  notes: NotesTable;
  orphan_meeting_events: OrphanMeetingEventsTable;
  paper_identifiers: PaperIdentifiersTable;
  papers: PapersTable;
  planned_meetings: PlannedMeetingsTable;
  processed_events: ProcessedEventsTable;
  read_marks: ReadMarksTable;
  released_sign_ups: ReleasedSignUpsTable;
  reminders: RemindersTable;
  rotation_asks: RotationAsksTable;
  rotation_volunteers: RotationVolunteersTable;
  sign_ups: SignUpsTable;
  slack_installations: SlackInstallationsTable;
  suggestions: SuggestionsTable;
  vote_ballots: VoteBallotsTable;
  vote_candidates: VoteCandidatesTable;
  votes: VotesTable;
  workspace_paper_readers: WorkspacePaperReadersTable;
}

