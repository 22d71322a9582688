/**
 * `items.map(fn)` for an async `fn`, one item at a time and in order: what the sync code did. Store calls on one
 * transaction's handle run one after another anyway, and writes keep their order.
 */
export async function mapInOrder<T, U>(items: Iterable<T>, fn: (item: T, index: number) => Promise<U>): Promise<U[]> {
  const out: U[] = [];
  let i = 0;
  for (const item of items) out.push(await fn(item, i++));
  return out;
}

/** `items.filter(fn)` for an async predicate, one item at a time and in order. */
export async function filterInOrder<T>(items: Iterable<T>, keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const out: T[] = [];
  for (const item of items) if (await keep(item)) out.push(item);
  return out;
}
