import type { ClubCore } from '../../dispatch/club-core.ts';
import type { Club } from '../../club/types.ts';
import { ConsoleDelivery } from './delivery.ts';
import { PLAYGROUND_WHERE, Playground } from './playground.ts';

/**
 * The local playground adapter: a demo club in #paper-club (set up on first run), posts printed to the terminal.
 * `runDue` and `advanceClock` come from main's wiring so the playground shares the scheduler with the platforms.
 */
export async function startPlayground(opts: {
  core: ClubCore;
  print?: (text: string) => void;
  runDue: () => Promise<void>;
  advanceClock?: (ms: number) => void;
}) {
  const print = opts.print ?? ((t: string) => process.stdout.write(t + '\n'));
  const { core } = opts;
  // Ids continue from earlier runs on this database: a reused 'm1' would point reactions at an old post.
  const delivery = new ConsoleDelivery(print, core.recordedMessageIds('console'));
  if (!core.clubFor(PLAYGROUND_WHERE)) {
    const r = await core.execute({
      where: PLAYGROUND_WHERE,
      user: { userId: 'you', displayName: 'you', isPlatformAdmin: true },
      command: 'club setup',
      args: {},
    });
    if (r.error) print(`Could not set up the demo club: ${r.text}`);
  }
  // ':post' posts the next paper now, through the same two-step record as the scheduler.
  const postNow = async (club: Club) => {
    const slot = Math.floor(core.clock().getTime() / 60_000) * 60_000;
    const begun = core.beginPost(club.id, slot);
    if (!begun) {
      print(club.paused ? 'The club is paused: /club resume first.' : 'Nothing to post (already posted this minute, or the sequence is finished).');
      return;
    }
    const message = await delivery.postMeeting(club, begun.post);
    core.completePost(club.id, slot, message);
  };
  const playground = new Playground({ core, delivery, runDue: opts.runDue, advanceClock: opts.advanceClock, postNow, print });
  return { playground, delivery };
}
