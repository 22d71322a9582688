/** The current time as a Date; injected everywhere so tests (and the playground's `:clock`) can move time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that stands still until moved; for tests. */
export function manualClock(start: Date | string | number = Date.now()) {
  let now = new Date(start).getTime();
  const clock: Clock & { set(t: Date | string | number): void; advance(ms: number): void } = Object.assign(
    () => new Date(now),
    {
      set(t: Date | string | number) {
        now = new Date(t).getTime();
      },
      advance(ms: number) {
        now += ms;
      },
    },
  );
  return clock;
}

/**
 * Real time plus an offset that only grows: the playground's clock, which `:clock +7d` moves forward. `startOffset`
 * resumes an offset kept from an earlier run.
 */
export function offsetClock(base: Clock = systemClock, startOffset = 0) {
  let offset = Math.max(0, startOffset);
  const clock: Clock & { advance(ms: number): void; offset(): number } = Object.assign(() => new Date(base().getTime() + offset), {
    advance(ms: number) {
      offset += Math.max(0, ms);
    },
    offset: () => offset,
  });
  return clock;
}
