import type { Clock } from '../../src/clock.ts';
import type { Club, Member } from '../../src/club/types.ts';
import type { Delivery, PostedMessage } from '../../src/club/ports.ts';
import type { PostContent } from '../../src/render/weekly-post.ts';
import type { ReplyButton } from '../../src/club/button.ts';

/** What the chat platform holds; it outlives bot restarts (a new MemoryDelivery is the new process's connection). */
export class MemoryPlatform {
  readonly posts: Array<{ clubId: number; key: string; post: PostContent; message: PostedMessage; at: number }> = [];
  readonly dms: Array<{ clubId: number; userId: string; text: string; at: number }> = [];
  readonly notices: Array<{ clubId: number; text: string; at: number }> = [];
  // Rotation & wrap-up: private questions with buttons, messages under a post, and members whose DMs are closed.
  readonly asks: Array<{ clubId: number; userId: string; text: string; buttons: ReplyButton[]; at: number }> = [];
  readonly threads: Array<{ clubId: number; messageId: string; text: string }> = [];
  readonly dmClosed = new Set<string>();
  readonly edits: Array<{ clubId: number; messageId: string; post: PostContent; at: number }> = [];
  private seq = 0;
  nextId(): string {
    return `m${++this.seq}`;
  }
  postsOf(clubId: number) {
    return this.posts.filter((p) => p.clubId === clubId);
  }
}

type Method = 'postMeeting' | 'findPost' | 'remindPresenter' | 'notifyClub' | 'askPrivately' | 'postInThread' | 'updatePost';
/** transient: this call fails, nothing lands. crash-before: the process dies before the platform gets it.
 *  crash-after: the platform accepts it, then the process dies before hearing back. */
export type FaultMode = 'transient' | 'crash-before' | 'crash-after' | 'hang-before' | 'hang-after';
// hang-before / hang-after: the process stops dead (SIGKILL, a frozen machine) before or after the platform took the
// call: the call never returns, so nothing after it runs, not even the scheduler's clean-up (its leases stay).

/** A test double of the platform's side of Delivery (not of the scheduler), with injectable faults. */
export class MemoryDelivery implements Delivery {
  readonly platform: Club['platform'];
  /** Set once a crash fault fired: every later call fails, as in a dead process; the test then "restarts". */
  dead = false;
  readonly calls: Record<Method, number> = { postMeeting: 0, findPost: 0, remindPresenter: 0, notifyClub: 0, askPrivately: 0, postInThread: 0, updatePost: 0 };
  private readonly faults: Array<{ method: Method; mode: FaultMode }> = [];
  private readonly holds: Array<{ method: Method; reached: () => void; released: Promise<void> }> = [];

  constructor(
    readonly world: MemoryPlatform,
    private readonly clock: Clock,
    platform: Club['platform'] = 'console',
  ) {
    this.platform = platform;
  }

  /** The next call of `method` fails this way. */
  fail(method: Method, mode: FaultMode): void {
    this.faults.push({ method, mode });
  }

  /**
   * The next call of `method` waits (e.g. a slow read of channel history) until `release()`; `reached`
   * resolves once the call is waiting, so a test can act at that moment without sleeping.
   */
  hold(method: Method): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedP = new Promise<void>((r) => (reached = r));
    const released = new Promise<void>((r) => (release = r));
    this.holds.push({ method, reached, released });
    return { reached: reachedP, release };
  }

  private async call<T>(method: Method, land: () => T): Promise<T> {
    this.calls[method]++;
    const h = this.holds.findIndex((x) => x.method === method);
    if (h >= 0) {
      const held = this.holds.splice(h, 1)[0]!;
      held.reached();
      await held.released;
    }
    if (this.dead) throw new Error('process is gone');
    const i = this.faults.findIndex((f) => f.method === method);
    const fault = i >= 0 ? this.faults.splice(i, 1)[0]! : null;
    if (fault?.mode === 'transient') throw new Error(`${method}: 503 from the platform`);
    if (fault?.mode === 'hang-before') return new Promise<T>(() => {});
    if (fault?.mode === 'crash-before') {
      this.dead = true;
      throw new Error('crash before send');
    }
    const result = land();
    if (fault?.mode === 'hang-after') return new Promise<T>(() => {});
    if (fault?.mode === 'crash-after') {
      this.dead = true;
      throw new Error('crash after send');
    }
    return result;
  }

  postMeeting(club: Club, post: PostContent): Promise<PostedMessage> {
    return this.call('postMeeting', () => {
      const message = { channel: club.channel, messageId: this.world.nextId() };
      this.world.posts.push({ clubId: club.id, key: post.key, post, message, at: this.clock().getTime() });
      return message;
    });
  }

  findPost(club: Club, post: PostContent): Promise<PostedMessage | null> {
    return this.call('findPost', () => this.world.posts.find((p) => p.clubId === club.id && p.key === post.key)?.message ?? null);
  }

  remindPresenter(club: Club, presenter: Member, text: string): Promise<void> {
    return this.call('remindPresenter', () => {
      this.world.dms.push({ clubId: club.id, userId: presenter.userId, text, at: this.clock().getTime() });
    });
  }

  notifyClub(club: Club, text: string): Promise<void> {
    return this.call('notifyClub', () => {
      this.world.notices.push({ clubId: club.id, text, at: this.clock().getTime() });
    });
  }

  askPrivately(club: Club, member: Member, text: string, buttons: ReplyButton[]): Promise<void> {
    return this.call('askPrivately', () => {
      if (this.world.dmClosed.has(member.userId)) throw new Error('50007: cannot send messages to this user');
      this.world.asks.push({ clubId: club.id, userId: member.userId, text, buttons, at: this.clock().getTime() });
    });
  }

  updatePost(club: Club, post: PostContent, message: PostedMessage): Promise<void> {
    return this.call('updatePost', () => {
      this.world.edits.push({ clubId: club.id, messageId: message.messageId, post, at: this.clock().getTime() });
    });
  }

  postInThread(club: Club, post: PostedMessage, text: string): Promise<void> {
    return this.call('postInThread', () => {
      this.world.threads.push({ clubId: club.id, messageId: post.messageId, text });
    });
  }
}
