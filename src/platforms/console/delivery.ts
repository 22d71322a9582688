import { decodeAction } from '../../button-actions.ts';
import type { Club, Member } from '../../club/types.ts';
import type { PostContent } from '../../render/weekly-post.ts';
import type { Delivery, PostedMessage } from '../../club/ports.ts';
import type { ReplyButton } from '../../club/button.ts';
import type { VoteContent } from '../../render/vote-post.ts';
import { renderPost, renderVote } from './render.ts';

/** The playground's "platform": posts are printed, and remembered so :react and :click can find them. */
export class ConsoleDelivery implements Delivery {
  readonly platform = 'console' as const;
  private seq: number;
  readonly posts: Array<{ club: Club; post: PostContent; message: PostedMessage }> = [];
  /** Per club, the buttons of the latest post or vote printed: what `:click N` presses after another reply. */
  private readonly lastButtons = new Map<number, ReplyButton[]>();

  /**
   * `usedIds`: message ids already in the database (earlier runs), so new posts never reuse one. `counter`: the last
   * number handed out on an earlier run and where to keep each new one, so votes and other messages the database
   * does not record as meeting posts are never numbered twice either.
   */
  constructor(
    private readonly print: (text: string) => void,
    usedIds: readonly string[] = [],
    private readonly counter?: { last: number; keep(n: number): void },
  ) {
    this.seq = Math.max(0, counter?.last ?? 0, ...usedIds.map((id) => Number(/^m(\d+)$/.exec(id)?.[1] ?? 0)));
  }

  /** The next message id: m1, m2, … across runs on one database. */
  private nextId(): string {
    this.seq++;
    this.counter?.keep(this.seq);
    return `m${this.seq}`;
  }

  async postMeeting(club: Club, post: PostContent): Promise<PostedMessage> {
    const message = { channel: club.channel, messageId: this.nextId() };
    this.posts.push({ club, post, message });
    this.lastButtons.set(club.id, post.buttons);
    this.print(renderPost(post, message.messageId));
    return message;
  }

  async findPost(_club: Club, post: PostContent): Promise<PostedMessage | null> {
    return this.posts.find((p) => p.post.key === post.key)?.message ?? null;
  }

  async remindPresenter(_club: Club, presenter: Member, text: string): Promise<void> {
    this.print(`🔔 (DM to ${presenter.displayName}) ${text}`);
  }

  async notifyClub(club: Club, text: string): Promise<void> {
    this.print(`📣 [${club.name}] ${text}`);
  }

  // Rotation & wrap-up (issue 12)
  /** The buttons of the latest private question per member, for `:click` after `:as <member>`. */
  readonly askButtons = new Map<string, ReplyButton[]>();

  async askPrivately(_club: Club, member: Member, text: string, buttons: ReplyButton[]): Promise<void> {
    this.askButtons.set(member.userId, buttons);
    this.print(`🔔 (DM to ${member.displayName}) ${text}\n${buttons.map((b, i) => `[${i + 1}: ${b.label}]`).join(' ')}  (:as ${member.userId}, then :click N)`);
  }

  async postInThread(club: Club, post: PostedMessage, text: string): Promise<void> {
    this.print(`🧵 [${club.name}, under ${post.messageId}] ${text}`);
  }

  async updatePost(club: Club, post: PostContent, message: PostedMessage): Promise<void> {
    const i = this.posts.findIndex((p) => p.message.messageId === message.messageId);
    if (i >= 0) this.posts[i] = { club, post, message };
    else this.posts.push({ club, post, message });
    // The edited post is the latest thing printed: `:click N` presses its buttons.
    this.lastButtons.set(club.id, post.buttons);
    const started = post.buttons.some((b) => decodeAction(b.action)?.kind === 'attend');
    // Besides the meeting starting, a post is edited when its paper's title or one-liner arrives (a look-up).
    const what = started ? 'the meeting has started' : `${post.title}${post.summary ? ` — ${post.summary}` : ''}`;
    this.print(`(post ${message.messageId} updated — ${what}: ${post.buttons.map((b, n) => `[${n + 1}: ${b.label}]`).join(' ')})`);
  }

  // Votes
  async postVote(club: Club, vote: VoteContent): Promise<PostedMessage> {
    const message = { channel: club.channel, messageId: this.nextId() };
    this.lastButtons.set(club.id, vote.buttons);
    this.print(renderVote(vote, message.messageId, club.timezone));
    return message;
  }

  /** A terminal cannot edit what it printed: the vote is printed again with its counts. */
  async updateVote(club: Club, message: PostedMessage, vote: VoteContent): Promise<void> {
    if (vote.closed) this.lastButtons.delete(club.id);
    this.print(renderVote(vote, message.messageId, club.timezone));
  }

  async closeVote(): Promise<null> {
    return null; // every ballot came through :click, so the core has them all
  }

  /** The buttons `:click N` presses when the last reply had none. */
  buttonsOf(clubId: number): ReplyButton[] {
    return this.lastButtons.get(clubId) ?? this.latest(clubId)?.post.buttons ?? [];
  }

  latest(clubId: number) {
    return [...this.posts].reverse().find((p) => p.club.id === clubId) ?? null;
  }
}
