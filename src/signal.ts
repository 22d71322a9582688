/**
 * One kind of change told to whoever watches it (a club's schedule changed; what members' home pages show changed).
 * main.ts makes each one and connects its watchers, so who hears what is written out in one place.
 */
export class Signal<T> {
  private readonly watchers = new Set<(value: T) => void | Promise<void>>();

  /** Adds a watcher; returns the call that removes it. */
  watch(watcher: (value: T) => void | Promise<void>): () => void {
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  }

  /** Whether anyone watches: the teller skips work done only to be told. */
  get watched(): boolean {
    return this.watchers.size > 0;
  }

  /** Tells every watcher in turn, each awaited; one that fails is reported to `failed` and the rest still hear. */
  async tell(value: T, failed: (err: unknown) => void): Promise<void> {
    for (const watcher of [...this.watchers]) {
      try {
        await watcher(value);
      } catch (err) {
        failed(err);
      }
    }
  }
}
