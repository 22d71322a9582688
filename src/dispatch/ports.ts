import type { Platform, Where } from '../club/types.ts';
import type { Args, Command, Reply, SuggestionSource } from '../commands/types.ts';

/**
 * The core as its callers see it, one port per kind of caller: the command pipeline (slash commands, typed lines,
 * buttons, autocomplete) and reactions, which the platform adapters drive. The scheduler's is scheduler-port.ts.
 * ClubCore implements both; an adapter names the port it uses, not ClubCore.
 */

/** A person as the platform names them; `isPlatformAdmin` is the platform's half of the admin check. */
export interface UserRef {
  userId: string;
  displayName: string;
  isPlatformAdmin?: boolean;
}

/**
 * Commands in, replies out. Every entry runs the same guards before a handler: read marks waiting are written first,
 * the admin check, each argument checked against the command's options, the club's own channel for a button. None
 * throws: an expected failure is a private error reply, anything else is logged and answered with a generic one.
 */
export interface CommandPipeline {
  /** Every command: its data (name, options) and handler; adapters register them with their platform from this. */
  readonly commands: readonly Command[];
  /** The command at a path ('paper now', 'signup'), if any. */
  command(path: string): Command | undefined;
  /**
   * Whether this process takes an interaction the platform may have sent to several processes (every session of a
   * Discord shard gets it): true once per id across every process on the database.
   */
  takeInteraction(platform: Platform, interactionId: string): Promise<boolean>;
  /** Runs a command by path with its arguments (typed values or text). */
  execute(req: { where: Where; user: UserRef; command: string; args: Args; /** Typed in a text UI (executeLine). */ textUi?: boolean }): Promise<Reply>;
  /** Text UIs: parses '/paper now', 'signup 12', 'note lora "text"' and runs it. */
  executeLine(req: {
    where: Where;
    user: UserRef;
    line: string;
    /** Text UIs name files by reference; the adapter fetches their text (the console reads a local path). */
    loadAttachment?: (ref: string) => Promise<{ name: string; content: string }>;
  }): Promise<Reply>;
  /** Button clicks, in the text form of src/button-actions.ts. */
  runAction(req: { where: Where; user: UserRef; action: string }): Promise<Reply>;
  /** Autocomplete choices (at most 25). */
  suggest(req: { where: Where; user: UserRef; source: SuggestionSource; query: string }): Promise<Array<{ name: string; value: string }>>;
}

/** A reaction added or removed on a message; `eventId` makes re-sent platform events apply once. */
export interface ReactionEvent {
  platform: Platform;
  workspace: string;
  channel: string;
  messageId: string;
  user: UserRef;
  emoji: string;
  added: boolean;
  eventId?: string;
}

/** Reactions in: the club's read emoji on a meeting's post marks its paper read, its removal un-marks. Never throws. */
export interface Reactions {
  /** Applies the reaction; `reason` says why it did not count ('not a meeting post', 'other emoji', 'duplicate event'). */
  reaction(req: ReactionEvent): Promise<{ applied: boolean; reason: string }>;
  /** Whether a reaction would count, so adapters can skip unrelated ones before any API call. */
  isReadReaction(req: { platform: Platform; channel: string; messageId: string; emoji: string }): Promise<boolean>;
}
