import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ClubCore, UserRef } from '../../dispatch/club-core.ts';
import type { Club, Where } from '../../club/types.ts';
import type { Reply, ReplyButton } from '../../commands/types.ts';
import type { ConsoleDelivery } from './delivery.ts';
import { renderReply } from './render.ts';

/** What the playground needs besides the core: its delivery, a way to run due work, and to move its clock. */
export interface PlaygroundDeps {
  core: ClubCore;
  delivery: ConsoleDelivery;
  /** Runs whatever is due (posts, reminders) at the core's clock time. */
  runDue: () => Promise<void>;
  /** Moves the clock forward by ms (manual clock), or undefined when the clock is real. */
  advanceClock?: (ms: number) => void;
  /** Posts the club's next paper now. */
  postNow: (club: Club) => Promise<void>;
  print: (text: string) => void;
  /** Writes a reply's file (the calendar, an export) where the user can open it; returns its path. */
  saveFile?: (name: string, content: string) => Promise<string>;
  /** Lines the banner adds (the clock resumed from an earlier run, where log lines go). */
  startNotes?: string[];
}

export const PLAYGROUND_WHERE: Where = { platform: 'console', workspace: 'local', channel: 'demo', channelName: 'paper-club' };

/**
 * The person at the keyboard: the club's host, an admin. Replies speak of members in the third person ("alice will
 * present", "Bob signed you up"), so the name is no pronoun: 'you' read "you signed you up" and "you's". The user id
 * stays 'you', so databases of earlier runs keep their member (and `:as you` still comes back).
 */
export const PLAYGROUND_HOST: UserRef = { userId: 'you', displayName: 'host', isPlatformAdmin: true };

const HELP = `Type slash commands as on Discord/Slack (/paper now, /signup, /read, /note lora "text", /progress, /club setup …; 'help' lists them).
Playground commands:
  :as NAME [admin]   switch member (you start as 'host', an admin; :as host comes back)
  :post              make the weekly post now
  :react [EMOJI]     react on the latest post (default: the club's read emoji); :unreact [EMOJI] removes it
  :click N           press button N of the last reply, a DM to you (rotation), the latest post or vote
  :clock +7d         move the clock forward (m, h, d, w; at most 400d) and run what falls due; :clock shows the time
  :quit              leave`;

/** The longest single `:clock` jump: a year and a bit, which every schedule and reminder fits in. */
const MAX_CLOCK_JUMP_MS = 400 * 86_400_000;
/** `:clock` steps through a jump this much at a time so every slot and reminder fires at its own time. */
const CLOCK_STEP_MS = 15 * 60_000;

function parseDuration(text: string): number | null {
  const m = /^\+?(\d+)\s*([mhdw])$/.exec(text.trim());
  if (!m) return null;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

/** The local chat: a real adapter over the core, reading lines from a terminal or a pipe. */
export class Playground {
  private user: UserRef = PLAYGROUND_HOST;
  private lastButtons: ReplyButton[] = [];
  private stopped = false;
  /** Replies still to be edited (a paper's title arrived after the answer): printed again when it does. */
  private readonly edits = new Set<Promise<void>>();

  constructor(private readonly deps: PlaygroundDeps) {}

  get where(): Where {
    return PLAYGROUND_WHERE;
  }

  async banner(): Promise<string> {
    const club = await this.deps.core.clubFor(PLAYGROUND_WHERE);
    return [
      `paperclub playground — you are 'host' (admin) in #${PLAYGROUND_WHERE.channelName}${club ? `, following ${club.sequenceSlug}` : ''}.`,
      `Clock: ${this.deps.core.clock().toISOString()}. Try /paper now, /paper upcoming, /signup, :post, :react, /progress. :help for more.`,
      ...(this.deps.startNotes ?? []),
    ].join('\n');
  }

  private async show(reply: Reply): Promise<void> {
    this.lastButtons = reply.buttons ?? [];
    this.deps.print(renderReply(reply));
    // A terminal cannot edit a line it printed: the edited reply is printed again, marked as such.
    if (reply.later) {
      const edit = reply.later
        .then((next) => {
          if (next) this.deps.print(`(edited) ${renderReply(next)}`);
        })
        .finally(() => this.edits.delete(edit));
      this.edits.add(edit);
    }
    // A terminal has no attachments: the file is written next to the user (the calendar to import, an export).
    if (reply.file && this.deps.saveFile) {
      try {
        this.deps.print(`Saved to ${await this.deps.saveFile(reply.file.name, reply.file.content)}`);
      } catch (err) {
        this.deps.print(`⚠ Could not save ${reply.file.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // A terminal cannot edit what it printed, so a changed post is shown again in short.
    for (const m of reply.postUpdate?.messages.filter((x) => x.platform === 'console') ?? []) {
      const post = reply.postUpdate!.post;
      const names = post.presenters.map((p) => p.displayName).join(', ');
      this.deps.print(`(post ${m.messageId} updated — ${post.skipped ? 'this meeting is skipped' : `presenting: ${names || 'nobody yet'}`})`);
    }
  }

  /** Stops the playground (SIGINT/SIGTERM): a running `:clock` ends at its next step and no further line is read. */
  stop(): void {
    this.stopped = true;
  }

  /** Handles one input line; returns false when the user asked to quit. */
  async handle(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return true;
    const { core, print } = this.deps;
    if (!line.startsWith(':')) {
      const reply = await core.executeLine({ where: PLAYGROUND_WHERE, user: this.user, line, loadAttachment: (ref) => this.loadFile(ref) });
      await this.show(reply);
      return true;
    }
    const [cmd, ...rest] = line.slice(1).split(/\s+/);
    const arg = rest.join(' ');
    const club = await core.clubFor(PLAYGROUND_WHERE);
    switch (cmd) {
      case 'help':
        print(HELP);
        break;
      case 'quit':
      case 'exit':
        return false;
      case 'as': {
        const [name, admin] = rest;
        if (!name || !/^[\w.-]{1,32}$/.test(name)) {
          print('Usage: :as NAME [admin]');
          break;
        }
        this.user = name === 'host' || name === 'you' ? PLAYGROUND_HOST : { userId: name, displayName: name, isPlatformAdmin: admin === 'admin' };
        this.lastButtons = []; // another member's buttons are not theirs to press

        print(`You are now ${this.user.displayName}${this.user.isPlatformAdmin ? ' (admin)' : ''}.`);
        break;
      }
      case 'post':
        if (!club) print('No club here yet: /club setup first.');
        else await this.deps.postNow(club);
        break;
      case 'react':
      case 'unreact': {
        // After a restart the post is no longer on screen but still in the database.
        const latest = club ? (this.deps.delivery.latest(club.id)?.message ?? (await core.latestPost(club.id, 'console'))) : null;
        if (!club || !latest) {
          print('There is no post to react to yet. Try :post.');
          break;
        }
        const res = await core.reaction({
                  platform: 'console',
                  workspace: PLAYGROUND_WHERE.workspace,
                  channel: latest.channel,
                  messageId: latest.messageId,
                  user: this.user,
                  emoji: arg || club.readEmoji,
                  added: cmd === 'react',
                });
        print(`${this.user.displayName} ${cmd === 'react' ? 'reacted' : 'removed'} ${arg || club.readEmoji} on ${latest.messageId}: ${res.reason}.`);
        break;
      }
      case 'click': {
        // The last reply's buttons, else a private question (rotation DM) to this member, else the post's or vote's.
        const dm = this.deps.delivery.askButtons.get(this.user.userId);
        const printed = club ? this.deps.delivery.buttonsOf(club.id) : [];
        // After a restart nothing printed is remembered: the latest post's buttons as it reads now, from the database.
        const pool = this.lastButtons.length
          ? this.lastButtons
          : dm?.length
            ? dm
            : printed.length
              ? printed
              : club
                ? ((await core.latestPostContent(club.id, 'console'))?.post.buttons ?? [])
                : [];
        const b = pool[Number(arg) - 1];
        if (!b) {
          print('No such button. Buttons are numbered on the last reply or post.');
          break;
        }
        if (dm?.includes(b)) this.deps.delivery.askButtons.delete(this.user.userId);
        await this.show(await core.runAction({ where: PLAYGROUND_WHERE, user: this.user, action: b.action }));
        break;
      }
      case 'clock': {
        if (!arg) {
          print(`Clock: ${core.clock().toISOString()}`);
          break;
        }
        const ms = parseDuration(arg);
        if (ms === null || !this.deps.advanceClock) {
          print(this.deps.advanceClock ? 'Usage: :clock +7d (m, h, d, w)' : 'The clock is real time here.');
          break;
        }
        if (ms > MAX_CLOCK_JUMP_MS) {
          print(`:clock moves at most 400 days at a time (+400d); repeat it to go further.`);
          break;
        }
        // Step through the jump so every slot and reminder on the way fires at its own time. Each step yields to the
        // event loop, so a signal (Ctrl-C, SIGTERM) is handled at once instead of after the whole jump.
        for (let moved = 0; moved < ms && !this.stopped; moved += CLOCK_STEP_MS) {
          this.deps.advanceClock(Math.min(CLOCK_STEP_MS, ms - moved));
          await this.deps.runDue();
          await new Promise((resolve) => setImmediate(resolve));
        }
        print(`Clock: ${core.clock().toISOString()}${this.stopped ? ' (stopped)' : ''}`);
        break;
      }
      default:
        print(`Unknown playground command :${cmd}. :help lists them.`);
    }
    return true;
  }

  private async loadFile(ref: string): Promise<{ name: string; content: string }> {
    return { name: ref, content: await readFile(ref, 'utf8') };
  }

  /**
   * Reads lines until end of input or :quit. Works with a TTY and with a pipe. On a TTY, readline edits the line
   * itself (raw mode): the terminal's own line editing (canonical mode) keeps at most 4,095 bytes a line
   * (N_TTY_BUF_SIZE in Linux's n_tty) and drops the rest, which cut long notes typed or pasted in.
   */
  async run(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
    const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
    const rl = interactive ? createInterface({ input, output, terminal: true, prompt: '> ', historySize: 100 }) : createInterface({ input, terminal: false });
    if (interactive) {
      // Raw mode turns Ctrl-C into a key readline reports, not a signal: pass it on, so it still stops the playground
      // (also in the middle of a long :clock jump).
      rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
      rl.prompt();
    }
    for await (const line of rl) {
      if (this.stopped) break;
      if (!interactive && line.trim()) this.deps.print(`> ${line}`);
      const keepGoing = await this.handle(line);
      if (!keepGoing || this.stopped) break;
      if (interactive) rl.prompt();
    }
    rl.close();
    await this.editsPrinted();
  }

  /** Waits (at most `ms`) for replies that will still be edited, so a piped session shows them before it ends. */
  async editsPrinted(ms = 15_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([Promise.allSettled([...this.edits]), late]);
    clearTimeout(timer);
  }
}
