import type { Clock } from '../clock.ts';
import type { ClubDefaults } from '../club/admin-actions.ts';
import type { Club, Member, Where } from '../club/types.ts';
import type { Db } from '../store/db.ts';
import type { PaperLookups } from '../catalog/metadata/lookups.ts';
import type { Reply } from '../render/reply.ts';

export type { PostUpdate, Reply, ReplyButton, ReplyField } from '../render/reply.ts';

/** Option value types every platform can express. */
/**
 * 'attachment' arrives in handlers as { name, content } (the adapter fetches the file's text); 'voice-channel' as
 * a ChannelArg (Discord's channel picker, voice and stage channels only; text UIs cannot name one).
 */
export type OptionType = 'string' | 'integer' | 'boolean' | 'member' | 'attachment' | 'voice-channel';

/** Where an option's autocomplete suggestions come from (see ClubCore.suggest). */
export type SuggestionSource = 'paper' | 'list' | 'week' | 'my-week' | 'my-suggestion' | 'timezone';

/**
 * What a text value must look like, checked before any handler runs (see validate-args.ts): `emoji` a unicode or
 * custom emoji, `timezone` an IANA region zone, `week` a meeting (its number or date) or a paper, `paper` a paper or
 * a meeting whose paper is meant, `date` a date, `cron` five cron fields, `slug` a list's short name. Meetings, dates
 * and papers follow one grammar everywhere (arguments.ts); handlers get them in canonical form.
 */
export type ValueKind = 'emoji' | 'timezone' | 'week' | 'paper' | 'date' | 'cron' | 'slug';

/** One option of a command, in the terms Discord, Slack and the console all understand. */
export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  autocomplete?: SuggestionSource;
  choices?: Array<{ name: string; value: string }>;
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
  /** The form a string value must have (checked by the dispatcher). */
  kind?: ValueKind;
  /** Free text that may run long (a note): platforms may collect it in a modal / multi-line field. */
  long?: boolean;
  /** In text UIs, how many words an unquoted value spans (a cron expression is 5). */
  words?: number;
  /** Takes the rest of the line in text-based UIs (Slack, console): `/note lora this is my note`. */
  rest?: boolean;
  /**
   * Text UIs, a paper followed by a rest-of-line option, both unquoted (`/note toy models of superposition so
   * good`): the longest title the words start with is this option's value, the words after it the rest
   * (arguments.ts). The parser passes the words on as typed, under the internal argument `unquoted`.
   */
  titleFirst?: boolean;
  /** What usage lines show for the value instead of the option's name: `meeting|date|paper`, `count`. */
  shown?: string;
  /**
   * Only a UI with pickers (Discord's channel picker) can fill it or has a use for it: text UIs neither parse nor
   * show it. Implied for 'voice-channel' options.
   */
  pickerOnly?: boolean;
}

/** The options a text UI (Slack, console) parses and shows: all but those only a picker can fill. */
export function textOptions(cmd: Pick<Command, 'options'>): OptionSpec[] {
  return cmd.options.filter((o) => !o.pickerOnly && o.type !== 'voice-channel');
}

export type ArgValue = string | number | boolean | MemberArg | ChannelArg | PaperRef | { name: string; content: string };
/** A paper by its catalog id, as the core's own buttons name it (never typed: `#5` typed is meeting 5). */
export interface PaperRef {
  paperId: number;
}
/** A voice or stage channel picked in an option (Discord). */
export interface ChannelArg {
  channelId: string;
  kind: 'voice' | 'stage';
}
/** A member named in an option: platform user id plus the name to show. */
export interface MemberArg {
  userId: string;
  displayName: string;
}
export type Args = Record<string, ArgValue | undefined>;

/** Everything a handler may use: no platform types, a clock it must use instead of Date.now(). */
export interface CommandContext {
  db: Db;
  /** What /club setup uses when not told. */
  defaults: ClubDefaults;
  /** The member record of a person named in an option (created on first mention). */
  memberOf(user: MemberArg): Promise<Member>;
  where: Where;
  /** The club of this channel, or null when none is set up yet. */
  club: Club | null;
  member: Member;
  /** Platform admin (Manage Server / workspace admin) or a club admin; adapters compute the platform half. */
  isAdmin: boolean;
  clock: Clock;
  /** Public base URL of the calendar feeds (PAPERCLUB_PUBLIC_URL), or null when the operator serves none. */
  calendarFeedUrl: string | null;
  /** Paper metadata look-ups (titles, authors, one-liners); absent or NO_LOOKUPS when off. */
  lookups?: PaperLookups;
}

/** A command: data that adapters register, plus a handler over the neutral context. */
export interface Command {
  /** Group for subcommands (`paper` in `/paper now`), or null for a top-level command. */
  group: string | null;
  name: string;
  description: string;
  options: OptionSpec[];
  /** Arguments the core itself passes (never registered with a platform), e.g. /read's `via` from a button. */
  internalArgs?: string[];
  /** Text UIs also take `name value` for an option, beside `name:value` (`/club settings presenters 2`). */
  namesBeforeValues?: boolean;
  /** Only admins may run it; checked in the core dispatcher, not only by the platform. */
  admin?: boolean;
  /** Needs a club set up in this channel. */
  needsClub?: boolean;
  /** Changes when the club posts (schedule, pause, setup, removal): the scheduler is told after it runs. */
  affectsSchedule?: boolean;
  /** Chooses or times the club's channel (setup, schedule): the core then checks the bot can post there. */
  checksChannel?: boolean;
  /** Can change which paper or date upcoming meetings have: presenters whose talk changed are told (dispatcher). */
  affectsPlan?: boolean;
  /**
   * What it changes of members' home pages (Slack App Home): 'member' the caller's own (read marks, notes),
   * 'everyone' what every member of the workspace sees (presenters, papers, dates); 'nothing'. Admin commands
   * default to 'everyone', others to 'nothing'.
   */
  changesHome?: 'member' | 'everyone' | 'nothing';
  /** Shows a meeting's platform event: the core fetches the club's fresh interested counts before it runs. */
  refreshesEvents?: boolean;
  handle(ctx: CommandContext, args: Args): Reply | Promise<Reply>;
}

/** Full path as users type it: 'paper now', 'signup'. */
export function commandPath(c: Pick<Command, 'group' | 'name'>): string {
  return c.group ? `${c.group} ${c.name}` : c.name;
}
