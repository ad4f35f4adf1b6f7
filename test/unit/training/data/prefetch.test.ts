import { describe, expect, it } from 'vitest';
import { prefetched } from '../../../../src/training/data/prefetch.ts';

/** A loader whose loads finish only when the test says, recording which are in flight. */
function manualLoader() {
  const pending = new Map<number, { resolve: (value: number) => void; reject: (error: Error) => void }>();
  const started: number[] = [];
  const load = (index: number) =>
    new Promise<number>((resolve, reject) => {
      started.push(index);
      pending.set(index, { resolve, reject });
    });
  const settle = (index: number, error?: Error) => {
    const entry = pending.get(index)!;
    pending.delete(index);
    if (error) entry.reject(error);
    else entry.resolve(index * 10);
  };
  return { load, started, pending, settle };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('prefetched', () => {
  it('keeps `depth` loads in flight while the consumer holds an item', async () => {
    const loader = manualLoader();
    const items = prefetched(loader.load, 5, Infinity, 3);
    const first = items.next();
    await tick();
    expect(loader.started).toEqual([5, 6, 7]);
    loader.settle(5);
    expect(await first).toEqual({ value: 50, done: false });
    // While item 5 is being used, 6, 7 and 8 are loading.
    expect([...loader.pending.keys()]).toEqual([6, 7, 8]);
    await items.return(undefined);
  });

  it('yields in index order whatever order loads finish in, and stops at `end`', async () => {
    const loader = manualLoader();
    const items = prefetched(loader.load, 0, 3, 2);
    const collected = (async () => {
      const values: number[] = [];
      for await (const value of items) values.push(value);
      return values;
    })();
    await tick();
    loader.settle(1);
    loader.settle(0);
    await tick();
    loader.settle(2);
    expect(await collected).toEqual([0, 10, 20]);
    expect(loader.started).toEqual([0, 1, 2]);
  });

  it('a failed load surfaces at its turn, and one the consumer never reaches is not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const loader = manualLoader();
      const items = prefetched(loader.load, 0, Infinity, 2);
      const first = items.next();
      await tick();
      loader.settle(1, new Error('load 1 failed'));
      loader.settle(0);
      expect((await first).value).toBe(0);
      await expect(items.next()).rejects.toThrow('load 1 failed');

      const other = manualLoader();
      const stopped = prefetched(other.load, 0, Infinity, 2);
      const head = stopped.next();
      await tick();
      other.settle(0);
      await head;
      await stopped.return(undefined);
      other.settle(1, new Error('nobody listens'));
      await tick();
      await tick();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
