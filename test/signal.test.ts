import { describe, expect, it } from 'vitest';
import { Signal } from '../src/signal.ts';

describe('Signal', () => {
  it('GIVEN two watchers THEN each hears every change in turn, the first awaited before the second', async () => {
    const signal = new Signal<number>();
    const heard: string[] = [];
    signal.watch(async (n) => {
      await new Promise((r) => setTimeout(r, 5));
      heard.push(`a${n}`);
    });
    signal.watch((n) => void heard.push(`b${n}`));
    await signal.tell(1, () => {});
    await signal.tell(2, () => {});
    expect(heard).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('GIVEN a watcher that throws THEN the failure is reported and the others still hear', async () => {
    const signal = new Signal<string>();
    const heard: string[] = [];
    const failures: unknown[] = [];
    signal.watch(() => {
      throw new Error('boom');
    });
    signal.watch((v) => void heard.push(v));
    await signal.tell('x', (err) => failures.push(err));
    expect(heard).toEqual(['x']);
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('boom');
  });

  it('GIVEN a watcher removed THEN it hears nothing more, and `watched` says whether anyone is left', async () => {
    const signal = new Signal<number>();
    expect(signal.watched).toBe(false);
    const heard: number[] = [];
    const stop = signal.watch((n) => void heard.push(n));
    expect(signal.watched).toBe(true);
    await signal.tell(1, () => {});
    stop();
    await signal.tell(2, () => {});
    expect(heard).toEqual([1]);
    expect(signal.watched).toBe(false);
  });
});
