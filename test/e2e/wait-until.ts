/**
 * How long a test waits for a positive signal before failing. Generous because the 2 shared cores are sometimes
 * loaded (a CI run took 806 s where a quiet one takes 300 s, and a 3 s wait failed there); a signal that arrives
 * returns at once, so the cap costs nothing when the test passes.
 */
export const WAIT_MS = 20_000;

/** Polls `check` until it returns a value (the positive signal a test waits for), or fails naming `what`. */
export async function waitUntil<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
