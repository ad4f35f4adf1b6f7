import { afterEach, describe, expect, it, vi } from 'vitest';
import { MicroBatcher, QueueFullError } from '../../../src/serve/micro-batcher.ts';

/** A runner whose batches finish only when the test says so, recording what each batch held. */
function gatedRunner() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  let running = 0;
  let maxRunning = 0;
  const run = async (items: readonly number[]) => {
    batches.push([...items]);
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise<void>((resolve) => gates.push(resolve));
    running--;
    return items.map((item) => item * 10);
  };
  return { run, batches, open: () => gates.shift()?.(), get maxRunning() { return maxRunning; }, get waiting() { return gates.length; } };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The batcher's clock (setTimeout and performance.now) under the test's control: waits of max-wait-ms then
 * take no real time and cannot flake on a loaded machine. setImmediate stays real, for `tick`.
 */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });

describe('MicroBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a batch as soon as max-batch items wait, and resolves each submission with its own results', async () => {
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 3, maxWaitMs: 60_000, maxQueue: 10 });
    batcher.arriving(); // more are on their way, so the short batch waits
    const results = [batcher.submit([1]), batcher.submit([2, 3])];
    await tick();
    expect(runner.batches).toEqual([[1, 2, 3]]);
    runner.open();
    expect(await Promise.all(results)).toEqual([[10], [20, 30]]);
  });

  it('runs a short batch once the first item has waited max-wait-ms for an announced arrival, not before', async () => {
    fakeClock();
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 8, maxWaitMs: 80, maxQueue: 10 });
    const slow = batcher.arriving();
    const started = performance.now();
    const result = batcher.submit([7]);
    await vi.advanceTimersByTimeAsync(30);
    expect(runner.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(49);
    expect(runner.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runner.batches).toEqual([[7]]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(79);
    runner.open();
    expect(await result).toEqual([70]);
    slow.done();
  });

  it('runs a short batch at once when nothing is announced: waiting could not fill it', async () => {
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 8, maxWaitMs: 60_000, maxQueue: 10 });
    const result = batcher.submit([7]);
    await tick();
    expect(runner.batches).toEqual([[7]]);
    runner.open();
    expect(await result).toEqual([70]);
  });

  it('with alwaysWait, a short batch waits max-wait-ms although nothing is announced', async () => {
    fakeClock();
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 8, maxWaitMs: 60, maxQueue: 10, alwaysWait: true });
    const result = batcher.submit([7]);
    await vi.advanceTimersByTimeAsync(20);
    expect(runner.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(40);
    expect(runner.batches).toEqual([[7]]);
    runner.open();
    expect(await result).toEqual([70]);
  });

  it('waits for announced arrivals and runs them in one batch as the last one is submitted', async () => {
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 8, maxWaitMs: 60_000, maxQueue: 10 });
    const first = batcher.arriving();
    const second = batcher.arriving();
    const results = [batcher.submit([1])];
    first.done();
    await tick();
    expect(runner.batches).toEqual([]);
    results.push(batcher.submit([2, 3]));
    second.done();
    second.done(); // a second call changes nothing
    await tick();
    expect(runner.batches).toEqual([[1, 2, 3]]);
    runner.open();
    expect(await Promise.all(results)).toEqual([[10], [20, 30]]);
  });

  it('stops waiting for an arrival that is withdrawn without a submission (its upload was refused)', async () => {
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 8, maxWaitMs: 60_000, maxQueue: 10 });
    const refused = batcher.arriving();
    const result = batcher.submit([4]);
    await tick();
    expect(runner.batches).toEqual([]);
    refused.done();
    await tick();
    expect(runner.batches).toEqual([[4]]);
    runner.open();
    expect(await result).toEqual([40]);
  });

  it('keeps one batch in flight; the next fills meanwhile and runs when it ends, at most max-batch at a time', async () => {
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 2, maxWaitMs: 0, maxQueue: 10 });
    const all = [1, 2, 3, 4, 5].map((item) => batcher.submit([item]));
    await tick();
    expect(runner.batches).toEqual([[1]]);
    expect(batcher.depth).toBe(4);
    runner.open();
    await tick();
    expect(runner.batches).toEqual([[1], [2, 3]]);
    runner.open();
    await tick();
    runner.open();
    await Promise.all(all);
    expect(runner.batches).toEqual([[1], [2, 3], [4, 5]]);
    expect(runner.maxRunning).toBe(1);
  });

  it('refuses a submission that would overfill the queue, all of it, with a Retry-After estimate of at least 1 s', async () => {
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 2, maxWaitMs: 60_000, maxQueue: 3 });
    batcher.arriving();
    const first = batcher.submit([1]);
    const error = await batcher.submit([2, 3, 4]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueFullError);
    expect((error as QueueFullError).depth).toBe(1);
    expect((error as QueueFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(batcher.depth).toBe(1);
    expect(() => batcher.check(2)).not.toThrow();
    expect(() => batcher.check(3)).toThrow(QueueFullError);
    void batcher.drain();
    await tick();
    runner.open();
    expect(await first).toEqual([10]);
  });

  it('drops an aborted submission from the queue before it runs', async () => {
    fakeClock();
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 4, maxWaitMs: 50, maxQueue: 10 });
    batcher.arriving();
    const controller = new AbortController();
    const dropped = batcher.submit([1, 2], controller.signal);
    const kept = batcher.submit([3]);
    controller.abort(new Error('client went away'));
    await expect(dropped).rejects.toThrow('client went away');
    expect(batcher.depth).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(runner.batches).toEqual([[3]]);
    runner.open();
    expect(await kept).toEqual([30]);
  });

  it('rejects only the items of a batch whose run failed; the next batch still runs', async () => {
    let calls = 0;
    const batcher = new MicroBatcher(
      async (items: readonly number[]) => {
        calls++;
        if (calls === 1) throw new Error('session failed');
        return items.map((item) => item + 1);
      },
      { maxBatch: 1, maxWaitMs: 0, maxQueue: 10 },
    );
    const failed = batcher.submit([1]);
    const fine = batcher.submit([2]);
    await expect(failed).rejects.toThrow('session failed');
    expect(await fine).toEqual([3]);
  });

  it('drain runs what is queued without waiting for max-wait-ms and resolves when idle', async () => {
    const runner = gatedRunner();
    const batcher = new MicroBatcher(runner.run, { maxBatch: 8, maxWaitMs: 60_000, maxQueue: 10 });
    batcher.arriving();
    const queued = batcher.submit([4, 5]);
    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    await tick();
    expect(runner.batches).toEqual([[4, 5]]);
    expect(drained).toBe(false);
    runner.open();
    await draining;
    expect(await queued).toEqual([40, 50]);
    expect(batcher.depth).toBe(0);
  });

  it('reports the queue depth and every batch', async () => {
    const depths: number[] = [];
    const batches: number[] = [];
    const batcher = new MicroBatcher(async (items: readonly number[]) => items, {
      maxBatch: 2,
      maxWaitMs: 0,
      maxQueue: 10,
      onDepth: (depth) => depths.push(depth),
      onBatch: (size, seconds) => {
        expect(seconds).toBeGreaterThanOrEqual(0);
        batches.push(size);
      },
    });
    await Promise.all([batcher.submit([1, 2, 3])]);
    expect(batches).toEqual([2, 1]);
    expect(depths[0]).toBe(3);
    expect(depths.at(-1)).toBe(0);
  });
});
