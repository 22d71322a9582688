import type { ClubCore } from '../../src/dispatch/club-core.ts';
import { schedulerPort } from '../../src/dispatch/scheduler-port.ts';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';

/**
 * A scheduler over the core, its deliveries connected to the core too: what main.ts wires for each platform
 * (the core sends members' notices and checks channels through them).
 */
export function schedulerOf(core: ClubCore, opts: Omit<SchedulerOptions, 'port'>): Scheduler {
  for (const d of opts.deliveries) core.links.connect(d);
  return new Scheduler({ port: schedulerPort(core), ...opts });
}
