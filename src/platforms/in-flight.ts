/**
 * Work a platform event started (a command, a click, a reaction) and not finished yet: on SIGTERM the bot lets it
 * finish before it disconnects (main.ts drains within 10 s), so a member's command is answered, not cut off.
 */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();

  /** Remembers `p` until it settles; returns it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.work.add(p);
    void p.then(
      () => this.work.delete(p),
      () => this.work.delete(p),
    );
    return p;
  }

  /** How many are under way. */
  get size(): number {
    return this.work.size;
  }

  /** Resolves once nothing is under way (work started meanwhile is waited for too). */
  async settled(): Promise<void> {
    while (this.work.size) await Promise.allSettled([...this.work]);
  }
}
