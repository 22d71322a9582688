/** The current time as a Date; injected everywhere so tests (and the playground's `:clock`) can move time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that stands still until moved; for tests and the local playground. */
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
