import type { Member } from '../club/types.ts';
import type { ReplyButton } from '../club/button.ts';
import type { PostUpdateFacts } from '../club/posting.ts';
import { renderWeeklyPost, type PostContent } from './weekly-post.ts';

export type { ReplyButton } from '../club/button.ts';

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

/** A platform-neutral reply. Text is light markdown (**bold**, _italic_, [text](url), `- ` lists). */
export interface Reply {
  /** Only the caller sees it (errors and personal data are private). */
  private: boolean;
  title?: string;
  url?: string;
  text: string;
  fields?: ReplyField[];
  buttons?: ReplyButton[];
  /** Set when the reply is a failure the user can fix; adapters may style it. */
  error?: boolean;
  /** A file to attach (e.g. /club export). */
  file?: { name: string; content: string };
  /** Further pages exist; adapters that page long output show this hint. */
  more?: string;
  /** The meeting's already-published post changed (a presenter signed up): adapters edit these messages in place. */
  postUpdate?: PostUpdate;
  /**
   * Private words to members the command affected (a presenter whose date or paper changed). The dispatcher sends
   * them (DM, channel fallback) and strips them before the reply reaches an adapter.
   */
  notices?: Array<{ member: Member; text: string }>;
  /** A vote the command opened or closes: the dispatcher publishes or settles it on the platform (see club/vote-flow.ts). */
  vote?: { id: number; step: 'open' | 'close' };
  /**
   * A public message for the club (a meeting's new links), sent by the dispatcher and stripped before the reply reaches
   * an adapter: under the post of the meeting at `meetingAt` (its thread) when it has one, else in the channel.
   */
  announce?: { text: string; meetingAt?: number };
  /** Open a form instead of answering (a button's "Add slides / recording"): Discord modal, Slack modal. */
  form?: FormSpec;
  /**
   * The same reply again once the papers it names are known better (a look-up answered after the command did):
   * adapters edit their answer in place when it resolves to a reply; null when nothing changed. Never rejects.
   */
  later?: Promise<Reply | null>;
}

/** A small form whose submit runs `command` with `args` plus each field's value under the field's name. */
export interface FormSpec {
  title: string;
  command: string;
  args: Record<string, string | number>;
  fields: Array<{ name: string; label: string; required?: boolean; maxLength?: number; placeholder?: string }>;
}

/** New content for a published weekly post, and where it was published. */
export interface PostUpdate {
  post: PostContent;
  messages: Array<{ platform: string; channel: string; messageId: string }>;
}

/** A published post's update worded (undefined stays undefined: nothing to edit). */
export function renderPostUpdate(update: PostUpdateFacts | undefined): PostUpdate | undefined {
  return update && { post: renderWeeklyPost(update.facts), messages: update.messages };
}
