import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { ClubCore } from '../../dispatch/club-core.ts';
import type { Club } from '../../club/types.ts';
import type { KeptValues } from '../../store/kept-values.ts';
import { ConsoleDelivery } from './delivery.ts';

/** The last message number the playground gave (m1, m2, …), kept in the database (kept_values). */
const MESSAGE_SEQ_KEY = 'playground.message-seq';
import { PLAYGROUND_HOST, PLAYGROUND_WHERE, Playground } from './playground.ts';

/**
 * The local playground adapter: a demo club in #paper-club (set up on first run), posts printed to the terminal.
 * `runDue` and `advanceClock` come from main's wiring so the playground shares the scheduler with the platforms.
 */
export async function startPlayground(opts: {
  core: ClubCore;
  print?: (text: string) => void;
  runDue: () => Promise<void>;
  advanceClock?: (ms: number) => void;
  /** Where reply files (calendar, export) are written: the current directory unless told. */
  fileDir?: string;
  /** What the playground keeps in its database across restarts (message numbers). */
  kept?: KeptValues;
  /** Said once in the banner: the clock resumed from an earlier run, where the log lines go. */
  startNotes?: string[];
}) {
  const print = opts.print ?? ((t: string) => process.stdout.write(t + '\n'));
  const { core, kept } = opts;
  // Ids continue from earlier runs on this database: a reused 'm1' would point reactions and :click at an old post.
  const counter = kept && { last: Number((await kept.get(MESSAGE_SEQ_KEY)) ?? 0) || 0, keep: (n: number) => void kept.set(MESSAGE_SEQ_KEY, String(n)) };
  const delivery = new ConsoleDelivery(print, (await core.recordedMessageIds('console')), counter);
  if (!(await core.clubFor(PLAYGROUND_WHERE))) {
    const r = await core.execute({
      where: PLAYGROUND_WHERE,
      user: PLAYGROUND_HOST,
      command: 'club setup',
      args: {},
    });
    if (r.error) print(`Could not set up the demo club: ${r.text}`);
  }
  // With the HTTP server on (PAPERCLUB_HTTP_PORT), the demo club's page is on too, and main prints its URL.
  let pageUrl: string | null = null;
  const demo = await core.clubFor(PLAYGROUND_WHERE);
  if (core.calendarFeedUrl && demo) {
    const r = await core.execute({ where: PLAYGROUND_WHERE, user: PLAYGROUND_HOST, command: 'club page', args: { mode: 'on' } });
    pageUrl = r.error ? null : await core.pageLink(demo.id);
  }
  // ':post' sends the next scheduled announcement early, as an admin's "post now" would: the next meeting not
  // announced yet, through the same two-step record as the scheduler (which then finds it done).
  const postNow = async (club: Club) => {
    if (club.paused) return print('The club is paused: /club resume first.');
    const next = await core.nextAnnouncement(club);
    if (!next) return print('Nothing to announce: no paper is left on the list. /club pick one, or /club setup <list> confirm:yes.');
    const begun = await core.beginPost(club.id, next.slotAt);
    if (!begun) return print('That meeting was just announced.');
    const message = await delivery.postMeeting(club, begun.post);
    await core.completePost(club.id, next.slotAt, message);
  };
  const saveFile = async (name: string, content: string) => {
    // The name comes from the core (a slug or a fixed pattern); basename keeps it inside the directory regardless.
    const path = resolve(opts.fileDir ?? process.cwd(), basename(name));
    await writeFile(path, content, 'utf8');
    return path;
  };
  const playground = new Playground({ core, delivery, runDue: opts.runDue, advanceClock: opts.advanceClock, postNow, print, saveFile, startNotes: opts.startNotes });
  return { playground, delivery, pageUrl };
}
