import type { Delivery } from '../club/ports.ts';
import type { MeetingEventPort } from '../club/meeting-events.ts';
import type { Platform } from '../club/types.ts';

/**
 * The core's way out to each platform: its delivery (posts, members' notices, channel checks) and its meeting events
 * (Discord scheduled events). main.ts makes one, gives it to the core, and connects each platform as its adapter comes
 * up (a late one after a retry too); the core only reads it.
 */
export class PlatformLinks {
  private readonly deliveries = new Map<Platform, Delivery>();
  private readonly events = new Map<Platform, MeetingEventPort>();

  constructor(deliveries: Iterable<Delivery> = []) {
    for (const d of deliveries) this.connect(d);
  }

  connect(delivery: Delivery): void {
    this.deliveries.set(delivery.platform, delivery);
  }

  connectMeetingEvents(platform: Platform, port: MeetingEventPort): void {
    this.events.set(platform, port);
  }

  delivery(platform: Platform): Delivery | undefined {
    return this.deliveries.get(platform);
  }

  meetingEvents(platform: Platform): MeetingEventPort | undefined {
    return this.events.get(platform);
  }
}
